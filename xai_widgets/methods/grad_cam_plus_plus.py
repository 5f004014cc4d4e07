"""Grad-CAM++ (Chattopadhay et al., 2018): per-position channel weights from the second and third powers of the
gradient (the closed form for an exponential of the class score),

    a_c[i,j] = g^2 / (2 g^2 + sum_{k,l} A_c[k,l] g^3),   w_c = sum_{i,j} a_c[i,j] ReLU(g_c[i,j]),

map = ReLU(sum_c w_c A_c), upsampled bilinearly; better than Grad-CAM when several instances of a class appear.
Images only, at any convolutional layer (default: the last)."""
from __future__ import annotations

from ._cam import conv_maps
from .base import finish
from .registry import register


def _weights(a, g):
    import torch

    g2, g3 = g ** 2, g ** 3
    denom = 2 * g2 + a.sum(dim=(-2, -1), keepdim=True)[None] * g3
    aij = torch.where(g != 0, g2 / torch.where(denom != 0, denom, torch.ones_like(denom)), torch.zeros_like(g))
    w = (aij * torch.relu(g)).sum(dim=(-2, -1))  # [T, C]
    return (w[..., None, None] * a[None]).sum(1)


@register("grad_cam_plus_plus", "Grad-CAM++", kind="gradient", signed=False, modalities=("image",),
          needs=("gradients",), aliases=("gradcam++", "grad_cam++"))
def grad_cam_plus_plus(adapter, x, target=None, output="logit", layer=None):
    prep, maps, diag = conv_maps(adapter, x, target, output, layer, _weights)
    return finish(prep, maps, "grad_cam_plus_plus", {"layer": diag["layer"]}, diag)
