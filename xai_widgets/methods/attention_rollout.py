"""Attention rollout (Abnar & Zuidema 2020): residual-augmented head-mean attention multiplied over layers;
the scores are the row of the output position ([CLS], or the last token of a causal LM)."""
from __future__ import annotations

from typing import Optional

from ._attention import attention_attribution, check_residual
from ..attention.rollout import rollout_scores
from .registry import register


@register("attention_rollout", "Attention rollout", kind="attention", signed=False, modalities=("text",), needs=("attentions",), aliases=("rollout",))
def attention_rollout(adapter, text: str, target=None, residual: float = 0.5, position: Optional[int] = None):
    """``residual``: weight of the identity in ``(1 - residual) A + residual I`` (0.5 in the paper);
    ``position``: the output position to explain (default [CLS] / the last token of a causal LM)."""
    residual = check_residual(residual)
    return attention_attribution(adapter, text, "attention_rollout",
                                 lambda maps, pos: rollout_scores(maps.attentions, pos, residual),
                                 {"residual": residual}, target=target, position=position)
