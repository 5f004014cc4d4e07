"""``ExampleSet``: a ranked list of examples that explain a prediction or a model (influential training examples,
self-influence, later prototypes and criticisms)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Dict, List, Union

from .._json import jsonable
from .base import Result
from .static_html import bar_svg, esc, number


@dataclass(repr=False)
class ExampleSet(Result):
    kind: str
    method: str
    query: str
    query_prediction: str
    labels: List[str]
    indices: List[int]
    texts: List[str]
    example_labels: List[str]
    predictions: List[str]
    scores: List[float]
    kinds: List[str]
    params: Dict[str, Any] = field(default_factory=dict)
    diagnostics: Dict[str, Any] = field(default_factory=dict)
    model_name: str = ""

    view = "example_gallery"

    def __post_init__(self) -> None:
        n = len(self.texts)
        for name in ("indices", "example_labels", "predictions", "scores", "kinds"):
            if len(getattr(self, name)) != n:
                raise ValueError(f"{name} has {len(getattr(self, name))} entries for {n} examples")

    def to_pandas(self):
        """Columns rank (within its kind), index (in the training set), text, label, prediction, score, kind."""
        import pandas as pd

        ranks, seen = [], {}
        for kd in self.kinds:
            seen[kd] = seen.get(kd, 0) + 1
            ranks.append(seen[kd])
        df = pd.DataFrame({"rank": ranks, "index": self.indices, "text": self.texts, "label": self.example_labels,
                           "prediction": self.predictions, "score": self.scores, "kind": self.kinds})
        df.attrs.update(method=self.method, query=self.query)
        return df

    def to_json(self) -> Dict[str, Any]:
        return jsonable({"kind": self.kind, "method": self.method, "query": self.query,
                         "query_prediction": self.query_prediction, "labels": self.labels, "indices": self.indices,
                         "texts": self.texts, "example_labels": self.example_labels, "predictions": self.predictions,
                         "scores": self.scores, "kinds": self.kinds, "params": self.params,
                         "diagnostics": self.diagnostics, "model_name": self.model_name})

    @classmethod
    def from_json(cls, data: Union[str, Dict[str, Any]]) -> "ExampleSet":
        d = json.loads(data) if isinstance(data, str) else dict(data)
        return cls(**{k: d[k] for k in ("kind", "method", "query", "query_prediction", "labels", "indices", "texts",
                                         "example_labels", "predictions", "scores", "kinds", "params",
                                         "diagnostics", "model_name") if k in d})

    def plot(self, ax=None):
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(7, 0.4 + 0.3 * len(self.texts)))
        y = range(len(self.texts))[::-1]
        ax.barh(list(y), self.scores, color=["tab:blue" if s >= 0 else "tab:red" for s in self.scores])
        ax.set_yticks(list(y), [t[:60] for t in self.texts], fontsize=7)
        for label in ax.get_yticklabels():
            label.set_parse_math(False)
        ax.set_xlabel(f"{self.method} score")
        return ax

    def _title(self) -> str:
        return f"{self.kind} ({self.method})" + (f": {self.query[:50]}" if self.query else "")

    def _static_html(self) -> str:
        head = "".join(f"<th style='padding:2px 8px;text-align:left'>{c}</th>"
                       for c in ("kind", "rank", "text", "label", "prediction", "score"))
        rows = []
        for r in self.to_pandas().itertuples():
            rows.append("<tr>" + "".join(f"<td style='padding:2px 8px'>{v}</td>" for v in (
                esc(r.kind), r.rank, esc(r.text), esc(r.label), esc(r.prediction), number(r.score, 4))) + "</tr>")
        cap = esc(f"{self.kind} by {self.method}" + (f" for {self.query!r} (predicted {self.query_prediction})"
                                                     if self.query else ""))
        return (f"<div style='font-family:system-ui,sans-serif;font-size:13px'><div>{cap}</div>"
                f"<table style='border-collapse:collapse'><tr>{head}</tr>{''.join(rows)}</table>"
                + (bar_svg([t[:40] for t in self.texts], list(self.scores), signed=True,
                           caption=f"{self.method} score", max_rows=40) if self.texts else "")
                + "</div>")

    def __repr__(self) -> str:
        top = self.texts[0][:40] if self.texts else ""
        return f"ExampleSet(kind={self.kind!r}, method={self.method!r}, n={len(self.texts)}, top={top!r})"


__all__ = ["ExampleSet"]
