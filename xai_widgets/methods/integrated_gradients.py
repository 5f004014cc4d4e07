"""Integrated gradients (Sundararajan et al., 2017) on the word embeddings:

    IG_i(x) = (x_i - x'_i) * integral_0^1  d f(x' + a (x - x')) / d x_i  da

summed over the embedding dimension per token. ``rule`` picks the quadrature (``"gausslegendre"``, the default, or
a Riemann rule). Completeness: sum_i IG_i = f(x) - f(x'); the gap is reported
per target as ``diagnostics["convergence_delta"]``. The integral uses Gauss-Legendre nodes (as captum does) or
a Riemann rule; the path points are evaluated in chunks so memory stays bounded at any ``n_steps``.
This is what captum's ``LayerIntegratedGradients`` on the word-embedding layer computes (tested against it).
"""
from __future__ import annotations

import numpy as np
import torch

from ..registry import register
from .base import baseline_embeddings, check_positive_int, embed, finish, gradients, outputs_at, prepare, token_scores

RULES = ("gausslegendre", "riemann_trapezoid", "riemann_middle", "riemann_left", "riemann_right")


def path_nodes(n_steps: int, rule: str):
    """Points a in [0, 1] and weights w with  integral_0^1 g(a) da ~ sum_k w_k g(a_k)."""
    if rule == "gausslegendre":
        x, w = np.polynomial.legendre.leggauss(n_steps)
        return 0.5 * (x + 1.0), 0.5 * w
    if rule == "riemann_trapezoid":
        if n_steps < 2:
            raise ValueError("riemann_trapezoid needs n_steps >= 2")
        a = np.linspace(0.0, 1.0, n_steps)
        w = np.full(n_steps, 1.0 / (n_steps - 1))
        w[0] = w[-1] = 0.5 / (n_steps - 1)
        return a, w
    step = 1.0 / n_steps
    offsets = {"riemann_left": 0.0, "riemann_middle": 0.5, "riemann_right": 1.0}
    if rule not in offsets:
        raise ValueError(f"unknown integration rule {rule!r}; accepted: {list(RULES)}")
    return (np.arange(n_steps) + offsets[rule]) * step, np.full(n_steps, step)


@register("integrated_gradients", "Integrated gradients", kind="gradient", signed=True, needs_gradients=True,
          aliases=("ig",))
def integrated_gradients(adapter, text, target=None, output="probability", baseline="pad", n_steps=50,
                         rule="gausslegendre", internal_batch_size=None):
    adapter.check_gradients("integrated_gradients")
    n_steps = check_positive_int("n_steps", n_steps)
    prep = prepare(adapter, text, target, output)
    x = embed(adapter, prep.ids)  # [1, L, D]
    b = baseline_embeddings(adapter, prep.enc, baseline)
    alphas, weights = path_nodes(n_steps, rule)
    a = torch.as_tensor(alphas, dtype=x.dtype, device=x.device).view(-1, 1, 1)
    w = torch.as_tensor(weights, dtype=x.dtype, device=x.device)
    points = b + a * (x - b)  # [n_steps, L, D]

    def fold(g, sl):  # weight each chunk's gradients and sum over the path as they come: memory O(T L D)
        return (g * w[sl].view(1, -1, 1, 1)).sum(dim=1)

    avg_grad = gradients(adapter, points, prep.targets, output, internal_batch_size, reduce=fold)
    scores = token_scores(avg_grad * (x - b))  # [T, L]
    ends = outputs_at(adapter, torch.cat([x, b]), output)[:, prep.targets]  # f(x), f(x') per target
    expected = ends[0] - ends[1]
    delta = scores.sum(axis=1) - expected
    diag = {
        "convergence_delta": delta.tolist(),
        "relative_delta": (np.abs(delta) / np.maximum(np.abs(expected), 1e-12)).tolist(),
        "f_input": ends[0].tolist(), "f_baseline": ends[1].tolist(),
    }
    params = {"baseline": baseline, "n_steps": n_steps, "rule": rule, "internal_batch_size": internal_batch_size}
    return finish(prep, scores, "integrated_gradients", params, diag)
