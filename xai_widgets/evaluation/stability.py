"""Stability of the sampling methods (LIME, SHAP): run one method on one text with several seeds (or several
sample counts) and measure how much the attributions move.

- seed_kendall: mean Kendall tau over all pairs of runs (higher is better: the ranking is reproducible)
- seed_top_k: mean top-k overlap over all pairs of runs (higher is better)
- score_spread: mean over content tokens of the standard deviation across runs of the scores, each run divided by
  its largest |score| (lower is better; 0 = identical up to scale)
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Any, Dict, List, Optional, Sequence

import numpy as np

from .agreement import _content_scores, agreement
from ..methods.registry import get_method, run_method
from ..models import resolve_model
from .metric import Metric, register_metric

_NEEDS = ("model", "method")
SEED_KENDALL = register_metric(Metric("seed_kendall", "Kendall tau across runs", "stability", True, _NEEDS,
                                      "mean_{runs i<j} tau(a_i, a_j)", range=(-1.0, 1.0), scope="method"))
SEED_TOPK = register_metric(Metric("seed_top_k", "Top-k overlap across runs", "stability", True, _NEEDS,
                                   "mean_{runs i<j} |top_k(a_i) n top_k(a_j)| / k", range=(0.0, 1.0),
                                   scope="method"))
SPREAD = register_metric(Metric("score_spread", "Score spread across runs", "stability", False, _NEEDS,
                                "mean_tokens std_runs (s / max|s|)", range=(0.0, None), scope="method"))
STABILITY_METRICS = ["seed_kendall", "seed_top_k", "score_spread"]


@dataclass
class StabilityResult:
    method: str
    values: Dict[str, float]
    runs: List[Any]
    settings: List[Dict[str, Any]]

    def to_pandas(self):
        import pandas as pd

        return pd.DataFrame([{"method": self.method, "metric": k, "value": v} for k, v in self.values.items()])


def stability_of(attributions: Sequence, k: int = 5, ranking: str = "signed") -> Dict[str, float]:
    """The stability metrics of several runs of one method on one text."""
    runs = list(attributions)
    if len(runs) < 2:
        raise ValueError("stability needs at least two runs")
    pairs = [agreement(a, b, k, ranking) for a, b in combinations(runs, 2)]
    scaled = []
    for r in runs:
        s = _content_scores(r, ranking=ranking)
        scaled.append(s / max(np.abs(s).max(), 1e-12))
    return {"seed_kendall": float(np.nanmean([p["kendall_tau"] for p in pairs])),
            "seed_top_k": float(np.mean([p["top_k_overlap"] for p in pairs])),
            "score_spread": float(np.mean(np.std(np.stack(scaled), axis=0)))}


def stability(model, text: str, method: str = "lime", seeds: Sequence[int] = (0, 1, 2, 3, 4),
              sample_param: Optional[str] = None, sample_values: Optional[Sequence[int]] = None, k: int = 5,
              target=None, **params) -> StabilityResult:
    """Run ``method`` on ``text`` once per seed (``seeds``), or once per value of ``sample_param`` (for example
    ``sample_param="num_samples", sample_values=[250, 500, 1000]`` for LIME, ``"max_evals"`` for SHAP) with the
    first seed, and report how much the attributions agree."""
    adapter = resolve_model(model)
    name = get_method(method).name
    if sample_param is None:
        settings = [{**params, "seed": int(s)} for s in seeds]
    else:
        if not sample_values:
            raise ValueError("sample_values is needed with sample_param")
        settings = [{**params, "seed": int(seeds[0]), sample_param: int(v)} for v in sample_values]
    runs = [run_method(adapter, name, text, target, s) for s in settings]
    return StabilityResult(name, stability_of(runs, k), runs, settings)
