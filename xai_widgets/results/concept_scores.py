"""The result of a concept test (TCAV): ``ConceptScores``.

``scores[c, l, r]`` is the TCAV score of concept c at layer l against random set r (the share of examples whose
directional derivative along the CAV is positive); ``random_scores[l, r]`` the random-vs-random scores of layer
l, the null distribution; ``p_values`` / ``p_holm`` the two-sided t-tests of the former against the latter, raw
and Holm-corrected over concepts x layers; ``cav_accuracy`` the CAVs' held-out accuracies. Per explained example:
``sensitivity[c, l, i]`` (the directional derivative along the mean CAV of c at l), ``alignment[c, l, i]`` (cosine
of the example's pooled activation with that CAV) and ``token_sensitivity[i][c, l, t]`` (per token).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Dict, List, Union

import numpy as np

from .._json import jsonable
from .base import Result
from .static_html import bar_svg, esc, number

#: a CAV whose mean held-out accuracy is below this is flagged: it does not separate the concept at that layer
NEAR_CHANCE = 0.6


@dataclass(repr=False)
class ConceptScores(Result):
    concepts: List[str]
    layers: List[int]
    layer_names: List[str]
    n_layers: int
    target: int
    labels: List[str]
    scores: np.ndarray
    random_scores: np.ndarray
    cav_accuracy: np.ndarray
    random_accuracy: np.ndarray
    p_values: np.ndarray
    p_holm: np.ndarray
    alpha: float
    examples: List[str]
    example_tokens: List[List[str]]
    example_special: List[List[bool]]
    example_outputs: np.ndarray
    example_probabilities: np.ndarray
    sensitivity: np.ndarray
    alignment: np.ndarray
    token_sensitivity: List[np.ndarray]
    p_set: Any = None
    p_set_holm: Any = None
    concept_sizes: Dict[str, int] = field(default_factory=dict)
    random_set_size: int = 0
    params: Dict[str, Any] = field(default_factory=dict)
    model_name: str = ""
    #: every CAV, [layers, concepts * R + R, hidden]: concept c's run r at row c * R + r, then the R random-vs-random
    #: CAVs (kept in memory for reuse; not part of to_json)
    cavs: Any = None

    view = "concept_report"

    def __post_init__(self) -> None:
        for name in ("scores", "random_scores", "cav_accuracy", "random_accuracy", "p_values", "p_holm",
                     "example_outputs", "example_probabilities", "sensitivity", "alignment"):
            setattr(self, name, np.asarray(getattr(self, name), dtype=np.float64))
        self.token_sensitivity = [np.asarray(t, dtype=np.float64) for t in self.token_sensitivity]
        for name in ("p_set", "p_set_holm"):
            v = getattr(self, name)
            setattr(self, name, np.full(self.p_values.shape, np.nan) if v is None else np.asarray(v, dtype=float))
        C, L = len(self.concepts), len(self.layers)
        if self.scores.shape[:2] != (C, L) or self.p_values.shape != (C, L):
            raise ValueError(f"scores {self.scores.shape} / p_values {self.p_values.shape} do not match "
                             f"{C} concepts x {L} layers")

    # ------------------------------------------------------------------ accessors
    @property
    def target_label(self) -> str:
        return self.labels[self.target]

    @property
    def significant(self) -> np.ndarray:
        return self.p_holm < self.alpha

    @property
    def significant_set(self) -> np.ndarray:
        """Significant by the set-level test (``p_set_holm < alpha``): unusual for a random set, not only for a
        random run."""
        return self.p_set_holm < self.alpha

    @property
    def tcav_scores(self) -> np.ndarray:
        """Mean TCAV score over the random runs, [concepts, layers]."""
        return self.scores.mean(axis=2)

    def _index(self, concept, layer):
        if concept not in self.concepts:
            raise ValueError(f"unknown concept {concept!r}; this result has {self.concepts}")
        ci = self.concepts.index(concept)
        k = layer % self.n_layers if isinstance(layer, (int, np.integer)) and not isinstance(layer, bool) else layer
        if k not in self.layers:
            raise ValueError(f"layer {layer!r} was not tested; tested layers: {self.layers}")
        return ci, self.layers.index(k)

    def aligned_examples(self, concept: str, layer: int, k: int = 5):
        """The ``k`` examples most and least aligned with the concept's mean CAV at ``layer`` (a DataFrame with
        columns kind, rank, text, alignment, sensitivity)."""
        import pandas as pd

        ci, li = self._index(concept, layer)
        a = self.alignment[ci, li]
        order = np.argsort(-a, kind="stable")
        rows = []
        for kind, idx in (("most aligned", order[:k]), ("least aligned", order[::-1][:k])):
            for rank, i in enumerate(idx, 1):
                rows.append({"kind": kind, "rank": rank, "text": self.examples[i], "alignment": float(a[i]),
                             "sensitivity": float(self.sensitivity[ci, li, i])})
        return pd.DataFrame(rows)

    def token_attribution(self, concept: str, layer: int, example: int = 0):
        """The per-token concept sensitivity of one example as an ``Attribution`` (for ``TokenHighlight``):
        token t's score is grad_t f . v, the change of the output when the concept direction is added at t."""
        from .attribution import Attribution

        ci, li = self._index(concept, layer)
        if not 0 <= example < len(self.examples):
            raise ValueError(f"example {example} out of range 0..{len(self.examples) - 1}")
        s = self.token_sensitivity[example][ci, li]
        return Attribution(
            text=self.examples[example], tokens=list(self.example_tokens[example]), scores=s[None],
            targets=[self.target], labels=list(self.labels), probabilities=self.example_probabilities[example],
            method="tcav_sensitivity", method_label=f"Concept sensitivity: {concept} (layer {self.layers[li]})",
            special=list(self.example_special[example]), signed=True,
            params={"concept": concept, "layer": self.layers[li], "output": self.params.get("output")},
            model_name=self.model_name)

    # ------------------------------------------------------------------ exports
    def to_pandas(self):
        """One row per concept and layer: concept, layer, target, tcav_score, tcav_std, random_mean, random_std,
        p_value, p_holm, significant (the TCAV paper's t-test over runs), p_set_holm, significant_set (the set-level test,
        see ``concepts/tcav.py``), cav_accuracy, cav_near_chance."""
        import pandas as pd

        rows = []
        for ci, c in enumerate(self.concepts):
            for li, k in enumerate(self.layers):
                acc = float(np.nanmean(self.cav_accuracy[ci, li]))
                rows.append({"concept": c, "layer": k, "target": self.target_label,
                             "tcav_score": float(self.scores[ci, li].mean()),
                             "tcav_std": float(self.scores[ci, li].std()),
                             "random_mean": float(self.random_scores[li].mean()),
                             "random_std": float(self.random_scores[li].std()),
                             "p_value": float(self.p_values[ci, li]), "p_holm": float(self.p_holm[ci, li]),
                             "significant": bool(self.significant[ci, li]),
                             "p_set_holm": float(self.p_set_holm[ci, li]),
                             "significant_set": bool(self.significant_set[ci, li]), "cav_accuracy": acc,
                             "cav_near_chance": bool(acc < NEAR_CHANCE)})
        return pd.DataFrame(rows)

    def to_json(self) -> Dict[str, Any]:
        return jsonable({
            "kind": "concept_scores", "concepts": self.concepts, "layers": self.layers,
            "layer_names": self.layer_names, "n_layers": self.n_layers, "target": self.target,
            "labels": self.labels, "scores": self.scores, "random_scores": self.random_scores,
            "cav_accuracy": self.cav_accuracy, "random_accuracy": self.random_accuracy,
            "p_values": self.p_values, "p_holm": self.p_holm, "alpha": self.alpha,
            "p_set": self.p_set, "p_set_holm": self.p_set_holm, "significant_set": self.significant_set,
            "significant": self.significant, "near_chance": NEAR_CHANCE,
            "examples": self.examples, "example_tokens": self.example_tokens,
            "example_special": self.example_special, "example_outputs": self.example_outputs,
            "example_probabilities": self.example_probabilities,
            "sensitivity": self.sensitivity, "alignment": self.alignment,
            "token_sensitivity": self.token_sensitivity, "concept_sizes": self.concept_sizes,
            "random_set_size": self.random_set_size, "params": self.params, "model_name": self.model_name})

    @classmethod
    def from_json(cls, data: Union[str, Dict[str, Any]]) -> "ConceptScores":
        d = json.loads(data) if isinstance(data, str) else dict(data)
        keys = ("concepts", "layers", "layer_names", "n_layers", "target", "labels", "scores", "random_scores",
                "cav_accuracy", "random_accuracy", "p_values", "p_holm", "alpha", "p_set", "p_set_holm", "examples", "example_tokens",
                "example_special", "example_outputs", "example_probabilities", "sensitivity", "alignment", "token_sensitivity",
                "concept_sizes", "random_set_size", "params", "model_name")
        kw = {k: d[k] for k in keys if k in d}
        for k in ("cav_accuracy", "random_accuracy", "p_values", "p_holm", "p_set", "p_set_holm"):
            if k in kw and kw[k] is not None:  # None stood for NaN in JSON; older results have no p_set
                kw[k] = np.array(kw[k], dtype=float)
        return cls(**kw)

    def plot(self, ax=None):
        """Bars of the mean TCAV score per concept and layer, the random runs' mean +- 2 sd as a band, stars on
        the significant ones."""
        import matplotlib.pyplot as plt

        C, L = len(self.concepts), len(self.layers)
        if ax is None:
            _, ax = plt.subplots(figsize=(1.2 + 0.9 * L * max(1, C) ** 0.7, 3.2))
        width = 0.8 / C
        x = np.arange(L)
        lo = self.random_scores.mean(1) - 2 * self.random_scores.std(1)
        hi = self.random_scores.mean(1) + 2 * self.random_scores.std(1)
        for li in range(L):
            ax.fill_between([li - 0.45, li + 0.45], lo[li], hi[li], color="0.85", lw=0)
        for ci, c in enumerate(self.concepts):
            m, sd = self.scores[ci].mean(1), self.scores[ci].std(1)
            pos = x - 0.4 + width * (ci + 0.5)
            ax.bar(pos, m, width, yerr=sd, label=c, capsize=2)
            for li in range(L):
                if self.significant[ci, li]:
                    ax.text(pos[li], min(1.02, m[li] + sd[li] + 0.02), "*", ha="center")
        ax.set_xticks(x, [f"layer {k}" for k in self.layers])
        ax.set_ylim(0, 1.08)
        ax.set_ylabel(f"TCAV score ({self.target_label})")
        ax.legend(fontsize=8)
        ax.set_title("grey: random concepts, mean \u00b1 2 sd; *: significant (Holm)", fontsize=9)
        return ax

    def _title(self) -> str:
        return f"TCAV: {', '.join(self.concepts)} \u2192 {self.target_label}"

    def _static_html(self) -> str:
        df = self.to_pandas()
        head = "".join(f"<th style='padding:2px 8px'>{esc(c)}</th>" for c in
                       ("concept", "layer", "TCAV", "random", "p (Holm)", "significant", "CAV accuracy"))
        body = []
        for _, r in df.iterrows():
            flag = " (near chance)" if r.cav_near_chance else ""
            body.append("<tr>" + "".join(f"<td style='padding:2px 8px'>{v}</td>" for v in (
                esc(r.concept), esc(r.layer), f"{number(r.tcav_score, 3)} \u00b1 {number(r.tcav_std, 2)}",
                f"{number(r.random_mean, 3)} \u00b1 {number(r.random_std, 2)}", number(r.p_holm, 3),
                "yes" if r.significant else "no", esc(number(r.cav_accuracy, 3) + flag))) + "</tr>")
        caption = esc(f"TCAV scores for {self.target_label!r} over {len(self.examples)} examples, "
                      f"{self.params.get('random_concepts')} random runs")
        return (f"<div style='font-family:system-ui,sans-serif;font-size:13px'><div>{caption}</div>"
                f"<table style='border-collapse:collapse'><tr>{head}</tr>{''.join(body)}</table>"
                + bar_svg([f"{r.concept} @ {r.layer}" for _, r in df.iterrows()], list(df.tcav_score), signed=False,
                          caption="TCAV score (0.5: no direction)",
                          annotations=[f"random {number(v, 2)}" for v in df.random_mean], max_rows=40)
                + "</div>")

    def __repr__(self) -> str:
        sig = [f"{c}@{k}" for ci, c in enumerate(self.concepts) for li, k in enumerate(self.layers)
               if self.significant[ci, li]]
        return (f"ConceptScores(concepts={self.concepts}, layers={self.layers}, target={self.target_label!r}, "
                f"examples={len(self.examples)}, significant={sig})")


__all__ = ["ConceptScores", "NEAR_CHANCE"]
