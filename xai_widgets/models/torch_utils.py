"""What the torch-based adapters share: the device choice, eval mode that leaves the user's modes as they were,
and a digest of a module's weights for fingerprints."""
from __future__ import annotations

import contextlib
import hashlib
from typing import Iterator, Union

import numpy as np
import torch


def pick_device(device: Union[str, torch.device, None] = None) -> torch.device:
    """The device to run on: the one asked for, else CUDA when present, else the CPU."""
    if device is not None:
        return torch.device(device)
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


@contextlib.contextmanager
def eval_mode(model: torch.nn.Module) -> Iterator[None]:
    """Every submodule in eval mode (no dropout) for the body; each module's own mode is put back afterwards,
    including a submodule the user left in a different mode from its parent."""
    modes = [(m, m.training) for m in model.modules() if m.training]
    for m, _ in modes:
        m.training = False
    try:
        yield
    finally:
        for m, mode in modes:
            m.training = mode


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


__all__ = ["pick_device", "eval_mode", "state_digest", "transform_logits"]
