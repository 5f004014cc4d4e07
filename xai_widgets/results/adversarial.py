"""``AdversarialExample``: a text, the smallest change found that flips the model's prediction, and how it was
found; ``AttackSummary``: many attacks over a dataset (success rate, words changed, model calls)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Dict, List, Union

from .._json import jsonable
from .base import Result
from .static_html import bar_svg, esc, number

_FIELDS = ("method", "original", "adversarial", "success", "labels", "target", "original_probabilities",
           "adversarial_probabilities", "changes", "steps", "calls", "params", "diagnostics", "model_name")


@dataclass(repr=False)
class AdversarialExample(Result):
    """``changes``: one dict per changed word, in text order: ``position`` (word index), ``start``/``end`` (its
    characters in ``original``), ``adv_start``/``adv_end`` (in ``adversarial``), ``old``, ``new``.
    ``steps``: the search path, one dict per change applied: ``text``, ``probability`` (of the original class
    ``target``) and ``prediction`` after that step; the first step is the original text.
    ``calls``: texts the model was run on (predictions, gradients and similarity embeddings together; the split is
    in ``diagnostics``)."""

    method: str
    original: str
    adversarial: str
    success: bool
    labels: List[str]
    target: int
    original_probabilities: List[float]
    adversarial_probabilities: List[float]
    changes: List[Dict[str, Any]]
    steps: List[Dict[str, Any]]
    calls: int
    params: Dict[str, Any] = field(default_factory=dict)
    diagnostics: Dict[str, Any] = field(default_factory=dict)
    model_name: str = ""

    view = "adversarial_view"

    @property
    def original_prediction(self) -> str:
        return self.labels[max(range(len(self.labels)), key=lambda i: self.original_probabilities[i])]

    @property
    def adversarial_prediction(self) -> str:
        return self.labels[max(range(len(self.labels)), key=lambda i: self.adversarial_probabilities[i])]

    @property
    def words_changed(self) -> int:
        return len(self.changes)

    def to_pandas(self):
        """One row per changed word: position, old, new, and the probability of the original class after the
        step that made the change."""
        import pandas as pd

        after = {}
        for st in self.steps[1:]:
            for pos in st.get("positions", []):
                after.setdefault(pos, st["probability"])
        df = pd.DataFrame({"position": [c["position"] for c in self.changes],
                           "old": [c["old"] for c in self.changes], "new": [c["new"] for c in self.changes],
                           "probability_after": [after.get(c["position"], float("nan")) for c in self.changes]})
        df.attrs.update(method=self.method, success=self.success, calls=self.calls)
        return df

    def to_json(self) -> Dict[str, Any]:
        return jsonable({k: getattr(self, k) for k in _FIELDS})

    @classmethod
    def from_json(cls, data: Union[str, Dict[str, Any]]) -> "AdversarialExample":
        d = json.loads(data) if isinstance(data, str) else dict(data)
        return cls(**{k: d[k] for k in _FIELDS if k in d})

    def marked(self, which: str = "adversarial") -> List[tuple]:
        """The text as (piece, changed) pairs, for display."""
        text = self.adversarial if which == "adversarial" else self.original
        key = ("adv_start", "adv_end") if which == "adversarial" else ("start", "end")
        out, at = [], 0
        for c in sorted(self.changes, key=lambda c: c[key[0]]):
            out += [(text[at: c[key[0]]], False), (text[c[key[0]]: c[key[1]]], True)]
            at = c[key[1]]
        out.append((text[at:], False))
        return [p for p in out if p[0]]

    def plot(self, ax=None):
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(5, 3))
        probs = [st["probability"] for st in self.steps]
        ax.plot(range(len(probs)), probs, marker="o")
        if len(self.labels) == 2:
            ax.axhline(0.5, color="grey", lw=0.8, ls="--")  # the decision boundary (with 3+ classes there is none)
        ax.set_xlabel("search step (the last may be the reduction to a minimal change)")
        ax.set_ylabel(f"p({self.labels[self.target]})")
        ax.set_title(f"{self.method}: {'flipped' if self.success else 'not flipped'}", fontsize=9)
        return ax

    def _title(self) -> str:
        return f"adversarial example ({self.method}): {self.original[:50]}"

    def _static_html(self) -> str:
        def show(which):
            mark = "<mark style='background:#fdd;color:#1f2328;text-decoration:underline' title='changed'>"
            return "".join(f"{mark}{esc(p)}</mark>" if changed
                           else esc(p) for p, changed in self.marked(which))

        status = "flipped" if self.success else "not flipped"
        return (f"<div style='font-family:system-ui,sans-serif;font-size:13px'>"
                f"<div>{esc(self.method)}: {status} with {self.words_changed} word(s) changed, {self.calls} model "
                f"calls</div>"
                f"<div>original ({esc(self.original_prediction)}, p = "
                f"{number(self.original_probabilities[self.target], 3)}): {show('original')}</div>"
                f"<div>adversarial ({esc(self.adversarial_prediction)}, p({esc(self.labels[self.target])}) = "
                f"{number(self.adversarial_probabilities[self.target], 3)}): {show('adversarial')}</div></div>")

    def __repr__(self) -> str:
        return (f"AdversarialExample(method={self.method!r}, success={self.success}, "
                f"words_changed={self.words_changed}, calls={self.calls}, adversarial={self.adversarial[:50]!r})")


@dataclass(repr=False)
class AttackSummary(Result):
    """Attacks of every text by every method: ``to_pandas()`` has one row per method (texts, success_rate,
    mean_words_changed over the successes, mean_calls, mean_seconds); ``examples[method]`` holds the attacks."""

    methods: List[str]
    examples: Dict[str, List[AdversarialExample]]
    seconds: Dict[str, float] = field(default_factory=dict)
    params: Dict[str, Any] = field(default_factory=dict)

    view = ""

    def to_pandas(self):
        import numpy as np
        import pandas as pd

        rows = []
        for m in self.methods:
            ex = self.examples[m]
            ok = [e for e in ex if e.success]
            rows.append({"method": m, "texts": len(ex), "success_rate": len(ok) / max(len(ex), 1),
                         "mean_words_changed": float(np.mean([e.words_changed for e in ok])) if ok else float("nan"),
                         "mean_calls": float(np.mean([e.calls for e in ex])) if ex else float("nan"),
                         "mean_seconds": self.seconds.get(m, float("nan")) / max(len(ex), 1)})
        return pd.DataFrame(rows)

    def to_json(self) -> Dict[str, Any]:
        return jsonable({"methods": self.methods, "seconds": self.seconds, "params": self.params,
                         "examples": {m: [e.to_json() for e in v] for m, v in self.examples.items()}})

    @classmethod
    def from_json(cls, data: Union[str, Dict[str, Any]]) -> "AttackSummary":
        d = json.loads(data) if isinstance(data, str) else dict(data)
        return cls(methods=d["methods"], seconds=d.get("seconds", {}), params=d.get("params", {}),
                   examples={m: [AdversarialExample.from_json(e) for e in v] for m, v in d["examples"].items()})

    def _static_html(self) -> str:
        df = self.to_pandas()
        head = "".join(f"<th style='padding:2px 8px'>{esc(c)}</th>" for c in df.columns)
        body = "".join("<tr>" + "".join(f"<td style='padding:2px 8px'>{esc(v) if isinstance(v, str) else number(v, 3)}"
                                        f"</td>" for v in row) + "</tr>" for row in df.itertuples(index=False))
        bars = bar_svg(list(df.method), list(df.success_rate), signed=False, caption="success rate")
        return f"<div><table style='border-collapse:collapse;font-size:13px'><tr>{head}</tr>{body}</table>{bars}</div>"

    def __repr__(self) -> str:
        return f"AttackSummary(methods={self.methods}, texts={len(next(iter(self.examples.values()), []))})"


__all__ = ["AdversarialExample", "AttackSummary"]
