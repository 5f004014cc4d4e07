"""Integrated gradients (Sundararajan et al., 2017) on the input representation (word embeddings of a text, the
float features of a table row):

    IG_i(x) = (x_i - x'_i) * integral_0^1  d f(x' + a (x - x')) / d x_i  da

summed over the embedding dimension per token. Baselines: a text's content tokens replaced by [PAD] / [MASK]
embeddings or zero vectors; a row's features replaced by the background's mean or median, or zero. ``rule`` picks the quadrature (``"gausslegendre"``, the default, or
a Riemann rule). Completeness: sum_i IG_i = f(x) - f(x'); the gap is reported
per target as ``diagnostics["convergence_delta"]``. The integral uses Gauss-Legendre nodes (as captum does) or
a Riemann rule; the path points are evaluated in chunks so memory stays bounded at any ``n_steps``.
This is what captum's ``LayerIntegratedGradients`` on the word-embedding layer computes (tested against it).
"""
from __future__ import annotations

import numpy as np

from .base import check_positive_int, finish, gradients, outputs_at, prepare
from .registry import register

RULES = ("gausslegendre", "riemann_trapezoid", "riemann_middle", "riemann_left", "riemann_right")


#: up to this many steps "gausslegendre" is one Gauss-Legendre rule on [0, 1] (numpy's leggauss, as captum uses);
#: beyond it numpy's eigenvalue solve grows as n^2 in memory and n^3 in time (5.5 s at 2,000 nodes, 320 GB at
#: 200,000), so the interval is cut into equal panels of at most GL_PANEL nodes each (composite Gauss-Legendre,
#: exact for polynomials of degree < 2 * 64 on every panel; at these step counts both are exact to float rounding)
GL_SINGLE_MAX = 256
GL_PANEL = 64


def _gauss_legendre(n_steps: int):
    if n_steps <= GL_SINGLE_MAX:
        x, w = np.polynomial.legendre.leggauss(n_steps)
        return 0.5 * (x + 1.0), 0.5 * w
    panels = -(-n_steps // GL_PANEL)
    sizes = [n_steps // panels + (i < n_steps % panels) for i in range(panels)]  # sum(sizes) == n_steps
    rules = {k: np.polynomial.legendre.leggauss(k) for k in set(sizes)}
    a, w = [], []
    for i, k in enumerate(sizes):
        x, wk = rules[k]
        a.append((i + 0.5 * (x + 1.0)) / panels)
        w.append(0.5 * wk / panels)
    return np.concatenate(a), np.concatenate(w)


def path_nodes(n_steps: int, rule: str):
    """Points a in [0, 1] and weights w with  integral_0^1 g(a) da ~ sum_k w_k g(a_k); exactly ``n_steps`` of
    them, in O(n_steps) memory at any ``n_steps``."""
    if rule == "gausslegendre":
        return _gauss_legendre(n_steps)
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


@register("integrated_gradients", "Integrated gradients", kind="gradient", signed=True,
          modalities=("text", "tabular", "image"), needs=("gradients",), aliases=("ig",))
def integrated_gradients(adapter, x, target=None, output=None, baseline=None, n_steps=50, rule="gausslegendre",
                         internal_batch_size=None):
    import torch

    n_steps = check_positive_int("n_steps", n_steps)
    prep = prepare(adapter, x, target, output)
    baseline = prep.default_baseline if baseline is None else baseline
    inputs = prep.inputs()  # [1, *S]
    b = prep.baseline(baseline)
    alphas, weights = path_nodes(n_steps, rule)
    shape = (-1,) + (1,) * (inputs.dim() - 1)
    a = torch.as_tensor(alphas, dtype=inputs.dtype, device=inputs.device).view(shape)
    w = torch.as_tensor(weights, dtype=inputs.dtype, device=inputs.device)
    diff = inputs - b

    def path(sl):  # the chunk's points only: memory O(chunk) whatever n_steps
        return b + a[sl] * diff

    def fold(g, sl):  # weight each chunk's gradients and sum over the path as they come: memory O(T * S)
        return (g * w[sl].view((1, -1) + (1,) * (g.dim() - 2))).sum(dim=1)

    avg_grad = gradients(prep, (n_steps, path), internal_batch_size, reduce=fold)
    scores = prep.feature_sum(avg_grad * diff)  # [T, n_features]
    ends = outputs_at(prep, torch.cat([inputs, b]))[:, prep.targets]  # f(x), f(x') per target
    expected = ends[0] - ends[1]
    delta = scores.reshape(len(scores), -1).sum(axis=1) - expected  # over features (or pixels)
    diag = {
        "convergence_delta": delta.tolist(),
        "relative_delta": (np.abs(delta) / np.maximum(np.abs(expected), 1e-12)).tolist(),
        "f_input": ends[0].tolist(), "f_baseline": ends[1].tolist(),
    }
    params = {"baseline": baseline, "n_steps": n_steps, "rule": rule, "internal_batch_size": internal_batch_size}
    return finish(prep, scores, "integrated_gradients", params, diag, base_values=ends[1])
