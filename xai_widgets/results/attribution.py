"""The feature-attribution result, whatever the modality: ``Attribution`` (one method on one input) and
``Comparison`` (several methods on the same input).

An attribution holds scores per explained target per feature, the model's outputs on the input, the method and its
parameters, and diagnostics. ``layout`` says what the features are and how to show them: ``"tokens"`` (a text:
``tokens`` are the token strings, ``special`` marks [CLS]/[SEP]), ``"table"`` (one row of a table: ``tokens`` are
the column names, ``feature_values`` the row's values) or ``"image"`` (``image`` is the HxWx3 uint8 picture the
model saw, ``heatmap`` [targets, H, W] the per-pixel map at that resolution; the features, for ``scores`` and the
evaluation metrics, are the cells of a ``patch_size`` grid, each scored by the sum of its pixels). Both follow the result protocol of ``results/base.py``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, List, Optional, Sequence, Union

import numpy as np

from .._json import jsonable
from .base import Result
from .static_html import attribution_html, many

LAYOUTS = ("tokens", "table", "image")


@dataclass(repr=False)
class Attribution(Result):
    """Scores of one attribution method for one input, one row per explained target class.

    ``scores[k, i]`` is the contribution of feature ``i`` (a token, a column) to the model output for class
    ``targets[k]`` (the output named in ``params["output"]``: a probability by default, the prediction of a
    regression model). ``probabilities`` holds the model's outputs on the input for every class (for a regressor:
    ``[prediction]``). ``base_values[k]``, where the method has one, is the reference output that the scores add up
    from: ``base_values[k] + sum(scores[k]) == f(x)`` for additive methods (SHAP, linear contributions).
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
    layout: str = "tokens"
    feature_values: Optional[List[Any]] = None
    base_values: Optional[List[float]] = None
    image: Optional[np.ndarray] = None
    heatmap: Optional[np.ndarray] = None
    patch_size: int = 0

    def __post_init__(self) -> None:
        if self.layout not in LAYOUTS:
            raise ValueError(f"layout must be one of {LAYOUTS}, got {self.layout!r}")
        if self.layout == "image":
            if self.image is None or self.heatmap is None:
                raise ValueError("an image attribution needs image (HxWx3 uint8) and heatmap ([targets, H, W])")
            self.image = np.asarray(self.image, dtype=np.uint8)
            self.heatmap = np.asarray(self.heatmap, dtype=np.float32)
            if self.heatmap.ndim == 2:
                self.heatmap = self.heatmap[None]
            if self.heatmap.shape != (len(self.targets),) + self.image.shape[:2]:
                raise ValueError(f"heatmap has shape {self.heatmap.shape}; expected ({len(self.targets)} targets, "
                                 f"{self.image.shape[0]}, {self.image.shape[1]})")
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
        if self.feature_values is not None and len(self.feature_values) != n:
            raise ValueError(f"feature_values has {len(self.feature_values)} entries for {n} features")
        if self.base_values is not None:
            self.base_values = [float(v) for v in self.base_values]

    @property
    def view(self) -> str:  # type: ignore[override]
        return {"table": "feature_importance", "image": "image_heatmap"}.get(self.layout, "token_highlight")

    @property
    def features(self) -> List[str]:
        """The features' display names: the tokens of a text, the column names of a table row."""
        return self.tokens

    def input_key(self):
        """What identifies the explained input: the text, or the row's values."""
        if self.layout == "image":
            import hashlib

            return hashlib.blake2b(np.ascontiguousarray(self.image).tobytes(), digest_size=16).hexdigest()
        return self.text if self.layout == "tokens" else tuple(map(str, self.feature_values or ()))

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

    def heatmap_for(self, target=None) -> np.ndarray:
        """The per-pixel map [H, W] for one target (image attributions)."""
        if self.heatmap is None:
            raise ValueError("heatmap_for() applies to image attributions; use scores_for()")
        return self.heatmap[self._row(target)]

    def top_tokens(self, k: int = 5, target=None) -> List[tuple]:
        """The ``k`` content tokens (or features) with the largest |score|, as (token, score) pairs."""
        s = self.scores_for(target)
        idx = [i for i in np.argsort(-np.abs(s), kind="stable") if not self.special[i]][:k]
        return [(self.tokens[i], float(s[i])) for i in idx]

    # ------------------------------------------------------------------ transforms
    def merge_words(self) -> "Attribution":
        """A new Attribution with word pieces merged into words (scores summed, as attributions are additive)."""
        if self.layout != "tokens":
            raise ValueError("merge_words() applies to token attributions; this one explains a table row")
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
        """One row per token (position, token, special flag) or per feature (feature, value), and one score
        column per explained target."""
        import pandas as pd

        if self.layout == "table":
            data = {"feature": self.tokens, "value": list(self.feature_values or [None] * len(self.tokens))}
        elif self.layout == "image":
            cols = -(-self.image.shape[1] // self.patch_size)
            data = {"cell": range(len(self.tokens)), "row": [i // cols for i in range(len(self.tokens))],
                    "col": [i % cols for i in range(len(self.tokens))]}
        else:
            data = {"position": range(len(self.tokens)), "token": self.tokens, "special": self.special}
        for k, t in enumerate(self.targets):
            data[f"score[{self.labels[t]}]"] = self.scores[k]
        df = pd.DataFrame(data)
        df.attrs.update(method=self.method, text=self.text, predicted=self.predicted_label)
        return df

    def to_json(self) -> Dict[str, Any]:
        """The plain dict the widgets and the offline page read (js/src/token_highlight.js,
        js/src/feature_importance.js, js/src/image_heatmap.js). An image travels as base64 PNG, its heat map as
        base64 float32."""
        extra = {}
        if self.layout == "image":
            from .image_encoding import array_to_json, png_base64

            extra = {"image_png": png_base64(self.image), "heatmap": array_to_json(self.heatmap),
                     "patch_size": self.patch_size}
        return jsonable({**extra,
            "layout": self.layout, "feature_values": self.feature_values, "base_values": self.base_values,
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
        image = heat = None
        if d.get("layout") == "image":
            import base64

            from .image_encoding import array_from_json, image_from_png

            image = image_from_png(base64.b64decode(d["image_png"]))
            heat = array_from_json(d["heatmap"])
        return cls(image=image, heatmap=heat, patch_size=int(d.get("patch_size") or 0),
            text=d["text"], tokens=list(d["tokens"]), scores=np.array(d["scores"], dtype=float),
            targets=[int(t) for t in d["targets"]], labels=list(d["labels"]),
            probabilities=np.array(d["probabilities"], dtype=float), method=d["method"],
            method_label=d.get("method_label", ""), special=d.get("special", []),
            space_before=d.get("word_start", []), word_ids=d.get("word_ids", []),
            offsets=[tuple(o) for o in d.get("offsets", [])], signed=d.get("signed", True),
            params=d.get("params", {}), diagnostics=d.get("diagnostics", {}), truncated=d.get("truncated", False),
            n_truncated_tokens=d.get("n_truncated_tokens", 0), max_length=d.get("max_length", 512),
            model_name=d.get("model_name", ""), layout=d.get("layout") or "tokens",
            feature_values=d.get("feature_values"), base_values=d.get("base_values"))

    def plot(self, target=None, ax=None, cmap: str = "RdBu"):
        """A static chart (matplotlib): a heat strip of the token scores, or signed bars of the feature scores."""
        if self.layout == "table":
            return _plot_bars([self], target, ax)
        if self.layout == "image":
            return _plot_images([self], target, ax)
        return _plot_rows([self], target, ax, cmap)

    def _title(self) -> str:
        what = {"tokens": self.text[:60], "image": f"image ({self.text})"}.get(self.layout,
                                                                               f"{len(self.tokens)} features")
        return f"{self.method_label}: {what}"

    def _static_html(self) -> str:
        if self.layout == "image":
            from .image_encoding import image_attribution_html

            return image_attribution_html(self)
        return attribution_html(self.to_json())

    def __repr__(self) -> str:
        if self.layout == "image":
            k = int(np.argmax(self.heatmap[0].sum(axis=1))) if self.heatmap is not None else 0
            return (f"Attribution(method={self.method!r}, image {self.image.shape[1]}x{self.image.shape[0]}, "
                    f"predicted={self.predicted_label!r} p={self.probabilities[self.predicted]:.3f}, "
                    f"targets={[self.labels[t] for t in self.targets]}, grid cells={len(self.tokens)}, "
                    f"hottest row={k})")
        top = ", ".join(f"{t!r}: {s:+.3g}" for t, s in self.top_tokens(3))
        what = "tokens" if self.layout == "tokens" else "features"
        probs = self.probabilities
        out = "p" if len(probs) > 1 and abs(float(probs.sum()) - 1.0) < 1e-6 else "f"
        return (f"Attribution(method={self.method!r}, predicted={self.predicted_label!r} "
                f"{out}={self.probabilities[self.predicted]:.3f}, {what}={len(self.tokens)}, "
                f"targets={[self.labels[t] for t in self.targets]}, top=[{top}])")


class Comparison(Result, Sequence[Attribution]):
    """Several Attributions of the same input (one per method), shown together in one widget."""

    def __init__(self, results: Sequence[Attribution]):
        results = list(results)
        if not results:
            raise ValueError("a Comparison needs at least one Attribution")
        if len({(r.layout, r.input_key()) for r in results}) != 1:
            raise ValueError("all results of a Comparison must explain the same text (or table row)")
        self.results = results

    @property
    def view(self) -> str:  # type: ignore[override]
        return self.results[0].view

    @property
    def layout(self) -> str:
        return self.results[0].layout

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
        """Long table: method, position, token (or feature), target label, score."""
        import pandas as pd

        rows = []
        for r in self.results:
            for k, t in enumerate(r.targets):
                if target is not None and r._row(target) != k:
                    continue
                for i, (tok, sp) in enumerate(zip(r.tokens, r.special)):
                    key = {"feature": tok} if r.layout == "table" else {"token": tok, "special": sp}
                    rows.append({"method": r.method, "position": i, **key,
                                 "target": r.labels[t], "score": float(r.scores[k, i])})
        return pd.DataFrame(rows)

    def to_json(self) -> List[Dict[str, Any]]:  # type: ignore[override]
        return [r.to_json() for r in self.results]

    @classmethod
    def from_json(cls, data) -> "Comparison":
        items = json.loads(data) if isinstance(data, str) else list(data)
        return cls([Attribution.from_json(d) for d in items])

    def plot(self, target=None, ax=None, cmap: str = "RdBu"):
        if self.layout == "table":
            return _plot_bars(self.results, target, ax)
        if self.layout == "image":
            return _plot_images(self.results, target, ax)
        return _plot_rows(self.results, target, ax, cmap)

    def _title(self) -> str:
        return f"Comparison: {self.text[:60]}" if self.layout == "tokens" else f"Comparison of {len(self)} methods"

    def _static_html(self) -> str:
        return many([r._static_html() for r in self.results])

    def __repr__(self) -> str:
        what = f"text={self.text[:40]!r}" if self.layout == "tokens" else f"features={len(self.results[0].tokens)}"
        return f"Comparison(methods={self.methods}, {what})"


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


def _plot_images(results: Sequence[Attribution], target, ax):
    """The image, then one heat map over it per method (diverging colours for signed maps)."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(1, len(results) + 1, figsize=(3 * (len(results) + 1), 3.2))
    axes = list(np.atleast_1d(ax))
    first = results[0]
    axes[0].imshow(first.image)
    t = first.targets[first._row(target)]
    axes[0].set_title(f"{first.labels[t]} p={first.probabilities[t]:.2f}", fontsize=9)
    for a, r in zip(axes[1:], results):
        h = r.heatmap_for(target)
        v = float(np.abs(h).max()) or 1.0
        a.imshow(r.image)
        a.imshow(h, cmap="RdBu" if r.signed else "inferno", vmin=-v if r.signed else 0, vmax=v,
                 alpha=0.6, interpolation="bilinear")
        a.set_title(r.method_label, fontsize=9)
    for a in axes:
        a.set_axis_off()
    return axes


def _plot_bars(results: Sequence[Attribution], target, ax):
    """Signed horizontal bars per feature, one group of bars per method, features by the first method's |score|."""
    import matplotlib.pyplot as plt

    first = results[0]
    order = np.argsort(-np.abs(first.scores_for(target)), kind="stable")[::-1]
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 0.6 + 0.32 * len(order) * max(1, len(results)) ** 0.5))
    height = 0.8 / len(results)
    for m, r in enumerate(results):
        s = r.scores_for(target)[order]
        ax.barh(np.arange(len(order)) + m * height - 0.4 + height / 2, s, height=height, label=r.method_label)
    names = [f"{first.tokens[i]} = {first.feature_values[i]:.4g}" if isinstance(first.feature_values[i], float)
             else f"{first.tokens[i]} = {first.feature_values[i]}" for i in order] if first.feature_values else \
        [first.tokens[i] for i in order]
    ax.set_yticks(range(len(order)), names)
    for label in ax.get_yticklabels():
        label.set_parse_math(False)
    ax.axvline(0, color="0.5", lw=0.8)
    t = first.targets[first._row(target)]
    unit = first.params.get("output", "probability")
    ax.set_xlabel(f"contribution to {unit} of {first.labels[t]}")
    if len(results) > 1:
        ax.legend(fontsize=8)
    return ax
