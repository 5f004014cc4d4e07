"""HiResCAM (Draelos & Carin, 2020): the gradient times the activation position by position, summed over
channels, map = ReLU(sum_c g_c ⊙ A_c), upsampled bilinearly. Unlike Grad-CAM it does not average the gradient
over positions, so (for a model whose head is a linear function of the layer, like global pooling and a dense
layer) it shows exactly the locations the score used. Images only, at any convolutional layer (default: the last)."""
from __future__ import annotations

from ._cam import conv_maps
from .base import finish
from .registry import register


@register("hires_cam", "HiResCAM", kind="gradient", signed=False, modalities=("image",), needs=("gradients",),
          aliases=("hirescam",))
def hires_cam(adapter, x, target=None, output="logit", layer=None):
    prep, maps, diag = conv_maps(adapter, x, target, output, layer, lambda a, g: (g * a[None]).sum(1))
    return finish(prep, maps, "hires_cam", {"layer": diag["layer"]}, diag)
