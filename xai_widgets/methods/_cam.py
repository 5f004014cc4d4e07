"""What the class-activation-map methods share: the activations of one layer and the gradients of the explained
outputs with respect to them, captured by a forward hook (any module, no change to the model), and bilinear
upsampling of a map to the input's size (as captum's ``LayerAttribution.interpolate``)."""
from __future__ import annotations

from typing import List, Optional, Sequence, Tuple

import numpy as np

from ..models.layers import capture


def layer_gradients(prep, modules: Sequence, output: Optional[str] = None) -> Tuple[List, List]:
    """(activations, grads): per module, its output A [1, ...] on the input and, per target, d y_t / d A
    ([T, 1, ...]); one forward and one backward per target."""
    import torch

    x = prep.inputs().detach().clone().requires_grad_(True)
    with capture(modules) as store, torch.enable_grad():
        y = prep.forward(x, output)
        acts = list(store)
        for m, a in zip(modules, acts):
            if a is None or not torch.is_tensor(a):
                raise ValueError(f"the layer {type(m).__name__} did not produce a tensor in the forward pass "
                                 "(is it used by the model's forward?)")
        grads = [[] for _ in modules]
        for k, t in enumerate(prep.targets):
            gs = torch.autograd.grad(y[:, t].sum(), acts, retain_graph=k < len(prep.targets) - 1,
                                     allow_unused=True)
            for i, (g, a) in enumerate(zip(gs, acts)):
                grads[i].append(torch.zeros_like(a) if g is None else g.detach())
    return [a.detach() for a in acts], [torch.stack(g) for g in grads]


def upsample(maps, size) -> np.ndarray:
    """[T, h, w] -> [T, H, W], bilinear (align_corners=False, as captum and F.interpolate by default)."""
    import torch.nn.functional as F

    return F.interpolate(maps[:, None].float(), size=tuple(size), mode="bilinear",
                         align_corners=False)[:, 0].double().cpu().numpy()


def conv_maps(adapter, x, target, output, layer, combine):
    """The image CAM skeleton: one forward (with the hook on ``layer``) that also gives the prediction, one
    backward per target; activations A [C, h, w] and gradients G [T, C, h, w] combined by ``combine(A, G) ->
    [T, h, w]`` (before the ReLU), then ReLU and upsampling to the image. Returns (prep, maps, diagnostics)."""
    import torch

    from ..models.layers import module_name

    module = adapter.layer(layer)
    prep, (a,), y = adapter.prepare_traced(x, target, output, [module])
    if a is None or not torch.is_tensor(a) or a.dim() != 4:
        shape = tuple(a.shape) if torch.is_tensor(a) else None
        raise ValueError(f"{module_name(adapter.model, module)} gives activations of shape {shape}; "
                         "image CAMs need a convolutional layer with outputs [batch, channels, h, w]")
    gs = []
    with torch.enable_grad():
        for k, t in enumerate(prep.targets):
            (g,) = torch.autograd.grad(y[0, t], a, retain_graph=k < len(prep.targets) - 1)
            gs.append(g[0])
    raw = combine(a[0].detach(), torch.stack(gs))
    cam = torch.relu(raw)
    diag = {"layer": module_name(adapter.model, module), "activation_shape": list(a.shape[1:]),
            "n_zero_maps": int((cam.flatten(1).amax(1) <= 0).sum())}
    return prep, upsample(cam, prep.size), diag


__all__ = ["layer_gradients", "upsample", "conv_maps"]
