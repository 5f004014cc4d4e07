"""Attention maps of transformer models: extraction, per-head statistics, rollout and flow.

>>> import xai_widgets as xw
>>> maps = xw.attention("This movie is amazing!")     # the embedded default model
>>> maps.shape, maps.to_pandas().head()
>>> maps                                               # the explorer widget in a notebook
"""
from __future__ import annotations

from ..errors import AttentionUnavailableError
from ..models import resolve_model
from .flow import MAX_FLOW_TOKENS, flow_scores, max_flow
from .maps import AttentionMaps
from .rollout import residual_augmented, rollout_matrix, rollout_scores
from .stats import head_statistics


def __getattr__(name):
    if name in ("eager_attention", "extract_attentions", "attn_implementation"):  # torch: imported on first use
        from . import extract

        return getattr(extract, name)
    raise AttributeError(name)


def compute(adapter, text: str):
    """(AttentionMaps, encoded input, model outputs) for one text."""
    from .extract import attn_implementation, extract_attentions

    enc = adapter.encode(text)
    att, out = extract_attentions(adapter.model, enc.input_ids, device=adapter.device)

    maps = AttentionMaps(text=enc.text, tokens=list(enc.tokens), attentions=att, special=list(enc.special),
                         causal=bool(getattr(adapter, "causal", False)), model_name=str(adapter.name),
                         truncated=enc.truncated, n_truncated_tokens=enc.n_truncated_tokens,
                         attn_implementation=attn_implementation(adapter.model))
    return maps, enc, out


def attention(text: str, model=None) -> AttentionMaps:
    """Attention weights of every layer and head of ``model`` (default: the embedded classifier) on ``text``.

    Works for encoders (BERT, RoBERTa, DistilBERT, ...) and causal LMs (GPT-2, Llama, ...); models running SDPA
    or flash attention are switched to eager attention for the pass. Raises ``AttentionUnavailableError`` when
    the model cannot give attention weights."""
    return compute(resolve_model(model), text)[0]


__all__ = ["attention", "AttentionMaps", "AttentionUnavailableError", "extract_attentions", "eager_attention",
           "head_statistics", "residual_augmented", "rollout_matrix", "rollout_scores", "flow_scores", "max_flow",
           "MAX_FLOW_TOKENS"]
