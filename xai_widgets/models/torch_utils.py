"""What the torch-based adapters share: the device choice, eval mode that leaves the user's modes as they were,
and a digest of a module's weights for fingerprints."""
from __future__ import annotations

import contextlib
import hashlib
import threading
from typing import Any, Callable, Dict, Union

import numpy as np
import torch


def pick_device(device: Union[str, torch.device, None] = None) -> torch.device:
    """The device to run on: the one asked for, else CUDA when present, else the CPU."""
    if device is not None:
        return torch.device(device)
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


#: switches held now: (id(object), name) -> [number of bodies inside, what switching on returned]
_SWITCHES: Dict[tuple, list] = {}
_SWITCH_LOCK = threading.RLock()


@contextlib.contextmanager
def shared_switch(obj: object, name: str, switch_on: Callable[[], Any], switch_off: Callable[[Any], None]):
    """A change of ``obj`` (a mode, a config value, a patched forward) shared by every body that asks for it, from
    any thread: the first body to enter calls ``switch_on()`` and the last to leave calls ``switch_off(token)``
    with what it returned. A plain save/restore per body is wrong with two threads: the first to finish puts the
    old state back under the other. Yields the token."""
    key = (id(obj), name)
    with _SWITCH_LOCK:
        entry = _SWITCHES.get(key)
        if entry is None:
            entry = [0, switch_on()]
            _SWITCHES[key] = entry
        entry[0] += 1
    try:
        yield entry[1]
    finally:
        with _SWITCH_LOCK:
            entry[0] -= 1
            if entry[0] == 0:
                del _SWITCHES[key]
                switch_off(entry[1])


def eval_mode(model: torch.nn.Module):
    """Every submodule in eval mode (no dropout) for the body; each module's own mode is put back afterwards,
    including a submodule the user left in a different mode from its parent; safe when several threads explain
    with one model (``shared_switch``)."""

    def on():
        modes = [(m, m.training) for m in model.modules() if m.training]
        for m, _ in modes:
            m.training = False
        return modes

    def off(modes):
        for m, mode in modes:
            m.training = mode

    return shared_switch(model, "eval_mode", on, off)


def this_thread_only(hook: Callable) -> Callable:
    """A module hook that runs only for forwards of the thread that registered it (hooks belong to the module,
    so another thread explaining with the same model would otherwise feed them its own activations)."""
    owner = threading.get_ident()

    def wrapped(*args, **kwargs):
        if threading.get_ident() == owner:
            return hook(*args, **kwargs)
        return None

    return wrapped


def transform_logits(logits: torch.Tensor, output: str) -> torch.Tensor:
    """A classifier's logits as ``output``: "probability" (softmax), "log_probability" or "logit"."""
    if output == "probability":
        return torch.softmax(logits, dim=-1)
    if output == "log_probability":
        return torch.log_softmax(logits, dim=-1)
    if output == "logit":
        return logits
    raise ValueError(f"unknown output {output!r}; accepted: ['probability', 'logit', 'log_probability']")


def state_digest(model: torch.nn.Module) -> bytes:
    """A digest of every parameter and buffer (names, dtypes, shapes and bytes)."""
    h = hashlib.blake2b(digest_size=16)
    with torch.no_grad():
        for name, t in model.state_dict().items():
            h.update(f"{name}:{t.dtype}:{tuple(t.shape)}".encode())
            a = t.detach().cpu().contiguous()
            if a.dtype == torch.bfloat16:
                a = a.float()
            h.update(np.ascontiguousarray(a.numpy()).tobytes())
    return h.digest()


__all__ = ["pick_device", "eval_mode", "shared_switch", "this_thread_only", "state_digest", "transform_logits"]
