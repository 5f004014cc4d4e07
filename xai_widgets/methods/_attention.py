"""Attention rollout / flow as token-level ``Attribution`` results (shown in TokenHighlight beside gradients).

Attention is class-agnostic: for a classifier every requested target gets the same row of scores (the [CLS]
position), recorded in ``diagnostics["class_agnostic"]``. For a causal LM the scores explain the last position
(the next-token prediction); ``labels`` then holds the predicted next token.
"""
from __future__ import annotations

import time
from typing import Callable, Dict, Optional

import numpy as np

from ..attention import compute
from ..results import Attribution
from .checks import check_finite
from .registry import get_method


def check_residual(residual) -> float:
    """The identity's weight in (1 - residual) A + residual I: a finite number in [0, 1]."""
    value = check_finite("residual", residual, minimum=0)
    if value > 1:
        raise ValueError(f"residual must be a finite number in [0, 1], got {residual!r}")
    return value


def attention_attribution(adapter, text: str, name: str, scores_fn: Callable[[object], np.ndarray],
                          params: Dict, target=None, position: Optional[int] = None) -> Attribution:
    started = time.perf_counter()
    spec = get_method(name)
    if position is not None and (isinstance(position, (bool, np.bool_)) or not isinstance(position, (int, np.integer))):
        raise ValueError(f"position must be a token index (an integer; negative counts from the end) or None, got "
                         f"{position!r}")
    maps, enc, out = compute(adapter, text)
    pos = maps.output_position if position is None else int(position)
    if not -maps.n_tokens <= pos < maps.n_tokens:
        raise ValueError(f"position {position} is out of range for {maps.n_tokens} tokens (accepted: "
                         f"{-maps.n_tokens}..{maps.n_tokens - 1})")
    pos %= maps.n_tokens
    scores = np.asarray(scores_fn(maps, pos), dtype=np.float64)
    logits = out.logits.float()
    if maps.causal:
        p = logits[0, -1].softmax(-1)
        k = int(p.argmax())
        labels = [f"next: {adapter.tokenizer.decode([k])!r}"]
        probs = np.array([float(p[k])])
        targets = [0]
        if target not in (None, 0, "all"):
            raise ValueError("a causal LM's attention attribution explains the next-token prediction; "
                             "pass target=None")
    else:
        probs = logits[0].softmax(-1).double().cpu().numpy()
        labels = list(adapter.labels)
        targets = adapter.resolve_targets(target, probs)
    diagnostics = {"seconds": round(time.perf_counter() - started, 4), "device": str(adapter.device),
                   "class_agnostic": True, "position": pos, "position_token": maps.tokens[pos],
                   "layers": maps.n_layers, "heads": maps.n_heads}
    return Attribution(
        text=enc.text, tokens=list(enc.tokens), scores=np.tile(scores, (len(targets), 1)), targets=targets,
        labels=labels, probabilities=probs, method=spec.name, method_label=spec.label, special=list(enc.special),
        space_before=list(enc.space_before), word_ids=list(enc.word_ids), offsets=list(enc.offsets),
        signed=spec.signed, params={**params, "position": pos}, diagnostics=diagnostics, truncated=enc.truncated,
        n_truncated_tokens=enc.n_truncated_tokens, max_length=enc.max_length, model_name=str(adapter.name))
