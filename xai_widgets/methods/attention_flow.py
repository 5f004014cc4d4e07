"""Attention flow (Abnar & Zuidema 2020): max flow from each input token to the output position in the layered
graph of residual-augmented attention. Pure-Python max flow: limited to ``max_tokens`` (64) tokens by default."""
from __future__ import annotations

from typing import Optional

from ._attention import attention_attribution, check_residual
from .checks import check_positive_int
from ..attention.flow import MAX_FLOW_TOKENS, flow_scores
from .registry import register


@register("attention_flow", "Attention flow", kind="attention", signed=False, modalities=("text",), needs=("attentions",))
def attention_flow(adapter, text: str, target=None, residual: float = 0.5, position: Optional[int] = None,
                   max_tokens: int = MAX_FLOW_TOKENS):
    """Scores sum to 1. Raises ValueError for inputs longer than ``max_tokens``."""
    residual = check_residual(residual)
    max_tokens = check_positive_int("max_tokens", max_tokens, minimum=2)
    return attention_attribution(adapter, text, "attention_flow",
                                 lambda maps, pos: flow_scores(maps.attentions, pos, residual, max_tokens=max_tokens),
                                 {"residual": residual, "max_tokens": max_tokens}, target=target, position=position)
