"""Concept activation vectors: a linear boundary between a concept's activations and a random set's.

``"logistic"`` (the TCAV paper's linear classifier): L2-regularised logistic regression (lbfgs, deterministic);
the CAV is its unit weight vector, pointing to the concept. ``"mean_difference"``: the closed-form unit vector
mean(concept) - mean(random), classifying by the midpoint. Both report the accuracy on a held-out third of each
set (stratified, seeded): a CAV near 50 % held-out accuracy does not separate the concept at that layer, and its
TCAV score means nothing.
"""
from __future__ import annotations

from typing import Tuple

import numpy as np

CAV_KINDS = ("logistic", "mean_difference")


def split(n: int, rng) -> Tuple[np.ndarray, np.ndarray]:
    idx = rng.permutation(n)
    k = max(1, n // 3) if n >= 3 else 0
    return idx[k:], idx[:k]


def fit_cav(pos: np.ndarray, neg: np.ndarray, kind: str, rng, C: float = 1.0) -> Tuple[np.ndarray, float]:
    """(unit CAV [D], held-out accuracy) separating ``pos`` [n1, D] (the concept) from ``neg`` [n0, D]."""
    tr1, te1 = split(len(pos), rng)
    tr0, te0 = split(len(neg), rng)
    Xtr = np.concatenate([pos[tr1], neg[tr0]])
    ytr = np.r_[np.ones(len(tr1)), np.zeros(len(tr0))]
    Xte = np.concatenate([pos[te1], neg[te0]])
    yte = np.r_[np.ones(len(te1)), np.zeros(len(te0))]
    if kind == "mean_difference":
        m1, m0 = Xtr[ytr == 1].mean(0), Xtr[ytr == 0].mean(0)
        w = m1 - m0
        b = -w @ (m1 + m0) / 2
    else:
        from sklearn.linear_model import LogisticRegression

        mu = Xtr.mean(0)
        clf = LogisticRegression(C=C, max_iter=2000).fit(Xtr - mu, ytr)
        w = clf.coef_[0]
        b = float(clf.intercept_[0]) - w @ mu
    norm = float(np.linalg.norm(w))
    if not np.isfinite(norm) or norm == 0:
        return np.zeros_like(w), 0.5
    acc = float(((Xte @ w + b > 0) == (yte == 1)).mean()) if len(yte) else float("nan")
    return w / norm, acc


__all__ = ["fit_cav", "CAV_KINDS"]
