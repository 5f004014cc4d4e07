"""``EvaluationResult``: the outcome of ``xai_widgets.evaluate`` (methods x metrics x examples), as tidy tables,
mean curves, and the EvaluationReport widget."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence

import numpy as np

from .metric import MetricSpec


class EvaluationResult:
    """One record per (method, example): metric values, deletion/insertion curves, the attribution (as its JSON
    dict) and the seconds the explanation took.

    ``to_pandas()`` -> tidy DataFrame (example, text, method, metric, value, higher_is_better, category);
    ``summary()`` -> methods x metrics means; ``times()`` -> seconds per explanation; ``mean_curve(kind)``;
    ``agreement()`` -> methods x methods rank agreement; ``sanity_summary()`` / ``stability_summary()`` -> the
    checks run with ``evaluate(sanity_examples=..., stability_examples=...)``; ``widget()`` -> ``EvaluationReport``."""

    def __init__(self, records: List[Dict[str, Any]], metrics: Sequence[MetricSpec], methods: Sequence[str],
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
        from .checks import mean_agreement

        return mean_agreement(self.records, self.methods, metric, k, ranking)

    def sanity_summary(self):
        """Per method: mean Spearman rho(|a|, |a_random|) after each cascading-randomization step (lower is
        better), and how many examples were flagged; empty without ``evaluate(sanity_examples=k)``."""
        from .checks import summarize_sanity

        return summarize_sanity([c for c in self.checks if c["check"] == "sanity"], self.methods)

    def stability_summary(self):
        """Per seeded method: mean Kendall tau and top-k overlap between seeds (higher is better) and score spread
        (lower is better); empty without ``evaluate(stability_examples=k)``."""
        from .checks import summarize_stability

        return summarize_stability([c for c in self.checks if c["check"] == "stability"], self.methods)

    def attribution(self, method: str, example: int):
        from ..results import Attribution

        for r in self.records:
            if r["method"] == method and r["example"] == example:
                return Attribution.from_json(r["attribution"])
        raise KeyError(f"no record for method {method!r} on example {example}")

    def widget(self, **kwargs):
        from ..widgets.evaluation_report import EvaluationReport

        return EvaluationReport(self, **kwargs)

    def to_html(self, path: Optional[str] = None, title: Optional[str] = None) -> str:
        from ..export import to_html_string

        html = to_html_string(self.widget(), title=title or f"Evaluation of {len(self.methods)} methods")
        if path is not None:
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(html)
        return html

    def _repr_mimebundle_(self, **kwargs):
        from .._display import widget_mimebundle

        return widget_mimebundle(self, kwargs)

    def __repr__(self) -> str:
        return (f"EvaluationResult(methods={self.methods}, metrics={self.metric_names}, "
                f"examples={len(self.texts)}, model={self.model_name!r})")
