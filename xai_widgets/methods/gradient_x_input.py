"""Gradient x input (Shrikumar et al., 2016): a_i = sum_d  e_{i,d} * d f(x) / d e_{i,d}, the first-order
Taylor term of feature i's input representation (a token embedding; a float feature x_i * df/dx_i). Signed."""
from __future__ import annotations

from .base import finish, gradients, prepare
from .registry import register


@register("gradient_x_input", "Gradient × input", kind="gradient", signed=True, modalities=("text", "tabular", "image"),
          needs=("gradients",), aliases=("input_x_gradient", "grad_x_input"))
def gradient_x_input(adapter, x, target=None, output=None):
    prep = prepare(adapter, x, target, output)
    inputs = prep.inputs()
    g = gradients(prep, inputs)[:, 0]
    return finish(prep, prep.feature_sum(g * inputs[0]), "gradient_x_input", {})
