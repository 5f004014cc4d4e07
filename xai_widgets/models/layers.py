"""Finding layers inside a network: by module or name, the last convolution of a CNN, the stack of a
transformer's encoder layers. Used by the layer methods (Grad-CAM, TCAV)."""
from __future__ import annotations

import contextlib
from typing import List, Sequence, Union

import torch

from .torch_utils import this_thread_only


def find_module(model: torch.nn.Module, layer: Union[str, torch.nn.Module]) -> torch.nn.Module:
    """``layer`` as a module of ``model``: the module itself or its name in ``model.named_modules()``."""
    if isinstance(layer, torch.nn.Module):
        if not any(m is layer for m in model.modules()):
            raise ValueError(f"the module {type(layer).__name__} passed as layer is not part of this model")
        return layer
    if not isinstance(layer, str):
        raise TypeError(f"layer must be a module of the model or its name (str); got {type(layer).__name__}")
    modules = dict(model.named_modules())
    if layer not in modules or layer == "":
        close = [n for n in modules if n and (layer in n or n.endswith(layer.split(".")[-1]))][:8]
        hint = f"; similar names: {close}" if close else f"; names look like {[n for n in modules if n][:6]}"
        raise ValueError(f"layer={layer!r}: the model has no module named {layer!r}{hint} (see model.named_modules())")
    return modules[layer]


def module_name(model: torch.nn.Module, module: torch.nn.Module) -> str:
    for name, m in model.named_modules():
        if m is module:
            return name or type(model).__name__
    return type(module).__name__


def last_conv(model: torch.nn.Module) -> torch.nn.Module:
    """The last ``Conv2d`` in registration order (the last convolution of a CNN's feature extractor)."""
    convs = [m for m in model.modules() if isinstance(m, torch.nn.Conv2d)]
    if not convs:
        raise ValueError(f"{type(model).__name__} has no Conv2d layer; pass layer= (a module or its name)")
    return convs[-1]


def layer_stack(model: torch.nn.Module) -> List[torch.nn.Module]:
    """The transformer's layer stack: the longest ``ModuleList`` whose items share one class (BERT's
    ``encoder.layer``, GPT-2's ``h``, Llama's ``layers``)."""
    best: List[torch.nn.Module] = []
    for m in model.modules():
        if isinstance(m, torch.nn.ModuleList) and len(m) > len(best) and \
                len({type(c) for c in m}) == 1:
            best = list(m)
    if not best:
        raise ValueError(f"{type(model).__name__} has no stack of encoder layers (a ModuleList of blocks)")
    return best


@contextlib.contextmanager
def capture(modules: Sequence[torch.nn.Module]):
    """Record each module's output (the first element of a tuple output) during the body's forward passes of this
    thread; the hooks are removed afterwards, also on error."""
    store: List = [None] * len(modules)
    handles = []
    for i, m in enumerate(modules):
        def hook(_mod, _inp, out, i=i):
            store[i] = out[0] if isinstance(out, (tuple, list)) else out
        handles.append(m.register_forward_hook(this_thread_only(hook)))
    try:
        yield store
    finally:
        for h in handles:
            h.remove()


__all__ = ["capture", "find_module", "module_name", "last_conv", "layer_stack"]
