"""``FeatureImportance``: feature attributions of a table row, or feature importances over a dataset.

Local (``mode="local"``): one or several attribution results of the same row (``Attribution`` / ``Comparison``
with ``layout="table"``, or their dicts): signed bars per feature with the feature values, or a waterfall from the
base value to the prediction (methods that have ``base_values``); a method switch, a class switch and a grid view
with every method side by side.

Global (``mode="global"``): a ``GlobalExplanation``: the bar of importances (with their spread) and, where the
method explains every row (TreeSHAP, gradients), a beeswarm: one dot per row and feature at its attribution,
coloured by the feature's value; hovering a dot shows the row. The per-row values and feature values cross as
binary float32 buffers (``values``, ``data``: row-major [rows, features]), never as JSON lists.

The front end is ``xai_widgets/static/feature_importance.js`` (``js/src/feature_importance.js``).
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Union

import numpy as np
import traitlets

from .._json import jsonable
from ..results import GlobalExplanation
from ..results.static_html import attribution_html, many
from .base import XaiWidget, attribution_dicts
from .choices import choice_validator, index_validator, one_of, optional_index_validator, StrictInt

MODES = ("local", "global")
LOCAL_CHARTS = ("bars", "waterfall")
GLOBAL_CHARTS = ("beeswarm", "bar")
VIEWS = ("single", "grid")
_REQUIRED = ("tokens", "targets", "scores", "labels")


def local_results(results: Any) -> List[Dict[str, Any]]:
    """Validated attribution dicts (table layout) of the same row."""
    dicts = attribution_dicts(results)
    if not dicts:
        raise ValueError("no results to show: pass at least one attribution of a table row")
    for k, d in enumerate(dicts):
        missing = [key for key in _REQUIRED if key not in d]
        if missing:
            raise ValueError(f"result {k} lacks {missing}; see Attribution.to_json()")
        n = len(d["tokens"])
        if len(d["scores"]) != len(d["targets"]) or any(len(row) != n for row in d["scores"]):
            raise ValueError(f"result {k} ({d.get('method', '?')}): scores must have one row of {n} values per "
                             f"target ({len(d['targets'])} targets)")
        d.setdefault("method", f"method_{k}")
        d.setdefault("method_label", str(d["method"]).replace("_", " ").title())
        d.setdefault("signed", True)
        d.setdefault("feature_values", None)
        d.setdefault("base_values", None)
        d.setdefault("layout", "table")
        if d["base_values"] is not None and len(d["base_values"]) != len(d["targets"]):
            raise ValueError(f"result {k}: base_values has {len(d['base_values'])} entries; it must have one per "
                             f"explained target, in the order of targets ({len(d['targets'])})")
    if len({tuple(d["tokens"]) for d in dicts}) > 1 or len({str(d.get("feature_values")) for d in dicts}) > 1:
        raise ValueError("all results must explain the same row with the same features")
    return dicts


def _floats(a: Optional[np.ndarray]) -> bytes:
    return b"" if a is None else np.ascontiguousarray(np.asarray(a, dtype=np.float64), dtype="<f4").tobytes()


def global_parts(result: Any):
    """(summary, values, data) of a ``GlobalExplanation`` or of its ``to_json()`` dict (the per-row arrays as
    float arrays or None); None for anything else. An object's arrays are used as they are, never through JSON."""
    if isinstance(result, GlobalExplanation):
        return result.summary_json(), result.values, result.data
    if isinstance(result, dict) and result.get("kind") == "global":
        def array(key):
            rows = result.get(key)
            return None if rows is None else np.array([[np.nan if v is None else v for v in r] for r in rows], float)

        summary = {k: v for k, v in jsonable(result).items() if k not in ("values", "data", "diagnostics")}
        return summary, array("values"), array("data")
    return None


def feature_importance_state(result: Any, method_index: int = 0, target: Union[None, int, str] = None,
                             view: str = "single", chart: Optional[str] = None, max_features: int = 12,
                             theme: str = "auto") -> Dict[str, Any]:
    """The validated trait values of a FeatureImportance (also what the offline export writes)."""
    if isinstance(max_features, bool) or not isinstance(max_features, int) or max_features < 1:
        raise ValueError(f"max_features must be an int >= 1, got {max_features!r}")
    one_of("view", view, VIEWS)
    parts = global_parts(result)
    if parts is not None:
        summary, values, feat = parts
        chart = chart or ("beeswarm" if values is not None else "bar")
        one_of("chart", chart, GLOBAL_CHARTS)
        if chart == "beeswarm" and values is None:
            raise ValueError(f"{summary['method']} gives no per-row values: use chart='bar'")
        n_rows = 0 if values is None else int(values.shape[0])
        return {"mode": "global", "summary": summary, "results": [], "values": _floats(values),
                "data": _floats(feat), "n_rows": n_rows, "method_index": 0, "target": -1, "view": view,
                "chart": chart, "max_features": max_features, "theme": theme, "hovered": -1, "hovered_row": -1}
    dicts = local_results(result)
    chart = chart or "bars"
    one_of("chart", chart, LOCAL_CHARTS)
    if not 0 <= int(method_index) < len(dicts):
        raise ValueError(f"method_index {method_index} out of range for {len(dicts)} results")
    labels = list(dicts[0]["labels"])
    if target is None:
        t = -1
    else:
        t = labels.index(target) if isinstance(target, str) and target in labels else target
        if isinstance(t, str):
            raise ValueError(f"unknown target {target!r}; labels are {labels}")
        if isinstance(t, bool) or not isinstance(t, int) or not (t == -1 or 0 <= t < len(labels)):
            raise ValueError(f"target must be None, a label in {labels} or an index 0..{len(labels) - 1}")
    return {"mode": "local", "summary": {}, "results": dicts, "values": b"", "data": b"", "n_rows": 0,
            "method_index": int(method_index), "target": t, "view": view, "chart": chart,
            "max_features": max_features, "theme": theme, "hovered": -1, "hovered_row": -1}


class FeatureImportance(XaiWidget):
    """``FeatureImportance(result, method_index=0, target=None, view="single", chart=None, max_features=12,
    theme="auto")``. ``result``: an attribution of a table row (or a Comparison, or their dicts) or a
    ``GlobalExplanation``. ``chart``: "bars" / "waterfall" (local), "beeswarm" / "bar" (global; default beeswarm
    where there are per-row values). ``hovered`` (the hovered feature, -1 for none) and ``hovered_row`` (the
    beeswarm row under the pointer) are synced back from the page."""

    mode = traitlets.Unicode("local").tag(sync=True)
    results = traitlets.List(traitlets.Dict()).tag(sync=True)
    summary = traitlets.Dict().tag(sync=True)
    values = traitlets.Bytes(b"").tag(sync=True)
    data = traitlets.Bytes(b"").tag(sync=True)
    n_rows = StrictInt(0).tag(sync=True)
    method_index = StrictInt(0).tag(sync=True)
    target = StrictInt(-1).tag(sync=True)
    view = traitlets.Unicode("single").tag(sync=True)
    chart = traitlets.Unicode("bars").tag(sync=True)
    max_features = StrictInt(12).tag(sync=True)
    hovered = StrictInt(-1).tag(sync=True)
    hovered_row = StrictInt(-1).tag(sync=True)

    _bundle = "feature_importance"
    _export_traits = ("mode", "results", "summary", "values", "data", "n_rows", "method_index", "target", "view",
                      "chart", "max_features", "theme")

    def __init__(self, result: Any, method_index: int = 0, target: Union[None, int, str] = None,
                 view: str = "single", chart: Optional[str] = None, max_features: int = 12, theme: str = "auto",
                 **kwargs: Any) -> None:
        self._source = result
        super().__init__(**feature_importance_state(result, method_index, target, view, chart, max_features, theme),
                         **kwargs)

    _valid_view = choice_validator("view", VIEWS)

    @traitlets.validate("chart")
    def _valid_chart(self, proposal):
        allowed = GLOBAL_CHARTS if self.mode == "global" else LOCAL_CHARTS
        return one_of("chart", proposal["value"], allowed, traitlets.TraitError)

    _valid_method_index = index_validator("method_index", "results")
    _valid_mode = choice_validator("mode", MODES)
    _valid_hovered = optional_index_validator("hovered", lambda self: len(self._feature_names()))
    _valid_hovered_row = optional_index_validator("hovered_row", lambda self: self.n_rows)
    _valid_target = optional_index_validator("target", lambda self: len(self._labels()))

    def _feature_names(self):
        if self.mode == "global":
            return self.summary.get("feature_names") or []
        return self.results[self.method_index]["tokens"] if self.results else []

    def _labels(self):
        return (self.results[0].get("labels") or []) if self.results else []

    @traitlets.validate("max_features")
    def _valid_max_features(self, proposal):
        if proposal["value"] < 1:
            raise traitlets.TraitError(f"max_features must be >= 1, got {proposal['value']}")
        return proposal["value"]

    @property
    def hovered_feature(self) -> Optional[str]:
        names = self._feature_names()
        return names[self.hovered] if names and 0 <= self.hovered < len(names) else None

    @property
    def hovered_row_values(self) -> Optional[Dict[str, Any]]:
        """The beeswarm row under the pointer: its index, feature values and attributions (None when none)."""
        if self.mode != "global" or not 0 <= self.hovered_row < self.n_rows:
            return None
        names = self.summary.get("feature_names") or []
        f = len(names)
        vals = np.frombuffer(self.values, "<f4").reshape(self.n_rows, f)[self.hovered_row]
        data = np.frombuffer(self.data, "<f4").reshape(self.n_rows, f)[self.hovered_row] if self.data else \
            [None] * f
        return {"row": self.hovered_row, "values": dict(zip(names, map(float, vals))),
                "feature_values": dict(zip(names, [None if v is None else float(v) for v in data]))}

    def _export_state(self) -> Dict[str, Any]:
        return {**super()._export_state(), "hovered": -1, "hovered_row": -1}

    def _static_html(self) -> str:
        if hasattr(self._source, "_static_html"):
            return self._source._static_html()
        return many([attribution_html(d) for d in self.results]) if self.results else super()._static_html()

    def __repr__(self) -> str:
        if self.mode == "global":
            return f"FeatureImportance(global, method={self.summary.get('method')!r}, rows={self.n_rows})"
        return f"FeatureImportance(methods={[d.get('method') for d in self.results]}, chart={self.chart!r})"


__all__ = ["FeatureImportance", "feature_importance_state"]
