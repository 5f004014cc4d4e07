"""Exact pruning of the last encoder layer for classifiers that read only the first token.

BERT, RoBERTa (and XLM-R, CamemBERT) and ELECTRA sequence classifiers feed only position 0 of the last hidden
layer to their head. In that last layer every other position needs nothing but its key and value: the query,
the attention output projection and the feed-forward block can run on position 0 alone. That skips about 83 %
of the last layer's arithmetic (about 14 % of a 6-layer model) with the same result up to float rounding.

``first_token_last_layer(model)`` is a context manager that, for the duration of a no-grad forward, routes the
model's last layer through that pruned computation (an instance attribute shadowing its ``forward``, removed on
exit); the adapter checks once per model that the logits agree with the full forward and otherwise never uses it.
Models it does not recognise run unchanged.
"""
from __future__ import annotations

import contextlib
import threading
from typing import Dict, Optional

import torch
import torch.nn.functional as F

from .torch_utils import shared_switch

# Classifiers whose head reads only hidden_states[:, 0] and whose layers follow BertLayer's structure.
FIRST_TOKEN_CLASSIFIERS = {
    "BertForSequenceClassification", "RobertaForSequenceClassification", "XLMRobertaForSequenceClassification",
    "CamembertForSequenceClassification", "ElectraForSequenceClassification",
}


def last_layer(model: torch.nn.Module) -> Optional[torch.nn.Module]:
    """The last encoder layer when the model is a first-token classifier built of BertLayer-like layers."""
    if type(model).__name__ not in FIRST_TOKEN_CLASSIFIERS:
        return None
    layers = getattr(getattr(getattr(model, "base_model", None), "encoder", None), "layer", None)
    if not isinstance(layers, torch.nn.ModuleList) or len(layers) == 0:
        return None
    layer = layers[-1]
    att = getattr(getattr(layer, "attention", None), "self", None)
    needed = (att is not None and all(hasattr(att, a) for a in ("query", "key", "value", "attention_head_size",
                                                                 "num_attention_heads", "scaling"))
              and hasattr(layer.attention, "output") and hasattr(layer, "intermediate") and hasattr(layer, "output"))
    # an instance-level forward is someone's wrapper (accelerate's offloading hooks set one): leave it alone
    # (ours, set by another thread's pruned forward, is not)
    own = getattr(vars(layer).get("forward"), "_xw_first_token", False)
    plain = (not getattr(layer, "is_decoder", False) and not hasattr(layer, "crossattention")
             and not getattr(layer, "chunk_size_feed_forward", 0) and ("forward" not in vars(layer) or own))
    return layer if needed and plain else None


def _first_token_forward(layer: torch.nn.Module, threads: Dict[int, int]):
    """The pruned forward, for the threads in ``threads`` (those inside ``first_token_last_layer``) and without
    autograd; any other call (another thread's forward, a gradient pass) runs the layer's own forward."""
    att = layer.attention.self
    heads, size = att.num_attention_heads, att.attention_head_size
    full = type(layer).forward.__get__(layer)

    def forward(hidden_states, attention_mask=None, *args, **kwargs):
        if threading.get_ident() not in threads or torch.is_grad_enabled():
            return full(hidden_states, attention_mask, *args, **kwargs)
        b, length, _ = hidden_states.shape
        first = hidden_states[:, :1]
        q = att.query(first).view(b, 1, heads, size).transpose(1, 2)
        k = att.key(hidden_states).view(b, length, heads, size).transpose(1, 2)
        v = att.value(hidden_states).view(b, length, heads, size).transpose(1, 2)
        mask = attention_mask
        if mask is not None:
            if mask.dim() != 4:
                raise ValueError("unexpected attention mask shape")
            mask = mask[:, :, :1, :]
        ctx = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, scale=att.scaling)
        ctx = ctx.transpose(1, 2).reshape(b, 1, heads * size)
        attended = layer.attention.output(ctx, first)
        return layer.output(layer.intermediate(attended), attended)  # [batch, 1, hidden]: what the head reads

    forward._xw_first_token = True
    return forward


@contextlib.contextmanager
def first_token_last_layer(model: torch.nn.Module):
    """Within the block the model's last layer computes position 0 only (when recognised, and without autograd);
    yields whether it does. Several threads may be inside at once: the pruned forward serves only them, and only
    without autograd."""
    layer = last_layer(model)
    if layer is None or torch.is_grad_enabled():
        yield False
        return
    me = threading.get_ident()

    def on():
        threads: Dict[int, int] = {}
        layer.forward = _first_token_forward(layer, threads)
        return threads

    def off(_threads):
        del layer.forward

    with shared_switch(layer, "first_token", on, off) as threads:
        threads[me] = threads.get(me, 0) + 1
        try:
            yield True
        finally:
            threads[me] -= 1
            if not threads[me]:
                del threads[me]


__all__ = ["first_token_last_layer", "last_layer", "FIRST_TOKEN_CLASSIFIERS"]
