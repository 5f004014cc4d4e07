"""Normalised gradient importance (article 001, 3.2.3): for every row, importance_i = |df(x)/dx_i| / sum_j
|df(x)/dx_j|, averaged over the rows. f is the explained output (the predicted class's probability per row, or
``target``'s; the prediction of a regressor). Needs gradients: a torch module on float features. The per-row
values are kept for the beeswarm."""
from __future__ import annotations

import numpy as np

from ..models.tabular import to_matrix
from ..results import GlobalExplanation
from .registry import register

CHUNK = 4096


@register("gradient_importance", "Gradient importance", kind="gradient", signed=False, modalities=("tabular",),
          needs=("gradients",), scope="global")
def gradient_importance(adapter, X, y=None, target=None, output=None):
    import torch

    from ..models.torch_utils import eval_mode

    output = adapter.check_output(output)
    rows = to_matrix(X, "X", adapter.feature_names)
    k = None if target is None else adapter.global_target(target)
    grads = []
    for start in range(0, len(rows), CHUNK):  # rows are independent: chunks bound the autograd graph
        x = torch.as_tensor(rows[start:start + CHUNK], dtype=adapter.dtype(), device=adapter.device)
        x.requires_grad_(True)
        with torch.enable_grad(), eval_mode(adapter.model):
            out = adapter.transform(adapter.logits(x), output)
            if k is not None:
                t = torch.full((len(x),), k, dtype=torch.long, device=out.device)
            elif out.shape[1] > 1:
                t = out.detach().argmax(dim=1)  # the predicted class of each row
            else:
                t = torch.zeros(len(x), dtype=torch.long, device=out.device)
            (g,) = torch.autograd.grad(out.gather(1, t.view(-1, 1)).sum(), x)
        grads.append(g.abs().double().cpu().numpy())
    label = adapter.labels[k] if k is not None else ("the predicted class" if len(adapter.labels) > 1
                                                     else adapter.labels[0])
    a = np.concatenate(grads)
    values = a / np.maximum(a.sum(axis=1, keepdims=True), 1e-300)
    return GlobalExplanation(
        method="gradient_importance", method_label="Gradient importance", feature_names=adapter.feature_names,
        importances=values.mean(axis=0), importances_std=values.std(axis=0),
        importance_label="mean |df/dx_i| / sum_j |df/dx_j|", values=values, data=rows, signed=False, target=label,
        labels=list(adapter.labels), params={"output": output}, model_name=adapter.name)
