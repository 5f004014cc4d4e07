"""Normalised gradient importance (article 001, 3.2.3): for every row, importance_i = |df(x)/dx_i| / sum_j
|df(x)/dx_j|, averaged over the rows. f is the explained output (the predicted class's probability per row, or
``target``'s; the prediction of a regressor). Needs gradients: a torch module on float features. The per-row
values are kept for the beeswarm."""
from __future__ import annotations

import numpy as np

from ..models.tabular import to_matrix
from ..results import GlobalExplanation
from .registry import register


@register("gradient_importance", "Gradient importance", kind="gradient", signed=False, modalities=("tabular",),
          needs=("gradients",), scope="global")
def gradient_importance(adapter, X, y=None, target=None, output=None):
    import torch

    from ..models.torch_utils import eval_mode

    output = adapter.check_output(output)
    rows = to_matrix(X, "X", adapter.feature_names)
    x = torch.as_tensor(rows, dtype=adapter._dtype(), device=adapter.device).requires_grad_(True)
    with torch.enable_grad(), eval_mode(adapter.model):
        out = adapter.transform(adapter._logits(x), output)
        if target is None:
            t = out.detach().argmax(dim=1) if out.shape[1] > 1 else torch.zeros(len(rows), dtype=torch.long)
            label = "the predicted class" if out.shape[1] > 1 else adapter.labels[0]
        else:
            k = adapter.resolve_targets(target, np.zeros(len(adapter.labels)))[0]
            t = torch.full((len(rows),), k, dtype=torch.long)
            label = adapter.labels[k]
        (g,) = torch.autograd.grad(out.gather(1, t.view(-1, 1).to(out.device)).sum(), x)
    a = g.abs().double().cpu().numpy()
    values = a / np.maximum(a.sum(axis=1, keepdims=True), 1e-300)
    return GlobalExplanation(
        method="gradient_importance", method_label="Gradient importance", feature_names=adapter.feature_names,
        importances=values.mean(axis=0), importances_std=values.std(axis=0),
        importance_label="mean |df/dx_i| / sum_j |df/dx_j|", values=values, data=rows, signed=False, target=label,
        labels=list(adapter.labels), params={"output": output}, model_name=adapter.name)
