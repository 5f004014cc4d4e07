"""What the methods share, whatever the modality: preparing an input, building the result, the checks of common
parameters, and the gradient engine over the adapter's differentiable input (token embeddings, float features).

A method talks to a ``Prepared`` input (``models/base.py``): ``prep.positions`` and ``prep.predict_keep`` for
masks, ``prep.inputs`` / ``prep.forward`` / ``prep.feature_sum`` for gradients; never to tokenizers or columns.
"""
from __future__ import annotations

import time
from typing import Callable, Dict, List, Optional, Sequence

import numpy as np

from .._rng import make_rng  # noqa: F401  (re-exported for the method modules)
from .checks import check_bool, check_choice, check_finite, check_positive_int  # noqa: F401  (re-exported)
from ..results import Attribution
from .registry import get_method


def prepare(adapter, x, target=None, output: Optional[str] = None):
    """The adapter's ``Prepared`` input (validated, predicted, targets resolved)."""
    return adapter.prepare(x, target, output)


def finish(prep, scores: np.ndarray, name: str, params: Dict, diagnostics: Optional[Dict] = None,
           signed: Optional[bool] = None, base_values: Optional[Sequence[float]] = None) -> Attribution:
    spec = get_method(name)
    adapter = prep.adapter
    scores = np.asarray(scores, dtype=np.float64)
    diagnostics = dict(diagnostics or {})
    diagnostics["seconds"] = round(time.perf_counter() - prep.started, 4)
    device = getattr(adapter, "device", None)
    diagnostics["device"] = str(device) if device is not None else "cpu"
    fields = prep.result_fields(scores)  # the layout's fields and the scores (an image: heatmap and cells)
    return Attribution(
        **fields, targets=list(prep.targets), labels=list(adapter.labels),
        probabilities=prep.probabilities, method=spec.name, method_label=spec.label,
        signed=spec.signed if signed is None else bool(signed), params={"output": prep.output, **params},
        diagnostics=diagnostics, model_name=str(adapter.name),
        base_values=None if base_values is None else [float(v) for v in base_values])


# ---------------------------------------------------------------------- gradient engine
def gradients(prep, points, internal_batch_size: Optional[int] = None, with_outputs: bool = False,
              reduce: Optional[Callable] = None, output: Optional[str] = None):
    """d output[target] / d input at every point: ``points`` [N, *S] -> grads [T, N, *S] (T: ``prep.targets``).

    Points are processed in chunks (``internal_batch_size``, default: the adapter's budget) so memory stays
    bounded whatever ``N``: ``points`` may be a tensor or ``(N, make)`` with ``make(chunk_slice)`` building the
    points of one chunk (integration paths, noisy copies), so that not even the points are held at once.
    ``reduce(grad_chunk, chunk_slice)`` may fold each chunk straight away (for example weight and sum over the
    integration path) so that only [T, *S] is ever kept.
    """
    import torch

    targets = prep.targets
    if isinstance(points, tuple):
        n, make = points
    else:
        n, make = points.shape[0], (lambda sl, p=points: p[sl])
    size = prep.chunk_size(None if internal_batch_size is None
                           else check_positive_int("internal_batch_size", internal_batch_size))
    grads: List[List] = [[] for _ in targets]
    outs: List = []
    folded = None
    for start in range(0, n, size):
        sl = slice(start, min(n, start + size))
        x = make(sl).detach().clone().requires_grad_(True)
        with torch.enable_grad():
            y = prep.forward(x, output)
            gs = []
            for k, t in enumerate(targets):
                (g,) = torch.autograd.grad(y[:, t].sum(), x, retain_graph=k < len(targets) - 1)
                gs.append(g.detach())
        g = torch.stack(gs)  # [T, n_chunk, *S]
        if with_outputs:
            outs.append(y.detach()[:, list(targets)])
        if reduce is not None:
            part = reduce(g, sl)
            folded = part if folded is None else folded + part
        else:
            for k in range(len(targets)):
                grads[k].append(g[k])
    result = folded if reduce is not None else torch.stack([torch.cat(gk) for gk in grads])
    if with_outputs:
        return result, torch.cat(outs)
    return result


def outputs_at(prep, points) -> np.ndarray:
    """Model outputs [N, classes] at input points [N, *S], without autograd."""
    import torch

    size = prep.chunk_size(None)  # the adapter's budget (one point per forward where batches are unsafe)
    with torch.inference_mode():
        outs = [prep.forward(points[s: s + size]) for s in range(0, len(points), size)]
        return torch.cat(outs).double().cpu().numpy()
