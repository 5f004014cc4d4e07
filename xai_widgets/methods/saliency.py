"""Gradient saliency (Simonyan et al., 2014): S_i = || d f(x) / d e_i ||_2, the size of the output's gradient
with respect to feature i's input representation (a token's embedding, a float feature: then |df/dx_i|).
Unsigned: it says how sensitive the output is, not in which direction.
(The articles take the gradient of ``input_ids``; integer ids have no gradient, the embeddings do.)"""
from __future__ import annotations

from .base import finish, gradients, prepare
from .registry import register


@register("saliency", "Gradient saliency", kind="gradient", signed=False, modalities=("text", "tabular", "image"),
          needs=("gradients",), aliases=("gradient", "vanilla_gradient"))
def saliency(adapter, x, target=None, output=None):
    prep = prepare(adapter, x, target, output)
    g = gradients(prep, prep.inputs())[:, 0]  # [T, *S]
    return finish(prep, prep.feature_norm(g), "saliency", {"norm": "l2"})
