"""Layer activations and output gradients of a text classifier, pooled per example so that texts of any length
compare (captum's TCAV flattens [tokens, hidden] and so needs one length for all; captum#1570).

``pooled_activations``: per layer, [n, hidden]: the first token's state or the mask-aware mean over the tokens.
``pooled_gradients``: per layer, the derivative of the explained output along a direction v added to the pooled
representation: for "mean" pooling v is added to every token's state, so d f / d eps = sum_t g_t . v; for
"first" to the first token's only (g_0 . v). One backward per batch of examples gives every layer at once, and the
per-token gradients g_t . v are kept for the per-token concept sensitivity.
"""
from __future__ import annotations

from typing import Dict, List, Sequence, Tuple

import numpy as np
import torch

from ..models.layers import capture, layer_stack

POOLINGS = ("mean", "first")
BATCH = 32


def _pool(a: torch.Tensor, mask: torch.Tensor, pooling: str) -> torch.Tensor:
    if pooling == "first":
        return a[:, 0]
    m = mask[..., None].to(a.dtype)
    return (a * m).sum(1) / m.sum(1).clamp_min(1)


def n_batches(adapter, n: int) -> int:
    """How many batches ``adapter.length_batches(texts, BATCH)`` yields for ``n`` texts (for a progress bar)."""
    limit = getattr(adapter, "batch_limit", None)
    size = BATCH if limit is None else min(BATCH, limit)
    return -(-int(n) // max(1, size))


def pooled_activations(adapter, texts: Sequence[str], layers: Sequence[int], pooling: str,
                       step=None) -> Dict[int, np.ndarray]:
    """Per layer, [n, hidden] pooled states; ``step()`` is called after each batch (a progress bar's update)."""
    stack = layer_stack(adapter.model)
    modules = [stack[k] for k in layers]
    out = {k: np.zeros((len(texts), 0)) for k in layers}
    parts: Dict[int, List[Tuple[List[int], np.ndarray]]] = {k: [] for k in layers}
    with capture(modules) as store, torch.inference_mode():
        for idx, ids, mask, _ in adapter.length_batches(texts, BATCH):
            adapter.logits(ids, attention_mask=mask)
            for k, a in zip(layers, store):
                parts[k].append((idx, _pool(a, mask, pooling).double().cpu().numpy()))
            if step is not None:
                step()
    for k in layers:
        d = parts[k][0][1].shape[1]
        arr = np.zeros((len(texts), d))
        for idx, v in parts[k]:
            arr[idx] = v
        out[k] = arr
    return out


def pooled_gradients(adapter, texts: Sequence[str], layers: Sequence[int], target: int, output: str,
                     pooling: str, step=None):
    """(grads {layer: [n, hidden]}, token grads {layer: list of [tokens, hidden]}, encodings, outputs [n],
    class probabilities [n, classes]); ``step()`` is called after each batch."""
    stack = layer_stack(adapter.model)
    modules = [stack[k] for k in layers]
    n = len(texts)
    grads = {k: [None] * n for k in layers}
    token_grads = {k: [None] * n for k in layers}
    encs = [None] * n
    outs = np.zeros(n)
    probs = np.zeros((n, len(adapter.labels)))
    emb_layer = adapter.embedding_layer
    for idx, ids, mask, batch_encs in adapter.length_batches(texts, BATCH):
        with capture(modules) as store, torch.enable_grad():
            emb = emb_layer(ids).detach().requires_grad_(True)
            logits = adapter.logits(inputs_embeds=emb, attention_mask=mask)
            y = adapter.transform(logits, output)[:, target]
            acts = list(store)
            gs = torch.autograd.grad(y.sum(), acts, allow_unused=True)
        for k, a, g in zip(layers, acts, gs):
            g = torch.zeros_like(a) if g is None else g
            m = mask[..., None].to(g.dtype)
            pooled = g[:, 0] if pooling == "first" else (g * m).sum(1)
            for j, i in enumerate(idx):
                L = int(mask[j].sum())
                grads[k][i] = pooled[j].detach().double().cpu().numpy()
                token_grads[k][i] = g[j, :L].detach().float().cpu().numpy()
        for j, i in enumerate(idx):
            encs[i] = batch_encs[j]
            outs[i] = float(y[j].detach())
            probs[i] = torch.softmax(logits[j].detach(), -1).double().cpu().numpy()
        if step is not None:
            step()
    return {k: np.stack(v) for k, v in grads.items()}, token_grads, encs, outs, probs


__all__ = ["pooled_activations", "pooled_gradients", "n_batches", "POOLINGS"]
