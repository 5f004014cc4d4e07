"""Attention rollout (Abnar & Zuidema 2020, "Quantifying Attention Flow in Transformers").

Each layer's attention is averaged over heads and augmented with the residual connection,
``Â = 0.5 A + 0.5 I`` (rows renormalised); rollout multiplies these matrices from the first layer up:
``R = Â_L ... Â_2 Â_1``. ``R[i, j]`` is how much of input token ``j`` reaches position ``i`` at the top.
The token scores of a classifier are the row of [CLS] (position 0); of a causal LM the row of the last token.
"""
from __future__ import annotations

import numpy as np


def residual_augmented(att: np.ndarray, residual: float = 0.5) -> np.ndarray:
    """``att`` [L, H, n, n] or [L, n, n] -> [L, n, n]: head mean, ``(1 - residual) A + residual I``, rows
    renormalised to sum to 1."""
    a = np.asarray(att, dtype=np.float64)
    if a.ndim == 4:
        a = a.mean(axis=1)
    if a.ndim != 3 or a.shape[-1] != a.shape[-2]:
        raise ValueError(f"attention must be [layers, heads, n, n] or [layers, n, n]; got {a.shape}")
    if not 0.0 <= residual <= 1.0:
        raise ValueError(f"residual must be in [0, 1], got {residual}")
    n = a.shape[-1]
    a = (1.0 - residual) * a + residual * np.eye(n)[None]
    return a / a.sum(axis=-1, keepdims=True)


def rollout_matrix(att: np.ndarray, residual: float = 0.5) -> np.ndarray:
    """The joint attention [n, n] after the last layer (rows sum to 1)."""
    aug = residual_augmented(att, residual)
    joint = aug[0]
    for layer in aug[1:]:
        joint = layer @ joint
    return joint


def rollout_scores(att: np.ndarray, position: int = 0, residual: float = 0.5) -> np.ndarray:
    """Rollout scores of the input tokens for one output ``position`` (0: [CLS]; -1: the last token)."""
    return rollout_matrix(att, residual)[position]
