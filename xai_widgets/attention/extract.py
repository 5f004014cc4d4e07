"""Attention extraction: every layer and head of a transformers model, under eager attention when needed.

transformers 5 runs most models under SDPA (or flash attention), which returns no attention weights: with
``output_attentions=True`` the model gives an empty tuple (or Nones). ``extract_attentions`` switches such a
model to the eager implementation for the forward pass (``model.set_attn_implementation("eager")``, else the
config's ``_attn_implementation``) and switches it back afterwards.
"""
from __future__ import annotations

import contextlib
from typing import Iterator, Optional, Sequence

import numpy as np
import torch

from ..errors import AttentionUnavailableError
from ..models.torch_utils import eval_mode, shared_switch


def attn_implementation(model: torch.nn.Module) -> Optional[str]:
    config = getattr(model, "config", None)
    impl = getattr(config, "_attn_implementation", None) if config is not None else None
    return impl if isinstance(impl, str) or impl is None else str(impl)


def _set_impl(model: torch.nn.Module, impl: str) -> None:
    setter = getattr(model, "set_attn_implementation", None)
    if callable(setter):
        setter(impl)
    else:  # older transformers: the attention modules read the config at call time
        model.config._attn_implementation = impl


@contextlib.contextmanager
def eager_attention(model: torch.nn.Module) -> Iterator[Optional[str]]:
    """Run the body with eager attention; restores the previous implementation (when the last body using it, from
    any thread, leaves). Yields the previous one."""
    before = attn_implementation(model)
    if before in (None, "eager"):
        yield before
        return

    def on():
        try:
            _set_impl(model, "eager")
        except Exception as exc:  # noqa: BLE001 - report as the library's error
            raise AttentionUnavailableError(
                f"{type(model).__name__} uses {before!r} attention, which returns no attention weights, and it could "
                f"not be switched to eager attention ({exc}); load it with attn_implementation='eager'") from exc
        return before

    def off(previous):
        with contextlib.suppress(Exception):
            _set_impl(model, previous)

    with shared_switch(model, "eager_attention", on, off):  # two threads: the last one out switches back
        yield before


def extract_attentions(model: torch.nn.Module, input_ids: Sequence[int], device=None, **forward_kwargs):
    """Run one sequence and return ``(attentions [layers, heads, n, n] float32 numpy, outputs)``.

    ``attentions[l, h, i, j]`` is the weight token ``i`` (query, "from") gives token ``j`` (key, "to") in layer
    ``l``, head ``h``; rows sum to 1. Raises ``AttentionUnavailableError`` when the model gives none."""
    if device is None:
        device = next((p.device for p in model.parameters()), torch.device("cpu"))
    ids = torch.as_tensor([list(input_ids)], dtype=torch.long, device=device)
    mask = torch.ones_like(ids)
    with eager_attention(model), eval_mode(model), torch.inference_mode():
        try:
            out = model(input_ids=ids, attention_mask=mask, output_attentions=True, **forward_kwargs)
        except TypeError as exc:
            raise AttentionUnavailableError(
                f"{type(model).__name__}.forward does not accept output_attentions ({exc}); attention maps need "
                "a transformers model that can return its attention weights") from exc
    atts = getattr(out, "attentions", None)
    if atts is None and isinstance(out, dict):
        atts = out.get("attentions")
    if not atts or any(a is None for a in atts):
        raise AttentionUnavailableError(
            f"{type(model).__name__} returned no attention weights even with output_attentions=True under eager "
            f"attention (implementation {attn_implementation(model)!r}); this architecture cannot give attention maps")
    arr = torch.stack([a[0].float() for a in atts]).cpu().numpy()
    if arr.ndim != 4 or arr.shape[-1] != arr.shape[-2] or arr.shape[-1] != ids.shape[1]:
        raise AttentionUnavailableError(f"unexpected attention shape {arr.shape}; expected [layers, heads, n, n] "
                                        f"with n = {ids.shape[1]} tokens")
    return np.ascontiguousarray(arr, dtype=np.float32), out
