"""Faithfulness: does the model's output move when the tokens an attribution ranks highest are hidden or kept?

With p = p(y | x) the probability of the explained class on the full input and r_k the k content tokens ranked
highest by the attribution (ties keep the token order):

- comprehensiveness@k = p - p(y | x without r_k)          (ERASER, DeYoung et al. 2020; higher is better)
- sufficiency@k       = p - p(y | r_k only)               (lower is better)
- AOPC (area over the perturbation curve) = the mean over bins k in B of the above. ``comprehensiveness`` and
  ``sufficiency`` use ERASER's bins B = {1, 5, 10, 20, 50} % of the content tokens; ``aopc_comprehensiveness``
  and ``aopc_sufficiency`` use ferret's B = {10, 20, ..., 100} %. k = max(1, floor(q * n)).
- deletion curve: p(y | x with the top j tokens hidden) for j = 0..n; ``deletion_auc`` is its area over the
  fraction hidden j / n in [0, 1] (trapezoid rule; lower is better). Insertion starts from every content token
  hidden and restores them in rank order; ``insertion_auc`` (higher is better). With ``curve_points=m`` the curves
  are sampled at j = 0 and j = max(1, floor(q * n)) for q in linspace(0, 1, m)[1:] (for m = 11 these are ferret's
  AOPC inputs, so the two share their model calls).

Hidden tokens are removed (``replacement="remove"``, as ERASER and ferret do) or replaced by the mask / pad / unk
token. [CLS]/[SEP] and the like are never hidden. Every perturbed input of one attribution (all metrics) goes to
the adapter's ``predict_ids`` in one call, which deduplicates and length-buckets them; ``run_plans`` batches the
inputs of many attributions into one call.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from ..methods.base import check_replacement, perturbed_ids
from .metric import MetricSpec, register_metric

ERASER_BINS = (0.01, 0.05, 0.10, 0.20, 0.50)
FERRET_BINS = tuple(round(0.1 * i, 1) for i in range(1, 11))
RANKINGS = ("signed", "absolute")

_NEEDS = ("model", "attribution")
COMPREHENSIVENESS = register_metric(MetricSpec(
    "comprehensiveness", "Comprehensiveness (AOPC, ERASER bins)", "faithfulness", True, _NEEDS,
    "mean_{q in {1,5,10,20,50}%} [p(y|x) - p(y|x \\ r_q)]",
    "Drop of the explained class probability when the top-ranked tokens are hidden.", (-1.0, 1.0)))
SUFFICIENCY = register_metric(MetricSpec(
    "sufficiency", "Sufficiency (AOPC, ERASER bins)", "faithfulness", False, _NEEDS,
    "mean_{q in {1,5,10,20,50}%} [p(y|x) - p(y|r_q)]",
    "Drop of the explained class probability when only the top-ranked tokens are kept.", (-1.0, 1.0)))
AOPC_COMPREHENSIVENESS = register_metric(MetricSpec(
    "aopc_comprehensiveness", "AOPC comprehensiveness (10..100 %)", "faithfulness", True, _NEEDS,
    "mean_{q in {10,...,100}%} [p(y|x) - p(y|x \\ r_q)]", "ferret's AOPC comprehensiveness bins.", (-1.0, 1.0)))
AOPC_SUFFICIENCY = register_metric(MetricSpec(
    "aopc_sufficiency", "AOPC sufficiency (10..100 %)", "faithfulness", False, _NEEDS,
    "mean_{q in {10,...,100}%} [p(y|x) - p(y|r_q)]", "ferret's AOPC sufficiency bins.", (-1.0, 1.0)))
DELETION_AUC = register_metric(MetricSpec(
    "deletion_auc", "Deletion AUC", "faithfulness", False, _NEEDS,
    "integral_0^1 p(y | x without the top t*n tokens) dt",
    "Area under the probability curve as tokens are hidden in rank order.", (0.0, 1.0)))
INSERTION_AUC = register_metric(MetricSpec(
    "insertion_auc", "Insertion AUC", "faithfulness", True, _NEEDS,
    "integral_0^1 p(y | only the top t*n tokens) dt",
    "Area under the probability curve as tokens are restored in rank order.", (0.0, 1.0)))

FAITHFULNESS_METRICS = [m.name for m in (COMPREHENSIVENESS, SUFFICIENCY, AOPC_COMPREHENSIVENESS, AOPC_SUFFICIENCY,
                                         DELETION_AUC, INSERTION_AUC)]
_BINS = {"comprehensiveness": ERASER_BINS, "sufficiency": ERASER_BINS, "aopc_comprehensiveness": FERRET_BINS,
         "aopc_sufficiency": FERRET_BINS}


def rank_tokens(scores: Sequence[float], ranking: str = "signed") -> np.ndarray:
    """Content-token indices from most to least important: by signed score (evidence for the class first) or
    by |score|. Stable: ties keep the token order."""
    if ranking not in RANKINGS:
        raise ValueError(f"unknown ranking {ranking!r}; accepted: {list(RANKINGS)}")
    s = np.asarray(scores, dtype=float)
    key = np.abs(s) if ranking == "absolute" else s
    return np.argsort(-key, kind="stable")


def bin_sizes(n: int, fractions: Sequence[float]) -> List[int]:
    """k = max(1, floor(q * n)) tokens for each fraction q (never more than n)."""
    return [int(min(n, max(1, np.floor(q * n + 1e-9)))) for q in fractions]


def top_k_keep(order: np.ndarray, n: int, k: int, keep_top: bool) -> np.ndarray:
    """A keep row over n content tokens: only the top k kept (``keep_top``) or the top k hidden."""
    row = np.zeros(n, dtype=np.int8) if keep_top else np.ones(n, dtype=np.int8)
    row[order[:k]] = 1 if keep_top else 0
    return row


def auc(x: Sequence[float], y: Sequence[float]) -> float:
    """Trapezoid area under y(x)."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    return float(np.sum((x[1:] - x[:-1]) * (y[1:] + y[:-1]) / 2.0))


def check_metrics(metrics: Optional[Sequence[str]]) -> List[str]:
    if metrics is None:
        return list(FAITHFULNESS_METRICS)
    from .metric import get_metric

    names = [get_metric(m).name for m in metrics]
    bad = [m for m in names if m not in FAITHFULNESS_METRICS]
    if bad:
        raise ValueError(f"{bad} are not faithfulness metrics; accepted: {FAITHFULNESS_METRICS}")
    return names


def encode_for(adapter, attribution):
    """The adapter's encoding of the attribution's text, checked against the attribution's tokens."""
    enc = adapter.encode(attribution.text, warn=False)
    if len(enc.input_ids) != len(attribution.tokens) or list(enc.special) != list(attribution.special):
        raise ValueError(
            f"the attribution ({attribution.method}) has {len(attribution.tokens)} tokens but the model's tokenizer "
            f"gives {len(enc.input_ids)} for its text; evaluate token-level attributions made with this model "
            "(not merge_words() results)")
    return enc


@dataclass
class FaithfulnessResult:
    """Metric values of one attribution, the curves behind them and the per-bin drops."""

    values: Dict[str, float]
    curves: Dict[str, Tuple[List[float], List[float]]] = field(default_factory=dict)
    bins: Dict[str, Dict[str, List[float]]] = field(default_factory=dict)
    probability: float = float("nan")
    target: int = 0
    n_inputs: int = 0


class FaithfulnessPlan:
    """The perturbed inputs every requested metric needs for one attribution, and how to score them.

    ``plan.inputs()`` -> id lists (row 0 is the full input); ``plan.finish(probs)`` with the model's
    probabilities for those inputs -> ``FaithfulnessResult``.
    """

    def __init__(self, adapter, attribution, metrics: Optional[Sequence[str]] = None, replacement: str = "remove",
                 ranking: str = "signed", target=None, curve_points: Optional[int] = None):
        self.metrics = check_metrics(metrics)
        self.replacement = check_replacement(replacement)
        self.adapter = adapter
        self.attribution = attribution
        self.enc = encode_for(adapter, attribution)
        row = attribution._row(target)
        self.target = int(attribution.targets[row])
        content = self.enc.content_positions
        self.n = n = len(content)
        self.order = rank_tokens(attribution.scores[row][content], ranking)
        rows: List[np.ndarray] = [np.ones(n, dtype=np.int8)]
        self.slices: Dict[str, Tuple[List[int], List[float]]] = {}

        def add(keeps, xs):
            start = len(rows)
            rows.extend(keeps)
            return list(range(start, len(rows))), list(xs)

        for m in self.metrics:
            if m in _BINS:
                ks = bin_sizes(n, _BINS[m])
                keep_top = m.endswith("sufficiency")
                self.slices[m] = add([top_k_keep(self.order, n, k, keep_top) for k in ks], ks)
            else:
                if curve_points is None or curve_points >= n + 1:
                    js = list(range(n + 1))
                else:  # the same k rule as the bins, so that the rows coincide with the AOPC rows (deduplicated)
                    qs = np.linspace(0, 1, max(2, int(curve_points)))[1:]
                    js = sorted(set([0] + bin_sizes(n, qs)))
                keep_top = m == "insertion_auc"
                self.slices[m] = add([top_k_keep(self.order, n, j, keep_top) for j in js], [j / n for j in js])
        self.keep = np.stack(rows)

    def inputs(self) -> List[List[int]]:
        return perturbed_ids(self.enc, self.keep, self.replacement, self.adapter)

    def finish(self, probs: np.ndarray) -> FaithfulnessResult:
        p = np.asarray(probs, dtype=float)[:, self.target]
        full = float(p[0])
        values, curves, bins = {}, {}, {}
        for m in self.metrics:
            idx, xs = self.slices[m]
            ys = p[idx]
            if m in _BINS:
                drops = full - ys
                values[m] = float(np.mean(drops))
                bins[m] = {"k": [int(k) for k in xs], "drop": drops.tolist()}
            else:
                values[m] = auc(xs, ys)
                curves[m.replace("_auc", "")] = ([float(x) for x in xs], ys.tolist())
        n_unique = len({r.tobytes() for r in self.keep})
        return FaithfulnessResult(values, curves, bins, full, self.target, n_unique)


def run_plans(adapter, plans: Sequence[FaithfulnessPlan]) -> List[FaithfulnessResult]:
    """Score many plans with one ``predict_ids`` call (deduplicated, length-bucketed, batched by the adapter's
    token budget) over all their inputs."""
    seqs, bounds = [], []
    for plan in plans:
        ids = plan.inputs()
        bounds.append((len(seqs), len(seqs) + len(ids)))
        seqs.extend(ids)
    probs = adapter.predict_ids(seqs, output="probability") if seqs else np.zeros((0, len(adapter.labels)))
    return [plan.finish(probs[a:b]) for plan, (a, b) in zip(plans, bounds)]


def faithfulness(model, attribution, metrics: Optional[Sequence[str]] = None, replacement: str = "remove",
                 ranking: str = "signed", target=None, curve_points: Optional[int] = None) -> FaithfulnessResult:
    """Faithfulness metrics of one ``Attribution`` on its model (an adapter, a model id or None for the default).

    ``metrics``: names from ``FAITHFULNESS_METRICS`` (default all); ``replacement``: "remove", "mask", "pad" or
    "unk"; ``ranking``: "signed" (default: tokens pushing towards the explained class first) or "absolute";
    ``target``: which explained class of the attribution (default its first); ``curve_points``: points of the
    deletion/insertion curves (default one per token)."""
    from ..api import resolve_model

    adapter = resolve_model(model)
    plan = FaithfulnessPlan(adapter, attribution, metrics, replacement, ranking, target, curve_points)
    return run_plans(adapter, [plan])[0]
