"""Gradient x input (Shrikumar et al., 2016): a_i = sum_d  e_{i,d} * d f(x) / d e_{i,d}, the first-order
Taylor term of token i's embedding. Signed."""
from __future__ import annotations

from ..registry import register
from .base import embed, finish, gradients, prepare, token_scores


@register("gradient_x_input", "Gradient × input", kind="gradient", signed=True, needs_gradients=True,
          aliases=("input_x_gradient", "grad_x_input"))
def gradient_x_input(adapter, text, target=None, output="probability"):
    adapter.check_gradients("gradient_x_input")
    prep = prepare(adapter, text, target, output)
    x = embed(adapter, prep.ids)
    g = gradients(adapter, x, prep.targets, output)[:, 0]
    return finish(prep, token_scores(g * x[0]), "gradient_x_input", {})
