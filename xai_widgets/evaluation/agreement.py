"""Agreement between two attributions of the same text (for example two methods, or two seeds of one method):

- kendall_tau: Kendall's tau-b between the two score vectors over the content tokens (scipy; -1..1)
- spearman: Spearman's rank correlation over the content tokens (-1..1)
- top_k_overlap = |top_k(a) n top_k(b)| / k, top k content tokens of each by score (0..1)
All higher is better (more agreement). A constant score vector has no ranking: the correlations are NaN.
"""
from __future__ import annotations

from itertools import combinations
from typing import Dict, Optional, Sequence

import numpy as np

from .faithfulness import rank_tokens
from .metric import Metric, register_metric

_NEEDS = ("attribution",)
KENDALL = register_metric(Metric("kendall_tau", "Kendall tau", "agreement", True, _NEEDS,
                                 "Kendall tau-b of the two token score vectors", range=(-1.0, 1.0), scope="pair"))
SPEARMAN = register_metric(Metric("spearman", "Spearman rho", "agreement", True, _NEEDS,
                                  "Spearman rank correlation of the two token score vectors", range=(-1.0, 1.0),
                                  scope="pair"))
TOPK = register_metric(Metric("top_k_overlap", "Top-k overlap", "agreement", True, _NEEDS,
                              "|top_k(a) n top_k(b)| / k", range=(0.0, 1.0), scope="pair"))
AGREEMENT_METRICS = ["kendall_tau", "spearman", "top_k_overlap"]


def _content_scores(attribution, target=None, ranking: str = "signed") -> np.ndarray:
    s = attribution.scores_for(target)[[i for i, sp in enumerate(attribution.special) if not sp]]
    return np.abs(s) if ranking == "absolute" else s


def _corr(kind: str, a: np.ndarray, b: np.ndarray) -> float:
    from scipy.stats import kendalltau, spearmanr

    if len(a) < 2 or np.ptp(a) == 0 or np.ptp(b) == 0:
        return float("nan")
    return float((kendalltau if kind == "kendall" else spearmanr)(a, b)[0])


def top_k_overlap(a: np.ndarray, b: np.ndarray, k: int) -> float:
    k = max(1, min(int(k), len(a)))
    return len(set(rank_tokens(a)[:k].tolist()) & set(rank_tokens(b)[:k].tolist())) / k


def agreement(a, b, k: int = 5, ranking: str = "signed", target=None) -> Dict[str, float]:
    """Kendall tau, Spearman rho and top-k overlap of attributions ``a`` and ``b`` (same text and tokens).
    ``ranking="absolute"`` compares |scores| (for unsigned methods such as saliency)."""
    if a.input_key() != b.input_key() or len(a.tokens) != len(b.tokens):
        raise ValueError("agreement needs two attributions of the same text (or row) with the same features")
    t = a.targets[a._row(target)] if target is None else target
    sa, sb = _content_scores(a, t, ranking), _content_scores(b, t, ranking)
    return {"kendall_tau": _corr("kendall", sa, sb), "spearman": _corr("spearman", sa, sb),
            "top_k_overlap": top_k_overlap(sa, sb, k)}


def agreement_matrix(attributions: Sequence, metric: str = "kendall_tau", k: int = 5, ranking: str = "signed",
                     target=None):
    """Pairwise agreement of several attributions of one text (a ``Comparison`` or a list): a DataFrame
    method x method."""
    import pandas as pd

    items = list(attributions)
    if metric not in AGREEMENT_METRICS:
        raise ValueError(f"unknown agreement metric {metric!r}; accepted: {AGREEMENT_METRICS}")
    names = [r.method for r in items]
    m = np.eye(len(items))
    for i, j in combinations(range(len(items)), 2):
        m[i, j] = m[j, i] = agreement(items[i], items[j], k, ranking, target)[metric]
    return pd.DataFrame(m, index=names, columns=names)
