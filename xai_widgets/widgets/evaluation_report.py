"""``EvaluationReport``: the outcome of ``xai_widgets.evaluate`` as a widget: a sortable methods x metrics table
with the better direction of each metric marked (arrows), mean deletion/insertion curves (SVG), and a list of the
examples; clicking one shows every method's attribution side by side (the TokenHighlight view, embedded) with
that example's metric values.

The front end is ``xai_widgets/static/evaluation_report.js`` (``js/src/evaluation_report.js``). The widget only
displays an ``EvaluationResult`` (or its ``report_state``); it computes nothing.
"""
from __future__ import annotations

import math
from typing import Any, Dict, List, Optional

import numpy as np
import traitlets

from .._json import jsonable
from ..evaluation.metric import get_metric
from .base import XaiWidget
from .choices import StrictInt

_KEEP = ("method", "method_label", "text", "tokens", "special", "word_start", "targets", "scores", "signed",
         "labels", "probabilities", "predicted", "truncated", "n_truncated_tokens", "max_length", "model_name",
         "layout", "feature_values", "base_values")


def _num(v) -> Optional[float]:
    try:
        v = float(v)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def report_state(result, points: int = 21, max_examples: Optional[int] = None) -> Dict[str, Any]:
    """The trait values of an EvaluationReport for an ``EvaluationResult``."""
    summary = result.to_pandas().pivot_table(index="method", columns="metric", values="value", aggfunc="mean")
    seconds = result.times().groupby("method")["seconds"].mean()
    labels = {}
    for r in result.records:
        labels.setdefault(r["method"], r["attribution"].get("method_label") or r["method"])
    methods = [{"name": m, "label": labels.get(m, m)} for m in result.methods]
    metrics = [m.to_json() for m in result.metrics]
    table = [{"method": m, "values": {k: _num(summary.loc[m, k]) if m in summary.index and k in summary.columns
                                      else None for k in result.metric_names},
              "seconds": _num(seconds.get(m))} for m in result.methods]
    grid = np.linspace(0, 1, points).tolist()
    curves = {kind: result.mean_curve(kind, points) for kind in ("deletion", "insertion")}
    curves = {k: v for k, v in curves.items() if v}
    by_example: Dict[int, Dict[str, Any]] = {}
    for r in result.records:
        ex = by_example.setdefault(r["example"], {"index": r["example"], "text": r["text"], "values": {},
                                                  "results": []})
        ex["values"][r["method"]] = {k: _num(v) for k, v in r["values"].items()}
        ex["results"].append({k: r["attribution"][k] for k in _KEEP if k in r["attribution"]})
    order = {m: i for i, m in enumerate(result.methods)}
    examples = []
    for i in sorted(by_example)[:max_examples]:
        ex = by_example[i]
        ex["results"].sort(key=lambda d: order.get(d["method"], 0))
        examples.append(ex)
    regression = result.settings.get("output") == "prediction"
    units = {"output_label": "prediction of the model" if regression else "probability of the explained class",
             "feature_word": "features" if result.settings.get("modality") == "tabular" else "tokens"}
    return jsonable({**units, "methods": methods, "metrics": metrics, "table": table, "grid": grid, "curves": curves,
                   "examples": examples, "model_name": result.model_name, "n_examples": len(result.texts),
                   "checks": checks_state(result), "sort_by": "", "sort_desc": True, "selected": -1,
                   "theme": "auto"})


def checks_state(result) -> Dict[str, Any]:
    """The method agreement matrix and, when they were run, the sanity and stability tables."""
    out: Dict[str, Any] = {}
    if len(result.methods) >= 2 and result.records:
        mat = result.agreement()
        out["agreement"] = {"metric": "kendall_tau", "ranking": "absolute", "methods": list(mat.index),
                            "matrix": [[_num(v) for v in row] for row in mat.values]}
    sanity = result.sanity_summary()
    if len(sanity):
        steps = [c for c in sanity.columns if c not in ("flagged", "n")]
        threshold = next((c["threshold"] for c in result.checks if c["check"] == "sanity"), 0.5)
        out["sanity"] = {"steps": steps, "threshold": threshold,
                         "rows": [{"method": m, "values": [_num(row[c]) for c in steps], "flagged": int(row["flagged"]),
                                   "n": int(row["n"])} for m, row in sanity.iterrows()]}
    stab = result.stability_summary()
    if len(stab):
        names = [c for c in stab.columns if c != "n"]
        out["stability"] = {"metrics": [get_metric(n).to_json() for n in names],
                            "rows": [{"method": m, "values": {c: _num(row[c]) for c in names}, "n": int(row["n"])}
                                     for m, row in stab.iterrows()]}
    return out


class EvaluationReport(XaiWidget):
    """``EvaluationReport(result)`` for an ``EvaluationResult``. Traits synced with the page: ``sort_by`` (a
    metric name, "method" or "" for the given order), ``sort_desc``, ``selected`` (the drilled-down example's
    index, -1 for none), ``theme``."""

    methods = traitlets.List(traitlets.Dict()).tag(sync=True)
    metrics = traitlets.List(traitlets.Dict()).tag(sync=True)
    table = traitlets.List(traitlets.Dict()).tag(sync=True)
    grid = traitlets.List(traitlets.Float()).tag(sync=True)
    curves = traitlets.Dict().tag(sync=True)
    examples = traitlets.List(traitlets.Dict()).tag(sync=True)
    checks = traitlets.Dict().tag(sync=True)
    model_name = traitlets.Unicode("").tag(sync=True)
    output_label = traitlets.Unicode("probability of the explained class").tag(sync=True)
    feature_word = traitlets.Unicode("tokens").tag(sync=True)
    n_examples = StrictInt(0).tag(sync=True)
    sort_by = traitlets.Unicode("").tag(sync=True)
    sort_desc = traitlets.Bool(True).tag(sync=True)
    selected = StrictInt(-1).tag(sync=True)

    _bundle = "evaluation_report"
    _export_traits = ("methods", "metrics", "table", "grid", "curves", "examples", "checks", "model_name",
                      "output_label", "feature_word",
                      "n_examples", "sort_by", "sort_desc", "selected", "theme")

    def __init__(self, result, sort_by: str = "", selected: int = -1, theme: str = "auto",
                 max_examples: Optional[int] = None, **kwargs: Any) -> None:
        self._result = None if isinstance(result, dict) else result
        state = result if isinstance(result, dict) else report_state(result, max_examples=max_examples)
        state = {**state, "sort_by": sort_by, "selected": selected, "theme": theme}
        super().__init__(**state, **kwargs)

    @traitlets.validate("sort_by")
    def _valid_sort(self, proposal):
        v = proposal["value"]
        names = {m["name"] for m in self.metrics} | {"", "method", "seconds"}
        if self.metrics and v not in names:
            raise traitlets.TraitError(f"sort_by must be a metric name, 'method', 'seconds' or ''; got {v!r}")
        return v

    @traitlets.validate("selected")
    def _valid_selected(self, proposal):
        v = proposal["value"]
        if v != -1 and self.examples and v not in {e["index"] for e in self.examples}:
            raise traitlets.TraitError(f"no example {v} in this report")
        return v

    def sorted_methods(self) -> List[str]:
        """Method names in the order the table shows them (same rule as the page)."""
        rows = list(self.table)
        if self.sort_by == "method":
            rows.sort(key=lambda r: r["method"], reverse=self.sort_desc)
        elif self.sort_by:
            key = self.sort_by

            def val(r):
                v = r["seconds"] if key == "seconds" else r["values"].get(key)
                return (v is None, -(v or 0) if self.sort_desc else (v or 0))

            rows.sort(key=val)
        return [r["method"] for r in rows]

    def _static_html(self) -> str:
        if self._result is not None:
            return self._result._static_html()
        return super()._static_html()

    def __repr__(self) -> str:
        return f"EvaluationReport(methods={[m['name'] for m in self.methods]}, examples={len(self.examples)})"
