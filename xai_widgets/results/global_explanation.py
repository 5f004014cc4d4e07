"""``GlobalExplanation``: what a model relies on over a whole dataset.

One importance per feature (``importances``, with ``importances_std`` where the method has a spread), and for the
methods that explain every row (TreeSHAP over a dataset, gradients) the per-row attributions ``values[n, i]``
beside the feature values ``data[n, i]`` they came from: the beeswarm's dots. K-means explanations add the
``clusters`` (size, mean prediction, the features that set each apart) and the ``surrogate`` tree of the cluster
assignment with its fidelity.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

import numpy as np

from .._json import jsonable
from .base import Result
from .static_html import bar_svg, esc, many, number, table


def _array(x, ndim: int, name: str) -> Optional[np.ndarray]:
    if x is None:
        return None
    a = np.asarray(x, dtype=np.float64)
    if a.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-D, got shape {a.shape}")
    return a


@dataclass(repr=False)
class GlobalExplanation(Result):
    method: str
    feature_names: List[str]
    importances: np.ndarray
    method_label: str = ""
    importance_label: str = "importance"
    importances_std: Optional[np.ndarray] = None
    values: Optional[np.ndarray] = None
    data: Optional[np.ndarray] = None
    signed: bool = True
    target: Optional[str] = None
    labels: List[str] = field(default_factory=list)
    base_value: Optional[float] = None
    clusters: Optional[List[Dict[str, Any]]] = None
    surrogate: Optional[Dict[str, Any]] = None
    params: Dict[str, Any] = field(default_factory=dict)
    diagnostics: Dict[str, Any] = field(default_factory=dict)
    model_name: str = ""

    view = "feature_importance"

    def __post_init__(self) -> None:
        self.feature_names = [str(f) for f in self.feature_names]
        n = len(self.feature_names)
        self.importances = _array(self.importances, 1, "importances")
        self.importances_std = _array(self.importances_std, 1, "importances_std")
        self.values = _array(self.values, 2, "values")
        self.data = _array(self.data, 2, "data")
        for name, a in (("importances", self.importances), ("importances_std", self.importances_std)):
            if a is not None and len(a) != n:
                raise ValueError(f"{name} has {len(a)} entries for {n} features")
        for name, a in (("values", self.values), ("data", self.data)):
            if a is not None and a.shape[1] != n:
                raise ValueError(f"{name} has {a.shape[1]} columns for {n} features")
        if self.values is not None and self.data is not None and self.values.shape != self.data.shape:
            raise ValueError(f"values {self.values.shape} and data {self.data.shape} must have the same shape")
        self.method_label = self.method_label or self.method.replace("_", " ").title()

    # ------------------------------------------------------------------ accessors
    @property
    def n_rows(self) -> int:
        return 0 if self.values is None else int(self.values.shape[0])

    def order(self) -> np.ndarray:
        """Feature indices from most to least important (stable on ties)."""
        return np.argsort(-np.nan_to_num(self.importances, nan=-np.inf), kind="stable")

    def top_features(self, k: int = 5) -> List[tuple]:
        return [(self.feature_names[i], float(self.importances[i])) for i in self.order()[:k]]

    # ------------------------------------------------------------------ protocol
    def to_pandas(self, kind: str = "importance"):
        """``"importance"``: one row per feature (importance, std), most important first; ``"values"``: one row
        per (row, feature) with the attribution and the feature value (the beeswarm's dots); ``"clusters"``: one
        row per cluster."""
        import pandas as pd

        if kind == "importance":
            df = pd.DataFrame({"feature": self.feature_names, "importance": self.importances})
            if self.importances_std is not None:
                df["std"] = self.importances_std
            return df.iloc[self.order()].reset_index(drop=True)
        if kind == "values":
            if self.values is None:
                raise ValueError(f"{self.method} gives no per-row values; to_pandas('importance') has its result")
            n, f = self.values.shape
            return pd.DataFrame({"row": np.repeat(np.arange(n), f), "feature": self.feature_names * n,
                                 "value": self.values.ravel(),
                                 "feature_value": self.data.ravel() if self.data is not None else np.nan})
        if kind == "clusters":
            if not self.clusters:
                raise ValueError(f"{self.method} has no clusters")
            return pd.DataFrame([{k: v for k, v in c.items() if k != "distinctive"} |
                                 {"distinctive": ", ".join(f"{d['feature']} ({d['effect']:+.2f} sd)"
                                                           for d in c.get("distinctive", []))}
                                 for c in self.clusters])
        raise ValueError(f"kind must be one of ('importance', 'values', 'clusters'), got {kind!r}")

    def summary_json(self) -> Dict[str, Any]:
        """``to_json()`` without the per-row arrays and the diagnostics: what describes the explanation as a whole
        (what the widget syncs as JSON; the arrays go as binary buffers)."""
        return jsonable({
            "kind": "global", "method": self.method, "method_label": self.method_label,
            "feature_names": self.feature_names, "importances": self.importances,
            "importances_std": self.importances_std, "importance_label": self.importance_label,
            "signed": self.signed, "target": self.target, "labels": self.labels, "base_value": self.base_value,
            "clusters": self.clusters, "surrogate": self.surrogate, "params": self.params,
            "model_name": self.model_name,
        })

    def to_json(self) -> Dict[str, Any]:
        return {**self.summary_json(),
                **jsonable({"values": self.values, "data": self.data, "diagnostics": self.diagnostics})}

    @classmethod
    def from_json(cls, data) -> "GlobalExplanation":
        d = json.loads(data) if isinstance(data, str) else dict(data)
        nan = lambda a: None if a is None else np.array([[np.nan if v is None else v for v in row] for row in a])  # noqa: E731
        fields = {k: d.get(k) for k in ("method", "feature_names", "method_label", "importance_label", "signed",
                                        "target", "labels", "base_value", "clusters", "surrogate", "params",
                                        "diagnostics", "model_name") if k in d}
        return cls(importances=np.array([np.nan if v is None else v for v in d["importances"]]),
                   importances_std=None if d.get("importances_std") is None else np.array(d["importances_std"]),
                   values=nan(d.get("values")), data=nan(d.get("data")), **fields)

    def plot(self, kind: Optional[str] = None, ax=None, max_features: int = 20):
        """``"bar"`` (the importances, with their std as error bars) or ``"beeswarm"`` (per-row values coloured by
        the feature value, as shap's summary plot); the default is the beeswarm where there are per-row values."""
        import matplotlib.pyplot as plt

        kind = kind or ("beeswarm" if self.values is not None else "bar")
        order = self.order()[:max_features][::-1]
        if ax is None:
            _, ax = plt.subplots(figsize=(7, 0.8 + 0.35 * len(order)))
        names = [self.feature_names[i] for i in order]
        if kind == "bar":
            err = None if self.importances_std is None else self.importances_std[order]
            ax.barh(range(len(order)), self.importances[order], xerr=err, color="#2166ac")
            ax.set_xlabel(self.importance_label)
        elif kind == "beeswarm":
            if self.values is None:
                raise ValueError(f"{self.method} gives no per-row values; use plot('bar')")
            rng = np.random.RandomState(0)  # jitter only; a local generator
            for y, i in enumerate(order):
                v = self.values[:, i]
                c = self.data[:, i] if self.data is not None else np.zeros_like(v)
                lo, hi = np.nanpercentile(c, [5, 95]) if np.isfinite(c).any() else (0.0, 1.0)
                cn = np.clip((c - lo) / (hi - lo if hi > lo else 1.0), 0, 1)
                ax.scatter(v, y + rng.uniform(-0.3, 0.3, len(v)), c=cn, cmap="coolwarm", s=6, vmin=0, vmax=1)
            ax.axvline(0, color="0.5", lw=0.8)
            ax.set_xlabel(f"attribution ({self.method_label}); colour: feature value, low (blue) to high (red)")
        else:
            raise ValueError(f"kind must be 'bar' or 'beeswarm', got {kind!r}")
        ax.set_yticks(range(len(order)), names)
        for label in ax.get_yticklabels():
            label.set_parse_math(False)
        ax.set_title(self.method_label + (f" \u2192 {self.target}" if self.target else ""), fontsize=10)
        return ax

    def _title(self) -> str:
        return f"{self.method_label}: {len(self.feature_names)} features" + (f", {self.n_rows} rows"
                                                                                if self.n_rows else "")

    def _static_html(self) -> str:
        order = self.order()
        parts = [bar_svg([self.feature_names[i] for i in order], [self.importances[i] for i in order],
                         signed=bool(np.nanmin(self.importances) < 0) if len(order) else False,
                         caption=f"{self.method_label}: {self.importance_label}")]
        if self.clusters:
            rows = [[c["cluster"], c["size"], number(c.get("mean_prediction")),
                     ", ".join(f"{d['feature']} {d['effect']:+.2f} sd" for d in c.get("distinctive", []))]
                    for c in self.clusters]
            parts.append(table(["cluster", "rows", "mean prediction", "sets it apart"], rows, caption="clusters"))
        if self.surrogate:
            parts.append(f"<p>surrogate tree fidelity: {number(self.surrogate.get('fidelity'))}</p>"
                         f"<pre>{esc(self.surrogate.get('rules', ''))}</pre>")
        return many(parts)

    def __repr__(self) -> str:
        top = ", ".join(f"{f!r}: {v:.3g}" for f, v in self.top_features(3))
        return (f"GlobalExplanation(method={self.method!r}, features={len(self.feature_names)}, rows={self.n_rows}, "
                f"top=[{top}])")


__all__ = ["GlobalExplanation"]
