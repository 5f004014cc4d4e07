"""KernelSHAP (Lundberg & Lee, 2017) on any adapter that can hide features: Shapley values as the solution of a
weighted linear regression over coalitions z (which features are present), with the Shapley kernel

    pi(z) = (M - 1) / (C(M, |z|) |z| (M - |z|))

and the efficiency constraint sum_i phi_i = f(x) - f(nothing) enforced exactly. A hidden feature is replaced as the
adapter does it: a text's tokens by [MASK] (or [PAD]/[UNK], or removed), a row's columns by the background rows
(the prediction averaged over them: the interventional value function of shap's KernelExplainer).

With 2^M - 2 coalitions within ``n_samples`` every coalition is enumerated and the result is the exact Shapley
value; otherwise the heaviest coalition sizes are enumerated and the rest drawn from the kernel, paired with their
complements (antithetic sampling), as shap's KernelExplainer samples. Seeded, from its own generator."""
from __future__ import annotations

from itertools import combinations
from math import comb
from typing import Optional

import numpy as np

from .base import check_positive_int, finish, make_rng, prepare
from .registry import register


def shapley_kernel(m: int, size: int) -> float:
    return (m - 1) / (comb(m, size) * size * (m - size))


def coalitions(m: int, n_samples: int, rng: np.random.RandomState):
    """(z [k, m] 0/1, weights [k], exact).

    Every coalition when all 2^m - 2 fit in the budget. Otherwise, as shap's KernelExplainer does: group the sizes
    with their complements (g and m - g); a group's kernel mass is count_g * pi(g). The heaviest groups (sizes 1
    and m - 1, then 2 and m - 2, ...) are enumerated completely while the budget left covers them at their share of
    the remaining mass; the rest of the budget is drawn from the remaining groups in proportion to their mass, each
    draw paired with its complement, the remaining mass shared equally by the draws (duplicates merged)."""
    if (1 << m) - 2 <= n_samples:
        codes = np.arange(1, (1 << m) - 1)
        z = ((codes[:, None] >> np.arange(m)[None, :]) & 1).astype(np.int8)
        w = np.array([shapley_kernel(m, s) for s in z.sum(axis=1)])
        return z, w, True
    groups = list(range(1, m // 2 + 1))
    paired = {g: g != m - g for g in groups}
    count = {g: comb(m, g) * (2 if paired[g] else 1) for g in groups}
    mass = {g: count[g] * shapley_kernel(m, g) for g in groups}
    rows, weights, left = [], [], n_samples
    todo = list(groups)
    while todo:
        g = todo[0]
        share = mass[g] / sum(mass[h] for h in todo)
        if left * share < count[g]:
            break
        for on in combinations(range(m), g):
            z = np.zeros(m, dtype=np.int8)
            z[list(on)] = 1
            rows.append(z)
            weights.append(shapley_kernel(m, g))
            if paired[g]:
                rows.append(1 - z)
                weights.append(shapley_kernel(m, g))
        left -= count[g]
        todo.pop(0)
    if todo and left >= 2:
        p = np.array([mass[g] for g in todo])
        draws = left // 2
        drawn = rng.choice(todo, size=draws, p=p / p.sum())
        sampled = np.zeros((2 * draws, m), dtype=np.int8)
        for r, g in enumerate(drawn):
            sampled[2 * r, rng.choice(m, size=g, replace=False)] = 1
            sampled[2 * r + 1] = 1 - sampled[2 * r]  # the complement: pairs cancel the efficiency term's noise
        keys, counts = np.unique(sampled, axis=0, return_counts=True)
        rows.extend(keys)
        weights.extend(counts * p.sum() / (2 * draws))
    return np.asarray(rows, dtype=np.int8).reshape(-1, m), np.asarray(weights, dtype=float), False


def solve(z: np.ndarray, w: np.ndarray, fz: np.ndarray, f0: float, fx: float) -> np.ndarray:
    """Weighted least squares of fz - f0 on z with sum(phi) = fx - f0 (the last feature eliminated)."""
    m = z.shape[1]
    total = fx - f0
    if m == 1:
        return np.array([total])
    zf = z.astype(float)
    y = fz - f0 - zf[:, -1] * total
    A = zf[:, :-1] - zf[:, -1:]
    sw = np.sqrt(w)
    head, *_ = np.linalg.lstsq(A * sw[:, None], y * sw, rcond=None)
    return np.append(head, total - head.sum())


@register("kernel_shap", "KernelSHAP", kind="sampling", signed=True, modalities=("text", "tabular", "image"),
          needs=("mask",))
def kernel_shap(adapter, x, target=None, output=None, n_samples: Optional[int] = None, replacement=None, seed=0):
    """``n_samples``: the coalition budget (default ``2 M + 2048``, shap's "auto"); ``replacement``: how a
    feature is hidden (the adapter's default: [MASK] for text, the background rows for a table)."""
    replacement = adapter.check_replacement(replacement)
    rng = make_rng(seed)
    prep = prepare(adapter, x, target, output)
    m = len(prep.positions)
    n_samples = 2 * m + 2048 if n_samples is None else check_positive_int("n_samples", n_samples, minimum=2)
    if m == 1:
        z, w, exact = np.zeros((0, 1), dtype=np.int8), np.zeros(0), True
    else:
        z, w, exact = coalitions(m, n_samples, rng)
    ends = np.stack([np.zeros(m, dtype=np.int8), np.ones(m, dtype=np.int8)])
    outs = prep.predict_keep(np.concatenate([ends, z]), replacement)
    f0, fx, fz = outs[0], outs[1], outs[2:]
    scores = np.zeros((len(prep.targets), prep.n_all))
    for k, t in enumerate(prep.targets):
        scores[k, prep.positions] = solve(z, w, fz[:, t], float(f0[t]), float(fx[t]))
    params = {"n_samples": n_samples, "replacement": replacement, "seed": seed}
    diag = {"exact": bool(exact), "n_coalitions": int(len(z) + 2), "f_input": fx[prep.targets].tolist(),
            "f_empty": f0[prep.targets].tolist()}
    return finish(prep, scores, "kernel_shap", params, diag, base_values=f0[prep.targets])
