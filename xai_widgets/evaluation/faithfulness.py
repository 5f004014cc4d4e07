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

The same code serves every modality through the adapter's masks (``Prepared.perturb``): hidden tokens are removed
(``replacement="remove"``, the text default, as ERASER and ferret do) or replaced by the mask / pad / unk token
([CLS]/[SEP] are never hidden); hidden columns of a table row are replaced by the background rows (the tabular
default: the output is averaged over them) or by the background mean / median / zero. For a regressor, p is the
prediction. Every perturbed input of one attribution (all metrics) goes to the adapter's ``predict_items`` in one
call, which deduplicates and batches them; ``run_plans`` batches the inputs of many attributions into one call.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from ..models import resolve_model
from .metric import (PerturbationMetric, auc, available_metrics, bin_sizes, get_metric,  # noqa: F401
                     register_metric, top_k_keep)

ERASER_BINS = (0.01, 0.05, 0.10, 0.20, 0.50)
FERRET_BINS = tuple(round(0.1 * i, 1) for i in range(1, 11))
RANKINGS = ("signed", "absolute")
#: what hides a feature in the faithfulness metrics when ``replacement`` is not given, per modality
DEFAULT_REPLACEMENT = {"text": "remove", "tabular": "background"}

_NEEDS = ("model", "attribution")
COMPREHENSIVENESS = register_metric(PerturbationMetric(
    "comprehensiveness", "Comprehensiveness (AOPC, ERASER bins)", "faithfulness", True, _NEEDS,
    "mean_{q in {1,5,10,20,50}%} [p(y|x) - p(y|x \\ r_q)]",
    "Drop of the explained class probability when the top-ranked features are hidden.", (-1.0, 1.0),
    bins=ERASER_BINS))
SUFFICIENCY = register_metric(PerturbationMetric(
    "sufficiency", "Sufficiency (AOPC, ERASER bins)", "faithfulness", False, _NEEDS,
    "mean_{q in {1,5,10,20,50}%} [p(y|x) - p(y|r_q)]",
    "Drop of the explained class probability when only the top-ranked features are kept.", (-1.0, 1.0),
    keep_top=True, bins=ERASER_BINS))
AOPC_COMPREHENSIVENESS = register_metric(PerturbationMetric(
    "aopc_comprehensiveness", "AOPC comprehensiveness (10..100 %)", "faithfulness", True, _NEEDS,
    "mean_{q in {10,...,100}%} [p(y|x) - p(y|x \\ r_q)]", "ferret's AOPC comprehensiveness bins.", (-1.0, 1.0),
    bins=FERRET_BINS))
AOPC_SUFFICIENCY = register_metric(PerturbationMetric(
    "aopc_sufficiency", "AOPC sufficiency (10..100 %)", "faithfulness", False, _NEEDS,
    "mean_{q in {10,...,100}%} [p(y|x) - p(y|r_q)]", "ferret's AOPC sufficiency bins.", (-1.0, 1.0),
    keep_top=True, bins=FERRET_BINS))
DELETION_AUC = register_metric(PerturbationMetric(
    "deletion_auc", "Deletion AUC", "faithfulness", False, _NEEDS,
    "integral_0^1 p(y | x without the top t*n features) dt",
    "Area under the probability curve as features are hidden in rank order.", (0.0, 1.0), curve="deletion"))
INSERTION_AUC = register_metric(PerturbationMetric(
    "insertion_auc", "Insertion AUC", "faithfulness", True, _NEEDS,
    "integral_0^1 p(y | only the top t*n features) dt",
    "Area under the probability curve as features are restored in rank order.", (0.0, 1.0), keep_top=True,
    curve="insertion"))

FAITHFULNESS_METRICS = [m.name for m in (COMPREHENSIVENESS, SUFFICIENCY, AOPC_COMPREHENSIVENESS, AOPC_SUFFICIENCY,
                                         DELETION_AUC, INSERTION_AUC)]


def rank_tokens(scores: Sequence[float], ranking: str = "signed") -> np.ndarray:
    """Feature indices from most to least important: by signed score (evidence for the class first) or by
    |score|. Stable: ties keep the feature order."""
    if ranking not in RANKINGS:
        raise ValueError(f"unknown ranking {ranking!r}; accepted: {list(RANKINGS)}")
    s = np.asarray(scores, dtype=float)
    key = np.abs(s) if ranking == "absolute" else s
    return np.argsort(-key, kind="stable")


def perturbation_metrics() -> List[str]:
    """Every registered metric that scores one explanation by perturbing the model (in registration order)."""
    return [m for m in available_metrics(scope="explanation") if "model" in get_metric(m).needs]


def check_metrics(metrics: Optional[Sequence[str]]) -> List[PerturbationMetric]:
    """The metric objects that perturb the model (those that declare they need it), by name (default: all)."""
    objs = [get_metric(m) for m in (perturbation_metrics() if metrics is None else metrics)]
    bad = [m.name for m in objs if "model" not in m.needs or m.scope != "explanation"]
    if bad:
        raise ValueError(f"{bad} are not faithfulness metrics; accepted: {FAITHFULNESS_METRICS}")
    return objs


def default_replacement(adapter, replacement: Optional[str]) -> str:
    if replacement is None:
        replacement = DEFAULT_REPLACEMENT.get(adapter.modality, adapter.default_replacement)
    return adapter.check_replacement(replacement)


def perturbation_rows(metrics: Sequence[PerturbationMetric], order: np.ndarray, n: int,
                      curve_points: Optional[int]) -> Tuple[np.ndarray, Dict[str, Tuple[List[int], List[float]]]]:
    """The keep masks [rows, n] every metric needs for features ranked ``order`` (row 0: the full input), and per
    metric its rows and x values."""
    rows: List[np.ndarray] = [np.ones(n, dtype=np.int8)]
    slices: Dict[str, Tuple[List[int], List[float]]] = {}
    for m in metrics:
        keeps, xs = m.rows(order, n, curve_points)
        slices[m.name] = (list(range(len(rows), len(rows) + len(keeps))), xs)
        rows.extend(keeps)
    return np.stack(rows), slices


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

    ``plan.inputs()`` -> model inputs (row 0 is the full input); ``plan.finish(outputs)`` with the model's outputs
    for those inputs -> ``FaithfulnessResult``.
    """

    def __init__(self, adapter, attribution, metrics: Optional[Sequence[str]] = None,
                 replacement: Optional[str] = None, ranking: str = "signed", target=None,
                 curve_points: Optional[int] = None):
        self.metrics = check_metrics(metrics)
        self.replacement = default_replacement(adapter, replacement)
        self.adapter = adapter
        self.attribution = attribution
        self.prep = adapter.prepare_from(attribution)
        row = attribution._row(target)
        self.target = int(attribution.targets[row])
        content = self.prep.positions
        self.n = n = len(content)
        self.order = rank_tokens(attribution.scores[row][content], ranking)
        self.keep, self.slices = perturbation_rows(self.metrics, self.order, n, curve_points)

    def inputs(self) -> list:
        return self.prep.perturb(self.keep, self.replacement)

    def finish(self, outputs: np.ndarray) -> FaithfulnessResult:
        p = np.asarray(outputs, dtype=float)[:, self.target]
        full = float(p[0])
        values, curves, bins = {}, {}, {}
        for m in self.metrics:
            idx, xs = self.slices[m.name]
            ys = p[idx]
            values[m.name] = m.value(full, ys, xs)
            if m.bins is not None:
                bins[m.name] = {"k": [int(k) for k in xs], "drop": (full - ys).tolist()}
            if m.curve is not None:
                curves[m.curve] = ([float(x) for x in xs], ys.tolist())
        n_unique = len({r.tobytes() for r in self.keep})
        return FaithfulnessResult(values, curves, bins, full, self.target, n_unique)


def run_plans(adapter, plans: Sequence[FaithfulnessPlan]) -> List[FaithfulnessResult]:
    """Score many plans with one ``predict_items`` call (deduplicated and batched by the adapter) over all their
    inputs."""
    items, bounds = [], []
    for plan in plans:
        inputs = plan.inputs()
        bounds.append((len(items), len(items) + len(inputs)))
        items.extend(inputs)
    outs = adapter.predict_items(items, adapter.default_output) if items else np.zeros((0, len(adapter.labels)))
    return [plan.finish(outs[a:b]) for plan, (a, b) in zip(plans, bounds)]


def faithfulness(model, attribution, metrics: Optional[Sequence[str]] = None, replacement: Optional[str] = None,
                 ranking: str = "signed", target=None, curve_points: Optional[int] = None) -> FaithfulnessResult:
    """Faithfulness metrics of one ``Attribution`` on its model (an adapter, a model id or None for the default).

    ``metrics``: names from ``FAITHFULNESS_METRICS`` (default all); ``replacement``: how a feature is hidden (text:
    "remove" (default), "mask", "pad" or "unk"; table rows: "background" (default), "mean", "median", "zero");
    ``ranking``: "signed" (default: features pushing towards the explained class first) or "absolute";
    ``target``: which explained class of the attribution (default its first); ``curve_points``: points of the
    deletion/insertion curves (default one per feature)."""
    adapter = resolve_model(model)
    plan = FaithfulnessPlan(adapter, attribution, metrics, replacement, ranking, target, curve_points)
    return run_plans(adapter, [plan])[0]
