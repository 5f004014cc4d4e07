"""GradientSHAP (Lundberg & Lee, 2017; captum's GradientShap): expected gradients over random baselines b
drawn from a set, random points a ~ U(0, 1) on the path and optional Gaussian noise:

    phi_i = E_{b, a, eps} [ (x_i - b_i) * d f(b + a (x - b) + eps) / d x_i ]

so that sum_i phi_i ~ f(x) - E_b[f(b)] (reported as ``convergence_delta``)."""
from __future__ import annotations

import numpy as np
import torch

from ..registry import register
from .base import (baseline_embeddings, check_positive_int, embed, finish, gradients, make_rng, outputs_at, prepare,
                   token_scores)


@register("gradient_shap", "GradientSHAP", kind="gradient", signed=True, needs_gradients=True,
          aliases=("gradientshap", "expected_gradients"))
def gradient_shap(adapter, text, target=None, output="probability", baselines=("pad", "mask", "zero"),
                  n_samples=50, stdev=0.0, seed=0, internal_batch_size=None):
    adapter.check_gradients("gradient_shap")
    n_samples = check_positive_int("n_samples", n_samples)
    if isinstance(baselines, str):
        baselines = (baselines,)
    baselines = tuple(baselines)
    if not baselines:
        raise ValueError("baselines is empty; accepted: any of 'pad', 'mask', 'zero'")
    prep = prepare(adapter, text, target, output)
    x = embed(adapter, prep.ids)
    bank = torch.cat([baseline_embeddings(adapter, prep.enc, k) for k in baselines])  # [B, L, D]
    rng = make_rng(seed)
    pick = torch.as_tensor(rng.randint(0, len(baselines), size=n_samples), device=x.device)
    alpha = torch.as_tensor(rng.uniform(0.0, 1.0, size=n_samples), dtype=x.dtype, device=x.device).view(-1, 1, 1)
    eps = torch.as_tensor(rng.normal(0.0, 1.0, size=(n_samples, *x.shape[1:])), dtype=x.dtype,
                          device=x.device) * float(stdev)
    b = bank[pick]
    points = b + alpha * (x - b) + eps
    diff = x - b  # [N, L, D]
    total = gradients(adapter, points, prep.targets, output, internal_batch_size,
                      reduce=lambda g, sl: (g * diff[sl].unsqueeze(0)).sum(dim=1))
    scores = token_scores(total / n_samples)
    ends = outputs_at(adapter, torch.cat([x, bank]), output)[:, prep.targets]
    counts = np.bincount(pick.cpu().numpy(), minlength=len(baselines)) / n_samples
    expected = ends[0] - (counts[:, None] * ends[1:]).sum(axis=0)
    diag = {"convergence_delta": (scores.sum(axis=1) - expected).tolist(), "baseline_share": counts.tolist()}
    params = {"baselines": list(baselines), "n_samples": n_samples, "stdev": stdev, "seed": seed}
    return finish(prep, scores, "gradient_shap", params, diag)
