"""Grad-CAM (Selvaraju et al., 2017): the activations of one layer weighted by the mean gradient of the class
score over that layer's positions, then ReLU.

- Images: at a convolutional layer (``layer``: the module or its name; default the last ``Conv2d``),
  alpha_c = mean_{i,j} dy/dA_c[i,j], map = ReLU(sum_c alpha_c A_c), upsampled bilinearly to the input (what
  captum's ``LayerGradCam`` + ``LayerAttribution.interpolate`` give; tested against it).
- Text: at encoder layer ``layer`` (an index, negative from the end, or a module name), A [tokens, hidden]:
  alpha_d = mean_t dy/dA[t, d], map_t = ReLU(sum_d alpha_d A[t, d]) (hidden units play the channels' part;
  captum's ``LayerGradCam`` on a [batch, tokens, hidden] output would treat the tokens as channels instead).

A classifier that reads only the first token ([CLS]) of its last layer has zero gradient at every other position
of that layer, so alpha comes from [CLS] alone and the "map" only says how much each token's state resembles the
[CLS] gradient (article 002 runs Grad-CAM exactly there). The default layer is therefore the last one whose
gradient does not vanish off the first token; asking for a degenerate one warns and says why.
The class score is the logit (``output="logit"``), as in the paper.
"""
from __future__ import annotations

import warnings
from typing import Dict, List

import numpy as np

from ..errors import XaiWidgetsWarning
from ._cam import conv_maps, layer_gradients
from .base import finish, prepare
from .registry import register

#: below this share of the gradient's norm off the first token, a layer counts as degenerate
DEGENERATE_SHARE = 1e-6


def text_layers(adapter):
    from ..models.layers import layer_stack

    return layer_stack(adapter.model)


def resolve_text_layer(adapter, layer, layers) -> int:
    """The index in the encoder stack of ``layer`` (int, negative from the end, module name or module)."""
    from ..models.layers import find_module

    n = len(layers)
    if isinstance(layer, bool):
        raise TypeError("layer must be an encoder-layer index, a module name or a module; got a bool")
    if isinstance(layer, (int, np.integer)):
        if not -n <= int(layer) < n:
            raise ValueError(f"layer {layer} is out of range: the model has {n} encoder layers (0..{n - 1}, or "
                             f"-1..-{n} from the end)")
        return int(layer) % n
    module = find_module(adapter.model, layer)
    for i, m in enumerate(layers):
        if m is module:
            return i
    raise ValueError(f"layer {layer!r} is not one of the {n} encoder layers; pass an index 0..{n - 1} or the name "
                     "of one of them")


def off_first_share(g) -> List[float]:
    """Per target, the share of the gradient's norm at positions other than the first: g [T, 1, L, D]."""
    total = g.flatten(1).norm(dim=1)
    off = g[:, 0, 1:].flatten(1).norm(dim=1)
    return (off / total.clamp_min(1e-30)).tolist()


@register("grad_cam", "Grad-CAM", kind="gradient", signed=False, modalities=("image",), needs=("gradients",),
          aliases=("gradcam",))
def grad_cam(adapter, x, target=None, output="logit", layer=None):
    prep, maps, diag = conv_maps(adapter, x, target, output, layer,
                                 lambda a, g: (g.mean(dim=(-2, -1))[..., None, None] * a).sum(1))
    return finish(prep, maps, "grad_cam", {"layer": diag["layer"]}, diag)


@register("grad_cam", "Grad-CAM", kind="gradient", signed=False, modalities=("text",), needs=("gradients",))
def grad_cam_text(adapter, x, target=None, output="logit", layer=None):
    import torch

    prep = prepare(adapter, x, target, output)
    layers = text_layers(adapter)
    acts, grads = layer_gradients(prep, layers, output)
    shares = [min(off_first_share(g)) for g in grads]  # per layer, the worst target
    usable = [i for i, s in enumerate(shares) if s > DEGENERATE_SHARE]
    if layer is None:
        if not usable:
            raise ValueError("the gradient vanishes off the first token at every encoder layer; Grad-CAM has no "
                             "token map to give for this model")
        k = usable[-1]
    else:
        k = resolve_text_layer(adapter, layer, layers)
        if k not in usable:
            better = f"; the last layer where it does not is {usable[-1] - len(layers)} (index {usable[-1]})" \
                if usable else ""
            warnings.warn(
                f"Grad-CAM at encoder layer {k - len(layers)} (index {k}) is degenerate: the output's gradient is "
                f"zero at every token but the first (share off the first token {shares[k]:.1e}), because the "
                "classifier reads only the first token of this layer; the weights alpha then come from [CLS] alone "
                f"and the map does not measure the tokens' importance{better}", XaiWidgetsWarning, stacklevel=3)
    a, g = acts[k], grads[k]
    alpha = g[:, 0].mean(dim=1, keepdim=True)  # [T, 1, D]: mean over tokens
    cam = torch.relu((alpha * a[0][None]).sum(-1))  # [T, L]
    diag: Dict = {"layer": k, "layer_from_end": k - len(layers), "n_layers": len(layers),
                  "gradient_share_off_first_token": [round(s, 8) for s in shares], "degenerate": k not in usable}
    return finish(prep, cam.double().cpu().numpy(), "grad_cam", {"layer": k}, diag)
