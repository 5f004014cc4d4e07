"""Gradient saliency (Simonyan et al., 2014): S_i = || d f(x) / d e_i ||_2, the size of the output's gradient
with respect to token i's embedding. Unsigned: it says how sensitive the output is, not in which direction.
(The articles take the gradient of ``input_ids``; integer ids have no gradient, the embeddings do.)"""
from __future__ import annotations

from ..registry import register
from .base import embed, finish, gradients, prepare, token_norms


@register("saliency", "Gradient saliency", kind="gradient", signed=False, needs_gradients=True,
          aliases=("gradient", "vanilla_gradient"))
def saliency(adapter, text, target=None, output="probability"):
    adapter.check_gradients("saliency")
    prep = prepare(adapter, text, target, output)
    x = embed(adapter, prep.ids)
    g = gradients(adapter, x, prep.targets, output)[:, 0]  # [T, L, D]
    return finish(prep, token_norms(g), "saliency", {"norm": "l2"})
