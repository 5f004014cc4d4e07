"""``EvaluationResult``: the outcome of ``xai_widgets.evaluate`` (methods x metrics x examples), as tidy tables,
mean curves, and the EvaluationReport widget."""
from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Sequence

import numpy as np

from .._json import jsonable
from ..results import Attribution
from ..results.base import Result
from ..results.static_html import esc, many, table
from ..results.static_svg import line_chart_svg
from .checks import mean_agreement, summarize_sanity, summarize_stability
from .metric import Metric, get_metric


class EvaluationResult(Result):
    """One record per (method, example): metric values, deletion/insertion curves, the attribution (as its JSON
    dict) and the seconds the explanation took.

    ``to_pandas()`` -> tidy DataFrame (example, text, method, metric, value, higher_is_better, category);
    ``summary()`` -> methods x metrics means; ``times()`` -> seconds per explanation; ``mean_curve(kind)``;
    ``agreement()`` -> methods x methods rank agreement; ``sanity_summary()`` / ``stability_summary()`` -> the
    checks run with ``evaluate(sanity_examples=..., stability_examples=...)``; ``widget()`` -> ``EvaluationReport``;
    ``to_json()`` / ``from_json()``, ``plot()`` (mean deletion and insertion curves), ``to_html(path)``."""

    view = "evaluation_report"

    def __init__(self, records: List[Dict[str, Any]], metrics: Sequence[Metric], methods: Sequence[str],
                 texts: Sequence[str], model_name: str = "", settings: Optional[Dict[str, Any]] = None,
                 checks: Optional[Sequence[Dict[str, Any]]] = None):
        self.records = list(records)
        self.metrics = list(metrics)
        self.methods = list(methods)
        self.texts = list(texts)
        self.model_name = model_name
        self.settings = dict(settings or {})
        self.checks = list(checks or [])

    @property
    def metric_names(self) -> List[str]:
        return [m.name for m in self.metrics]

    def to_pandas(self):
        import pandas as pd

        spec = {m.name: m for m in self.metrics}
        rows = [{"example": r["example"], "text": r["text"], "method": r["method"], "metric": name,
                 "value": r["values"].get(name, np.nan), "higher_is_better": spec[name].higher_is_better,
                 "category": spec[name].category}
                for r in self.records for name in self.metric_names]
        return pd.DataFrame(rows, columns=["example", "text", "method", "metric", "value", "higher_is_better",
                                           "category"])

    df = property(to_pandas)

    def times(self):
        """Seconds per explanation (``seconds``) and the metric evaluation's share (``eval_seconds``)."""
        import pandas as pd

        return pd.DataFrame([{"method": r["method"], "example": r["example"], "seconds": r["seconds"],
                              "eval_seconds": r.get("eval_seconds", np.nan), "cached": r.get("cached", False)}
                             for r in self.records])

    def summary(self, stat: str = "mean"):
        """Methods x metrics table of ``stat`` ("mean" or "median") over the examples, plus the mean seconds per
        explanation; rows in the order of ``methods``. Column names carry the better direction (arrows)."""
        df = self.to_pandas()
        table = df.pivot_table(index="method", columns="metric", values="value", aggfunc=stat)
        table = table.reindex(index=self.methods, columns=self.metric_names)
        table["seconds"] = self.times().groupby("method")["seconds"].mean().reindex(self.methods)
        arrows = {m.name: f"{m.name} {m.arrow}" for m in self.metrics}
        arrows["seconds"] = "seconds \u2193"
        return table.rename(columns=arrows)

    def mean_curve(self, kind: str = "deletion", points: int = 21) -> Dict[str, List[float]]:
        """Per method, the mean of the per-example ``kind`` curves interpolated on ``points`` fractions in [0, 1]."""
        grid = np.linspace(0, 1, points)
        out = {}
        for m in self.methods:
            ys = [np.interp(grid, *r["curves"][kind]) for r in self.records if r["method"] == m and kind in
                  r.get("curves", {})]
            if ys:
                out[m] = np.mean(ys, axis=0).tolist()
        return out

    def agreement(self, metric: str = "kendall_tau", k: int = 5, ranking: str = "absolute"):
        """Methods x methods mean over the examples of the rank agreement (``kendall_tau``, ``spearman`` or
        ``top_k_overlap``) between their attributions; by |score| by default, so that signed and unsigned methods
        compare which tokens matter."""
        return mean_agreement(self.records, self.methods, metric, k, ranking)

    def sanity_summary(self):
        """Per method: mean Spearman rho(|a|, |a_random|) after each cascading-randomization step (lower is
        better), and how many examples were flagged; empty without ``evaluate(sanity_examples=k)``."""
        return summarize_sanity([c for c in self.checks if c["check"] == "sanity"], self.methods)

    def stability_summary(self):
        """Per seeded method: mean Kendall tau and top-k overlap between seeds (higher is better) and score spread
        (lower is better); empty without ``evaluate(stability_examples=k)``."""
        return summarize_stability([c for c in self.checks if c["check"] == "stability"], self.methods)

    def attribution(self, method: str, example: int) -> Attribution:
        for r in self.records:
            if r["method"] == method and r["example"] == example:
                return Attribution.from_json(r["attribution"])
        raise KeyError(f"no record for method {method!r} on example {example}")

    # ------------------------------------------------------------------ protocol
    def to_json(self) -> Dict[str, Any]:
        return jsonable({"kind": "evaluation", "records": self.records, "metrics": self.metric_names,
                         "methods": self.methods, "texts": self.texts, "model_name": self.model_name,
                         "settings": self.settings, "checks": self.checks})

    @classmethod
    def from_json(cls, data) -> "EvaluationResult":
        d = json.loads(data) if isinstance(data, str) else dict(data)
        records = [{**r, "values": {k: (np.nan if v is None else v) for k, v in r.get("values", {}).items()}}
                   for r in d["records"]]
        return cls(records, [get_metric(m) for m in d["metrics"]], d["methods"], d["texts"],
                   d.get("model_name", ""), d.get("settings"), d.get("checks"))

    def plot(self, ax=None, points: int = 21):
        """Mean deletion (solid) and insertion (dashed) curves per method."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(6, 4))
        grid = np.linspace(0, 1, points)
        for kind, style in (("deletion", "-"), ("insertion", "--")):
            for m, ys in self.mean_curve(kind, points).items():
                ax.plot(grid, ys, style, label=f"{m} ({kind})")
        ax.set_xlabel("fraction of features hidden (deletion) or restored (insertion)")
        ax.set_ylabel("output of the explained class")
        ax.legend(fontsize=7)
        return ax

    def _title(self) -> str:
        return f"Evaluation of {len(self.methods)} methods"

    def _static_html(self) -> str:
        summary = self.summary()
        rows = [[m] + [float(v) for v in summary.loc[m].values] for m in summary.index]
        series, dashed = {}, []
        for kind in ("deletion", "insertion"):
            for m, ys in self.mean_curve(kind, 21).items():
                series[f"{m} ({kind})"] = ys
                if kind == "insertion":
                    dashed.append(f"{m} ({kind})")
        parts = [f"<p>{len(self.texts)} examples, model {esc(self.model_name)}</p>",
                 table(["method"] + list(summary.columns), rows, caption="mean over the examples")]
        if series:
            parts.append(line_chart_svg(series, caption="mean deletion (solid) and insertion (dashed) curves",
                                        x_label="fraction of features hidden / restored",
                                        y_label="output", dashed=dashed))
        return many(parts)

    def __repr__(self) -> str:
        return (f"EvaluationResult(methods={self.methods}, metrics={self.metric_names}, "
                f"examples={len(self.texts)}, model={self.model_name!r})")
