"""GradientSHAP (Lundberg & Lee, 2017; captum's GradientShap): expected gradients over random baselines b
drawn from a set, random points a ~ U(0, 1) on the path and optional Gaussian noise:

    phi_i = E_{b, a, eps} [ (x_i - b_i) * d f(b + a (x - b) + eps) / d x_i ]

so that sum_i phi_i ~ f(x) - E_b[f(b)] (reported as ``convergence_delta``). The baseline set of a text is its
[PAD] / [MASK] / zero baselines; of a table row, the background rows (``"background"``) or their mean, median or
zero."""
from __future__ import annotations

import numpy as np

from .base import check_finite, check_positive_int, finish, gradients, make_rng, outputs_at, prepare
from .registry import register


def baseline_bank(prep, baselines):
    """(bank [B, *S], names): the baseline set of the input (default: the input's own default set)."""
    import torch

    baselines = prep.default_baselines if baselines is None else baselines
    baselines = (baselines,) if isinstance(baselines, str) else tuple(baselines)
    if not baselines:
        raise ValueError(f"baselines is empty; accepted: any of {list(prep.baseline_kinds)}")
    bank = []
    for kind in baselines:
        try:
            bank.append(prep.baseline(kind, several=True))
        except (ValueError, TypeError) as exc:
            raise ValueError(f"baselines: {exc}") from exc
    return torch.cat(bank), baselines


@register("gradient_shap", "GradientSHAP", kind="gradient", signed=True, modalities=("text", "tabular", "image"),
          needs=("gradients",), aliases=("gradientshap", "expected_gradients"))
def gradient_shap(adapter, x, target=None, output=None, baselines=None, n_samples=50, stdev=0.0, seed=0,
                  internal_batch_size=None):
    import torch

    n_samples = check_positive_int("n_samples", n_samples)
    check_finite("stdev", stdev, minimum=0)
    rng = make_rng(seed)
    prep = prepare(adapter, x, target, output)
    inputs = prep.inputs()
    bank, names = baseline_bank(prep, baselines)  # [B, *S]
    shape = (-1,) + (1,) * (inputs.dim() - 1)
    pick = torch.as_tensor(rng.randint(0, len(bank), size=n_samples), device=inputs.device)
    alpha = torch.as_tensor(rng.uniform(0.0, 1.0, size=n_samples), dtype=inputs.dtype,
                            device=inputs.device).view(shape)

    def point_and_diff(sl):
        b = bank[pick[sl]]
        eps = torch.as_tensor(rng.normal(0.0, 1.0, size=(sl.stop - sl.start, *inputs.shape[1:])),
                              dtype=inputs.dtype, device=inputs.device) * float(stdev)
        return b + alpha[sl] * (inputs - b) + eps, inputs - b

    diffs = {}

    def make(sl):
        point, diffs[sl.start] = point_and_diff(sl)
        return point

    def fold(g, sl):
        return (g * diffs.pop(sl.start).unsqueeze(0)).sum(dim=1)

    total = gradients(prep, (n_samples, make), internal_batch_size, reduce=fold)
    scores = prep.feature_sum(total / n_samples)
    ends = outputs_at(prep, torch.cat([inputs, bank]))[:, prep.targets]
    counts = np.bincount(pick.cpu().numpy(), minlength=len(bank)) / n_samples
    base = (counts[:, None] * ends[1:]).sum(axis=0)
    expected = ends[0] - base
    diag = {"convergence_delta": (scores.reshape(len(scores), -1).sum(axis=1) - expected).tolist(),
            "baseline_share": counts.tolist() if len(bank) == len(names) else None, "n_baselines": int(len(bank))}
    params = {"baselines": list(names), "n_samples": n_samples, "stdev": stdev, "seed": seed}
    return finish(prep, scores, "gradient_shap", params, diag, base_values=base)
