"""The high-level entry points: ``explain(text, ...)``."""
from __future__ import annotations

import inspect
from typing import Dict, Optional, Sequence, Union

from .models import CausalLM, TextClassifier, load_model
from .registry import get_method
from .results import Attribution, Comparison

_DEFAULT: Dict[str, TextClassifier] = {}


def resolve_model(model=None) -> TextClassifier:
    """None -> the cached default model; an id/path -> loaded; (model, tokenizer) -> wrapped; adapters pass."""
    if model is None:
        if "default" not in _DEFAULT:
            _DEFAULT["default"] = load_model()
        return _DEFAULT["default"]
    if isinstance(model, (TextClassifier, CausalLM)):
        return model
    if isinstance(model, tuple) and len(model) == 2:
        return load_model(*model)
    if isinstance(model, str):
        return load_model(model)
    raise TypeError(f"model must be None (the embedded default), a model id or path, a (model, tokenizer) pair or "
                    f"an adapter from load_model(); got {type(model).__name__}")


def _accepted(func) -> set:
    return {p for p in inspect.signature(func).parameters if p not in ("adapter", "text")}


def _run(adapter, name: str, text: str, target, params: dict) -> Attribution:
    spec = get_method(name)
    if isinstance(adapter, CausalLM) and spec.kind != "attention":
        raise TypeError(f"{spec.name} needs a text classifier; a causal LM ({adapter.name}) supports the attention "
                        "methods (attention_rollout, attention_flow) and xw.attention(text, model) for now")
    unknown = set(params) - _accepted(spec.func)
    if unknown:
        raise TypeError(f"{spec.name} got unknown parameter(s) {sorted(unknown)}; it accepts "
                        f"{sorted(_accepted(spec.func) - {'target'})}")
    return spec.func(adapter, text, target=target, **params)


def explain(text: str, model=None, method: str = "integrated_gradients", target=None,
            methods: Optional[Sequence[str]] = None, method_params: Optional[Dict[str, dict]] = None,
            **params) -> Union[Attribution, Comparison]:
    """Explain one text.

    ``explain(text)`` runs integrated gradients on the embedded default model and returns an ``Attribution``.
    ``target``: None (the predicted class), a class index, a label name, ``"all"`` or a list.
    ``methods=[...]`` runs several methods and returns a ``Comparison`` shown in one widget; shared ``**params``
    go to every method that accepts them, ``method_params={"lime": {...}}`` to one method.
    """
    adapter = resolve_model(model)
    if methods is None:
        if method_params:
            raise TypeError("method_params is for methods=[...]; pass a single method's parameters as keywords")
        return _run(adapter, method, text, target, params)
    if isinstance(methods, str):
        raise TypeError("methods must be a list of method names; for one method use method=...")
    names = [get_method(m).name for m in methods]
    if not names:
        raise ValueError("methods is empty; pass a list such as ['saliency', 'integrated_gradients', 'lime']")
    method_params = dict(method_params or {})
    for key in method_params:
        if get_method(key).name not in names:
            raise ValueError(f"method_params names {key!r}, which is not in methods {names}")
    per = {get_method(k).name: v for k, v in method_params.items()}
    unused = [p for p in params if not any(p in _accepted(get_method(n).func) for n in names)]
    if unused:
        raise TypeError(f"no method in {names} accepts {unused}")
    results = []
    for name in names:
        shared = {k: v for k, v in params.items() if k in _accepted(get_method(name).func)}
        results.append(_run(adapter, name, text, target, {**shared, **per.get(name, {})}))
    return Comparison(results)
