"""Metrics that describe *and* compute themselves (after Quantus' ``helpers/enums.py`` and its metric files).

Every metric declares its name, its category, whether higher is better, what it needs (``NEEDS``) and at which
``scope`` it applies: ``"explanation"`` (one attribution: faithfulness, plausibility), ``"pair"`` (two
attributions: agreement) or ``"method"`` (it re-runs the method: stability, sanity). The runner (``runner.py``)
dispatches on these declarations; the metric object computes:

- ``PerturbationMetric`` (needs the model): ``rows(order, n, curve_points)`` says which features to hide or keep,
  ``value(full, ys, xs)`` turns the model's outputs on those inputs into the number;
- ``RationaleMetric`` (needs a human rationale): ``compute(pred, gold, scores)``;
- the others compute in their family's module (``agreement``, ``stability``, ``sanity``).

A new metric is one object registered in its family's file: ``register_metric(PerturbationMetric(...))``.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np

from ..registry import Registry

CATEGORIES = ("faithfulness", "plausibility", "stability", "agreement", "sanity")
NEEDS = ("model", "attribution", "rationale", "method")
SCOPES = ("explanation", "pair", "method")


@dataclass(frozen=True)
class Metric:
    """What a metric is. ``needs``: a subset of ``NEEDS``; ``formula``: a one-line statement (plain text)."""

    name: str
    label: str
    category: str
    higher_is_better: bool
    needs: Tuple[str, ...]
    formula: str = ""
    description: str = ""
    range: Tuple[Optional[float], Optional[float]] = (None, None)
    scope: str = "explanation"

    @property
    def direction(self) -> str:
        return "higher" if self.higher_is_better else "lower"

    @property
    def arrow(self) -> str:
        return "\u2191" if self.higher_is_better else "\u2193"

    def better(self, a: float, b: float) -> bool:
        """True when value ``a`` is better than ``b`` for this metric."""
        return a > b if self.higher_is_better else a < b

    def to_json(self) -> Dict:
        d = {k: v for k, v in asdict(self).items() if not callable(v)}
        d["direction"] = self.direction
        d["arrow"] = self.arrow
        d["needs"] = list(self.needs)
        d["range"] = list(self.range)
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in d.items()}


#: kept for code that imported the old name
MetricSpec = Metric


def bin_sizes(n: int, fractions: Sequence[float]) -> List[int]:
    """k = max(1, floor(q * n)) features for each fraction q (never more than n)."""
    return [int(min(n, max(1, np.floor(q * n + 1e-9)))) for q in fractions]


def top_k_keep(order: np.ndarray, n: int, k: int, keep_top: bool) -> np.ndarray:
    """A keep row over n features: only the top k kept (``keep_top``) or the top k hidden."""
    row = np.zeros(n, dtype=np.int8) if keep_top else np.ones(n, dtype=np.int8)
    row[order[:k]] = 1 if keep_top else 0
    return row


def auc(x: Sequence[float], y: Sequence[float]) -> float:
    """Trapezoid area under y(x)."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    return float(np.sum((x[1:] - x[:-1]) * (y[1:] + y[:-1]) / 2.0))


@dataclass(frozen=True)
class PerturbationMetric(Metric):
    """A faithfulness metric: hide (``keep_top=False``) or keep only (``keep_top=True``) the top-ranked features and
    read the model's output. With ``bins`` it is the mean drop f(x) - f(perturbed) over those fractions of the
    features (AOPC); without, the area under the output curve over the fraction of features hidden or restored
    (``curve`` names it: "deletion", "insertion")."""

    keep_top: bool = False
    bins: Optional[Tuple[float, ...]] = None
    curve: Optional[str] = None

    def sizes(self, n: int, curve_points: Optional[int] = None) -> List[int]:
        """How many features each perturbed input hides or keeps."""
        if self.bins is not None:
            return bin_sizes(n, self.bins)
        if curve_points is None or curve_points >= n + 1:
            return list(range(n + 1))
        # the same k rule as the bins, so that the rows coincide with the AOPC rows (deduplicated)
        qs = np.linspace(0, 1, max(2, int(curve_points)))[1:]
        return sorted(set([0] + bin_sizes(n, qs)))

    def rows(self, order: np.ndarray, n: int, curve_points: Optional[int] = None):
        """(keep rows, x values): the inputs this metric needs for features ranked ``order``."""
        ks = self.sizes(n, curve_points)
        xs = ks if self.bins is not None else [k / n for k in ks]
        return [top_k_keep(order, n, k, self.keep_top) for k in ks], list(xs)

    def value(self, full: float, ys: np.ndarray, xs: Sequence[float]) -> float:
        if self.bins is not None:
            return float(np.mean(full - np.asarray(ys, float)))
        return auc(xs, ys)


@dataclass(frozen=True)
class RationaleMetric(Metric):
    """A plausibility metric: agreement of the attribution with a human rationale (a 0/1 mask over features).
    ``compute(pred, gold, scores)``: the hard rationale ``pred`` (top-k mask), the ``gold`` mask and the ranking
    scores."""

    compute: Optional[Callable] = None


#: filled by the family modules, which ``xai_widgets.evaluation`` imports before anything here is used
METRICS: Registry = Registry("metric")


def register_metric(metric: Metric) -> Metric:
    if metric.category not in CATEGORIES:
        raise ValueError(f"unknown category {metric.category!r}; accepted: {list(CATEGORIES)}")
    bad = set(metric.needs) - set(NEEDS)
    if bad:
        raise ValueError(f"unknown needs {sorted(bad)}; accepted: {list(NEEDS)}")
    if metric.scope not in SCOPES:
        raise ValueError(f"unknown scope {metric.scope!r}; accepted: {list(SCOPES)}")
    existing = METRICS._items.get(metric.name)  # noqa: SLF001 - the registry's own module
    if existing is not None and existing != metric:
        raise ValueError(f"metric {metric.name!r} is registered twice")
    METRICS.add(metric.name, metric, replace=True)
    return metric


def get_metric(name: str) -> Metric:
    return METRICS.get(name)


def available_metrics(category: Optional[str] = None, scope: Optional[str] = None) -> List[str]:
    """Metric names (in registration order), optionally of one category or scope."""
    if category is not None and category not in CATEGORIES:
        raise ValueError(f"unknown category {category!r}; accepted: {list(CATEGORIES)}")
    return [m.name for m in METRICS._items.values()  # noqa: SLF001 - registration order
            if (category is None or m.category == category) and (scope is None or m.scope == scope)]


__all__ = ["Metric", "MetricSpec", "PerturbationMetric", "RationaleMetric", "register_metric", "get_metric",
           "available_metrics", "METRICS", "CATEGORIES", "NEEDS", "SCOPES", "bin_sizes", "top_k_keep", "auc"]
