"""Plain, serialisable result types: ``Attribution`` (one method on one text) and ``Comparison`` (several).

They carry tokens, scores per target, the prediction, the method and its parameters, and diagnostics. They
offer ``to_pandas()``, a matplotlib ``plot()``, ``to_html()`` for an offline page, ``to_json()`` / ``from_json()``
and ``_repr_mimebundle_`` (the TokenHighlight widget in a notebook). Widgets are imported lazily: building a
result never needs ipywidgets.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, List, Optional, Sequence, Union

import numpy as np

from ._display import widget_mimebundle
from ._json import jsonable


@dataclass
class Attribution:
    """Scores of one attribution method for one text, one row per explained target class.

    ``scores[k, i]`` is the contribution of token ``i`` to the model output for class ``targets[k]``
    (the output named in ``params["output"]``: a probability by default).
    """

    text: str
    tokens: List[str]
    scores: np.ndarray
    targets: List[int]
    labels: List[str]
    probabilities: np.ndarray
    method: str
    method_label: str = ""
    special: List[bool] = field(default_factory=list)
    space_before: List[bool] = field(default_factory=list)
    word_ids: List[Optional[int]] = field(default_factory=list)
    offsets: List[tuple] = field(default_factory=list)
    signed: bool = True
    params: Dict[str, Any] = field(default_factory=dict)
    diagnostics: Dict[str, Any] = field(default_factory=dict)
    truncated: bool = False
    n_truncated_tokens: int = 0
    max_length: int = 512
    model_name: str = ""

    def __post_init__(self) -> None:
        self.scores = np.asarray(self.scores, dtype=np.float64)
        if self.scores.ndim == 1:
            self.scores = self.scores[None, :]
        self.probabilities = np.asarray(self.probabilities, dtype=np.float64)
        n = len(self.tokens)
        if self.scores.shape != (len(self.targets), n):
            raise ValueError(f"scores has shape {self.scores.shape}; expected ({len(self.targets)} targets, {n} tokens)")
        self.special = list(self.special) or [False] * n
        self.space_before = list(self.space_before) or [True] * n
        self.word_ids = list(self.word_ids) or list(range(n))
        self.method_label = self.method_label or self.method.replace("_", " ").title()

    # ------------------------------------------------------------------ accessors
    @property
    def predicted(self) -> int:
        return int(np.argmax(self.probabilities))

    @property
    def predicted_label(self) -> str:
        return self.labels[self.predicted]

    @property
    def target(self) -> int:
        """The first (default shown) target class."""
        return self.targets[0]

    def _row(self, target=None) -> int:
        if target is None:
            return 0
        if isinstance(target, str):
            if target not in self.labels:
                raise ValueError(f"unknown target {target!r}; labels are {self.labels}")
            target = self.labels.index(target)
        if target not in self.targets:
            raise ValueError(f"no scores for class {target} ({self.labels[target]}); this result explains "
                             f"{[self.labels[t] for t in self.targets]}; recompute with target='all'")
        return self.targets.index(target)

    def scores_for(self, target=None) -> np.ndarray:
        """Scores for one target (index or label; default: the first explained target)."""
        return self.scores[self._row(target)]

    def top_tokens(self, k: int = 5, target=None) -> List[tuple]:
        """The ``k`` content tokens with the largest |score|, as (token, score) pairs."""
        s = self.scores_for(target)
        idx = [i for i in np.argsort(-np.abs(s), kind="stable") if not self.special[i]][:k]
        return [(self.tokens[i], float(s[i])) for i in idx]

    # ------------------------------------------------------------------ transforms
    def merge_words(self) -> "Attribution":
        """A new Attribution with word pieces merged into words (scores summed, as attributions are additive)."""
        groups: List[List[int]] = []
        key_prev = object()
        for i, (w, sp) in enumerate(zip(self.word_ids, self.special)):
            key = ("special", i) if (sp or w is None) else ("word", w)
            if groups and key == key_prev:
                groups[-1].append(i)
            else:
                groups.append([i])
            key_prev = key
        tokens, special, space, offsets = [], [], [], []
        for g in groups:
            if self.offsets and not self.special[g[0]]:
                s, e = self.offsets[g[0]][0], self.offsets[g[-1]][1]
                tokens.append(self.text[s:e])
                offsets.append((s, e))
            else:
                tokens.append("".join(self.tokens[i] for i in g))
                offsets.append(self.offsets[g[0]] if self.offsets else (0, 0))
            special.append(self.special[g[0]])
            space.append(self.space_before[g[0]])
        scores = np.stack([self.scores[:, g].sum(axis=1) for g in groups], axis=1)
        return Attribution(
            text=self.text, tokens=tokens, scores=scores, targets=list(self.targets), labels=list(self.labels),
            probabilities=self.probabilities.copy(), method=self.method, method_label=self.method_label,
            special=special, space_before=space, word_ids=list(range(len(groups))), offsets=offsets,
            signed=self.signed, params={**self.params, "merged_words": True}, diagnostics=dict(self.diagnostics),
            truncated=self.truncated, n_truncated_tokens=self.n_truncated_tokens, max_length=self.max_length,
            model_name=self.model_name)

    # ------------------------------------------------------------------ exports
    def to_pandas(self):
        """One row per token: position, token, special flag, and one score column per explained target."""
        import pandas as pd

        data = {"position": range(len(self.tokens)), "token": self.tokens, "special": self.special}
        for k, t in enumerate(self.targets):
            data[f"score[{self.labels[t]}]"] = self.scores[k]
        df = pd.DataFrame(data)
        df.attrs.update(method=self.method, text=self.text, predicted=self.predicted_label)
        return df

    def to_json(self) -> Dict[str, Any]:
        """The plain dict the widgets and the offline page read (see js/src/token_highlight.js)."""
        return jsonable({
            "method": self.method, "method_label": self.method_label, "text": self.text,
            "tokens": self.tokens, "special": self.special, "word_start": self.space_before,
            "word_ids": self.word_ids, "offsets": [list(o) for o in self.offsets],
            "targets": self.targets, "scores": self.scores, "signed": self.signed,
            "labels": self.labels, "probabilities": self.probabilities, "predicted": self.predicted,
            "truncated": self.truncated, "n_truncated_tokens": self.n_truncated_tokens,
            "max_length": self.max_length, "params": self.params, "diagnostics": self.diagnostics,
            "model_name": self.model_name,
        })

    @classmethod
    def from_json(cls, data: Union[str, Dict[str, Any]]) -> "Attribution":
        d = json.loads(data) if isinstance(data, str) else dict(data)
        return cls(
            text=d["text"], tokens=list(d["tokens"]), scores=np.array(d["scores"], dtype=float),
            targets=[int(t) for t in d["targets"]], labels=list(d["labels"]),
            probabilities=np.array(d["probabilities"], dtype=float), method=d["method"],
            method_label=d.get("method_label", ""), special=d.get("special", []),
            space_before=d.get("word_start", []), word_ids=d.get("word_ids", []),
            offsets=[tuple(o) for o in d.get("offsets", [])], signed=d.get("signed", True),
            params=d.get("params", {}), diagnostics=d.get("diagnostics", {}), truncated=d.get("truncated", False),
            n_truncated_tokens=d.get("n_truncated_tokens", 0), max_length=d.get("max_length", 512),
            model_name=d.get("model_name", ""))

    def plot(self, target=None, ax=None, cmap: str = "RdBu"):
        """A static bar chart of the token scores (matplotlib), for papers and non-widget front ends."""
        return _plot_rows([self], target, ax, cmap)

    def widget(self, **kwargs):
        from .widgets import TokenHighlight

        return TokenHighlight([self], **kwargs)

    def to_html(self, path: Optional[str] = None, title: Optional[str] = None) -> str:
        """A self-contained HTML page (no network needed) with this result's widget; written to ``path`` if
        given. Returns the HTML."""
        return _export(self, path, title or f"{self.method_label}: {self.text[:60]}")

    def _repr_mimebundle_(self, **kwargs):
        return widget_mimebundle(self, kwargs)

    def __repr__(self) -> str:
        top = ", ".join(f"{t!r}: {s:+.3g}" for t, s in self.top_tokens(3))
        return (f"Attribution(method={self.method!r}, predicted={self.predicted_label!r} "
                f"p={self.probabilities[self.predicted]:.3f}, tokens={len(self.tokens)}, "
                f"targets={[self.labels[t] for t in self.targets]}, top=[{top}])")


class Comparison(Sequence[Attribution]):
    """Several Attributions of the same text (one per method), shown together in one widget."""

    def __init__(self, results: Sequence[Attribution]):
        results = list(results)
        if not results:
            raise ValueError("a Comparison needs at least one Attribution")
        texts = {r.text for r in results}
        if len(texts) != 1:
            raise ValueError("all results of a Comparison must explain the same text")
        self.results = results

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, str):
            for r in self.results:
                if r.method == i:
                    return r
            raise KeyError(f"no result for method {i!r}; have {[r.method for r in self.results]}")
        return self.results[i]

    def __len__(self) -> int:
        return len(self.results)

    def __iter__(self) -> Iterator[Attribution]:
        return iter(self.results)

    @property
    def text(self) -> str:
        return self.results[0].text

    @property
    def methods(self) -> List[str]:
        return [r.method for r in self.results]

    def to_pandas(self, target=None):
        """Long table: method, position, token, target label, score."""
        import pandas as pd

        rows = []
        for r in self.results:
            for k, t in enumerate(r.targets):
                if target is not None and r._row(target) != k:
                    continue
                for i, (tok, sp) in enumerate(zip(r.tokens, r.special)):
                    rows.append({"method": r.method, "position": i, "token": tok, "special": sp,
                                 "target": r.labels[t], "score": float(r.scores[k, i])})
        return pd.DataFrame(rows)

    def to_json(self) -> List[Dict[str, Any]]:
        return [r.to_json() for r in self.results]

    def plot(self, target=None, ax=None, cmap: str = "RdBu"):
        return _plot_rows(self.results, target, ax, cmap)

    def widget(self, **kwargs):
        from .widgets import TokenHighlight

        return TokenHighlight(self.results, **kwargs)

    def to_html(self, path: Optional[str] = None, title: Optional[str] = None) -> str:
        return _export(self, path, title or f"Comparison: {self.text[:60]}")

    def _repr_mimebundle_(self, **kwargs):
        return widget_mimebundle(self, kwargs)

    def __repr__(self) -> str:
        return f"Comparison(methods={self.methods}, text={self.text[:40]!r})"


def _plot_rows(results: Sequence[Attribution], target, ax, cmap: str):
    """A heat-strip per method: tokens on the x axis, colour centred at zero, values annotated."""
    import matplotlib.pyplot as plt
    from matplotlib.colors import TwoSlopeNorm

    first = results[0]
    rows = np.stack([r.scores_for(target) for r in results])
    norm_rows = rows / np.maximum(np.abs(rows).max(axis=1, keepdims=True), 1e-12)
    if ax is None:
        _, ax = plt.subplots(figsize=(max(6, 0.7 * len(first.tokens)), 0.6 + 0.5 * len(results)))
    ax.imshow(norm_rows, cmap=cmap, norm=TwoSlopeNorm(0, -1, 1), aspect="auto")
    ax.set_xticks(range(len(first.tokens)), first.tokens, rotation=60, ha="right")
    ax.set_yticks(range(len(results)), [r.method_label for r in results])
    for label in ax.get_xticklabels():  # token text is text: "$5 $" must not be read as mathtext
        label.set_parse_math(False)
    for (i, j), v in np.ndenumerate(rows):
        ax.text(j, i, f"{v:.2g}", ha="center", va="center", fontsize=7)
    t = first.targets[first._row(target)]
    ax.set_title(f"attributions to p({first.labels[t]}) (each row scaled by its max |score|)", fontsize=9)
    return ax


def _export(obj, path, title):
    from .export import to_html_string

    html = to_html_string(obj, title=title)
    if path is not None:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(html)
    return html
