"""Model adapters: ``load_model()`` turns a model id, a loaded model or nothing into an adapter."""
from __future__ import annotations

from typing import Optional, Sequence, Union

from .causal_lm import CausalLM, config_is_causal_lm, is_causal_lm
from .text_classifier import Encoded, TextClassifier, pick_device

__all__ = ["load_model", "TextClassifier", "CausalLM", "Encoded", "pick_device"]


def load_model(model=None, tokenizer=None, labels: Optional[Sequence[str]] = None, device=None,
               name: Optional[str] = None, **from_pretrained_kwargs) -> Union[TextClassifier, CausalLM]:
    """Return an adapter for a text classifier.

    - ``load_model()``: the embedded default (MiniLM fine-tuned on Rotten Tomatoes; built once, then cached).
    - ``load_model("org/model-id")`` or a local folder: any transformers sequence classifier
      (``AutoModelForSequenceClassification``) with its fast tokenizer.
    - ``load_model(model, tokenizer)``: an already loaded model and tokenizer.
    - an adapter passes through unchanged.
    The adapter exposes ``.model``, ``.tokenizer`` and ``.labels``; CUDA is used when present.
    Causal language models (GPT-2, Llama, ... ``*ForCausalLM``) get a ``CausalLM`` adapter instead (attention maps,
    attention rollout / flow).
    """
    if isinstance(model, (TextClassifier, CausalLM)):
        if tokenizer is not None:
            raise ValueError("model is already an adapter; do not pass a tokenizer with it")
        return model
    if model is None:
        if tokenizer is not None:
            raise ValueError("a tokenizer was given without a model; pass load_model(model, tokenizer)")
        from .default import load_default

        return load_default(device=device)
    if isinstance(model, str):
        from transformers import AutoConfig, AutoModelForCausalLM, AutoModelForSequenceClassification, AutoTokenizer

        try:
            config = AutoConfig.from_pretrained(model, trust_remote_code=from_pretrained_kwargs.get("trust_remote_code",
                                                                                                   False))
        except Exception:  # noqa: BLE001 - let the classifier loader below report the problem
            config = None
        if config is not None and is_causal_lm(type("_", (), {"config": config})()):
            hf_model = AutoModelForCausalLM.from_pretrained(model, **from_pretrained_kwargs)
            tok = tokenizer if tokenizer is not None else AutoTokenizer.from_pretrained(model, use_fast=True)
            return CausalLM(hf_model, tok, name=name or model, device=pick_device(device))

        hf_model = AutoModelForSequenceClassification.from_pretrained(model, **from_pretrained_kwargs)
        tok = tokenizer if tokenizer is not None else AutoTokenizer.from_pretrained(model, use_fast=True)
        return TextClassifier(hf_model, tok, labels=labels, name=name or model,
                              device=pick_device(device))
    if tokenizer is None:
        raise ValueError(
            f"a loaded {type(model).__name__} needs its tokenizer: load_model(model, tokenizer); accepted forms are "
            "load_model(), load_model('model-id-or-path') and load_model(model, tokenizer)"
        )
    if is_causal_lm(model):
        return CausalLM(model, tokenizer, name=name, device=device)
    return TextClassifier(model, tokenizer, labels=labels, name=name, device=device)
