"""Adapter for causal language models (GPT-2, Llama, ...): tokenizer, encoding and next-token prediction.

It shares ``encode`` with ``TextClassifier`` (tokens with offsets, special-token mask, truncation) and gives the
attention tools what they need; gradient methods are not wired for it yet.
"""
from __future__ import annotations

from typing import List, Optional

import torch

from .base import Adapter
from .text_classifier import Encoded, TextClassifier, attach
from .torch_utils import eval_mode, state_digest

CAUSAL_SUFFIXES = ("ForCausalLM", "LMHeadModel")


def config_is_causal_lm(config) -> bool:
    """True when a model config's architectures name a decoder-only language model."""
    if config is None or getattr(config, "is_encoder_decoder", False):
        return False
    return any(str(a).endswith(CAUSAL_SUFFIXES) for a in (getattr(config, "architectures", None) or []))


def is_causal_lm(model) -> bool:
    """True for decoder-only language models (GPT-2, Llama, Mistral, ...)."""
    name = type(model).__name__
    if name.endswith(CAUSAL_SUFFIXES):
        return True
    return config_is_causal_lm(getattr(model, "config", None)) and "ForSequenceClassification" not in name


class CausalLM(Adapter):
    """A causal LM with its tokenizer: ``.model``, ``.tokenizer``, ``.device``, ``.max_length``; ``encode(text)``,
    ``next_token(ids)``. ``causal`` is True (attention maps mask the upper triangle). It offers attentions (maps,
    rollout, flow); the attribution methods that need a classifier's outputs are not wired for it yet."""

    task = "causal-lm"
    causal = True
    modality = "text"
    capabilities = frozenset({"attentions"})
    outputs = ("next_token",)
    default_output = "next_token"

    def __init__(self, model: torch.nn.Module, tokenizer, name: Optional[str] = None, device=None,
                 max_length: Optional[int] = None):
        if not isinstance(model, torch.nn.Module):
            raise TypeError(f"model must be a torch.nn.Module (a transformers causal LM), got {type(model).__name__}")
        if tokenizer is None or not getattr(tokenizer, "is_fast", False):
            raise TypeError("a fast transformers tokenizer is needed (character offsets); load it with "
                            "AutoTokenizer.from_pretrained(..., use_fast=True)")
        config = attach(self, model, tokenizer, name, device)
        self.max_length = max_length or TextClassifier._max_length(self, config)
        self.special_ids = set(getattr(tokenizer, "all_special_ids", []) or [])
        self.labels: List[str] = []

    encode = TextClassifier.encode

    def missing(self, capability: str) -> str:
        return (f"a causal LM ({self.name}) is not a classifier; it supports the attention methods (attention_rollout, "
                "attention_flow) and xw.attention(text, model) for now")

    def _fingerprint_parts(self):
        return [state_digest(self.model), repr((type(self.model).__name__, self.max_length)).encode()]

    def next_token(self, ids) -> tuple:
        """(token text, probability) of the most likely next token after ``ids``."""
        with torch.inference_mode(), eval_mode(self.model):
            t = torch.as_tensor([list(ids)], dtype=torch.long, device=self.device)
            logits = self.model(input_ids=t).logits[0, -1].float()
        p = torch.softmax(logits, -1)
        k = int(torch.argmax(p))
        return self.tokenizer.decode([k]), float(p[k])

    def __repr__(self) -> str:
        return f"CausalLM(name={self.name!r}, max_length={self.max_length}, device={self.device})"


__all__ = ["CausalLM", "is_causal_lm", "Encoded"]
