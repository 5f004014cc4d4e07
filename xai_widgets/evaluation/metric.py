"""Self-describing metrics (after Quantus' ``helpers/enums.py``): every metric declares its name, its category,
whether higher is better, and what it needs (the model, the attribution, human rationales, the method itself).

``available_metrics()`` lists them, ``get_metric(name)`` finds one; widgets and tables read ``higher_is_better``
to mark the better direction.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Dict, List, Optional, Tuple

CATEGORIES = ("faithfulness", "plausibility", "stability", "agreement", "sanity")
NEEDS = ("model", "attribution", "rationale", "method")


@dataclass(frozen=True)
class MetricSpec:
    """What a metric is. ``needs``: a subset of ``NEEDS``; ``formula``: a one-line statement (plain text)."""

    name: str
    label: str
    category: str
    higher_is_better: bool
    needs: Tuple[str, ...]
    formula: str = ""
    description: str = ""
    range: Tuple[Optional[float], Optional[float]] = (None, None)

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
        d = asdict(self)
        d["direction"] = self.direction
        d["arrow"] = self.arrow
        d["needs"] = list(self.needs)
        d["range"] = list(self.range)
        return d


_METRICS: Dict[str, MetricSpec] = {}


def register_metric(spec: MetricSpec) -> MetricSpec:
    if spec.category not in CATEGORIES:
        raise ValueError(f"unknown category {spec.category!r}; accepted: {list(CATEGORIES)}")
    bad = set(spec.needs) - set(NEEDS)
    if bad:
        raise ValueError(f"unknown needs {sorted(bad)}; accepted: {list(NEEDS)}")
    if spec.name in _METRICS and _METRICS[spec.name] != spec:
        raise ValueError(f"metric {spec.name!r} is registered twice")
    _METRICS[spec.name] = spec
    return spec


def _load_builtin() -> None:
    from . import agreement, faithfulness, plausibility, sanity, stability  # noqa: F401


def get_metric(name: str) -> MetricSpec:
    _load_builtin()
    if not isinstance(name, str):
        raise TypeError(f"metric must be a name (str), got {type(name).__name__}")
    key = name.strip().lower().replace("-", "_").replace(" ", "_")
    if key not in _METRICS:
        raise ValueError(f"unknown metric {name!r}; available: {available_metrics()}")
    return _METRICS[key]


def available_metrics(category: Optional[str] = None) -> List[str]:
    _load_builtin()
    if category is not None and category not in CATEGORIES:
        raise ValueError(f"unknown category {category!r}; accepted: {list(CATEGORIES)}")
    return [m.name for m in _METRICS.values() if category is None or m.category == category]
