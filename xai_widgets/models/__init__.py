"""Model adapters: ``load_model()`` turns a model id, a loaded model, a fitted estimator or nothing into an
adapter (``base.Adapter``), and ``resolve_model`` is what every entry point calls on its ``model=`` argument.

The adapter classes are imported on first use, so that ``import xai_widgets`` stays light and a tabular user who
never touches a transformer does not pay for importing it."""
from __future__ import annotations

from typing import Dict, Optional, Sequence

from .base import CAPABILITIES, Adapter, Prepared, is_torch_module

__all__ = ["load_model", "resolve_model", "is_default", "Adapter", "Prepared", "CAPABILITIES", "TextClassifier", "CausalLM",
           "TabularModel", "ImageClassifier", "Encoded", "pick_device", "KINDS", "load_image_model"]

KINDS = ("text", "tabular", "image")
_LAZY = {"TextClassifier": "text_classifier", "Encoded": "text_classifier", "CausalLM": "causal_lm",
         "TabularModel": "tabular", "ImageClassifier": "image", "pick_device": "torch_utils",
         "load_image_model": "default_image"}
_DEFAULT: Dict[str, Adapter] = {}


def __getattr__(name):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(name)


def _is_estimator(obj) -> bool:
    return callable(getattr(obj, "predict_proba", None)) or callable(getattr(obj, "predict", None))


def load_model(model=None, tokenizer=None, labels: Optional[Sequence[str]] = None, device=None,
               name: Optional[str] = None, *, data=None, feature_names: Optional[Sequence[str]] = None,
               class_names: Optional[Sequence[str]] = None, kind: Optional[str] = None,
               preprocess=None, image_size: Optional[int] = None, **from_pretrained_kwargs) -> Adapter:
    """Return the adapter for a model.

    Text (``TextClassifier``, or ``CausalLM`` for GPT-2, Llama, ... ``*ForCausalLM``):

    - ``load_model()``: the embedded default (MiniLM fine-tuned on Rotten Tomatoes; built once, then cached);
    - ``load_model("org/model-id")`` or a local folder: any transformers sequence classifier with its fast tokenizer;
    - ``load_model(model, tokenizer)``: an already loaded model and tokenizer (``labels=`` names the classes).

    Tabular (``TabularModel``): ``load_model(estimator, data=X_train, feature_names=None, class_names=None)`` for
    any object with ``predict_proba`` or ``predict`` (sklearn estimators and pipelines, classification or
    regression), or a torch ``nn.Module`` on float features (which adds gradients). ``data`` is the background
    sample (what hidden features are replaced by, what SHAP and LIME sample from).

    Image (``ImageClassifier``): ``load_model(module, kind="image", labels=[...], preprocess=None,
    image_size=None)`` for any torch classifier of [batch, 3, H, W] float images; ``preprocess`` maps an HxWx3
    uint8 array to the float tensor [3, H, W] (None: scale to [0, 1] and nothing else); with ``image_size`` each
    image is resized and centre-cropped to it first. ``load_image_model()`` is the default (EfficientNet-Lite0).

    An adapter passes through unchanged. CUDA is used when present.
    """
    if kind is not None and kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS} (or None to infer it), got {kind!r}")
    if isinstance(model, Adapter):
        if tokenizer is not None or data is not None:
            raise ValueError("model is already an adapter; do not pass a tokenizer or data with it")
        return model
    if kind == "image":
        if tokenizer is not None or data is not None or feature_names is not None:
            raise ValueError("an image model takes labels=, preprocess= and image_size=; not a tokenizer, data= "
                             "or feature_names=")
        if model is None:
            from .default_image import load_image_model

            return load_image_model(device=device)
        from .image import ImageClassifier

        return ImageClassifier(model, labels=labels if labels is not None else class_names, preprocess=preprocess,
                               image_size=image_size, name=name, device=device)
    if preprocess is not None or image_size is not None:
        raise ValueError("preprocess= and image_size= are for image models: pass kind='image'")
    tabular = kind == "tabular" or (kind is None and (data is not None or (
        model is not None and not isinstance(model, str) and tokenizer is None and not is_torch_module(model)
        and _is_estimator(model))))
    if tabular:
        if tokenizer is not None:
            raise ValueError("a tabular model takes data=, not a tokenizer")
        if labels is not None and class_names is not None:
            raise ValueError("pass the class names once: class_names=[...]")
        from .tabular import TabularModel

        return TabularModel(model, data, feature_names=feature_names,
                            class_names=class_names if class_names is not None else labels, name=name, device=device)
    if data is not None or feature_names is not None or class_names is not None:
        raise ValueError("data=, feature_names= and class_names= are for tabular models; a text model takes "
                         "labels=[...]")
    if model is None:
        if tokenizer is not None:
            raise ValueError("a tokenizer was given without a model; pass load_model(model, tokenizer)")
        from .default import load_default

        return load_default(device=device)
    from .causal_lm import CausalLM, is_causal_lm
    from .text_classifier import TextClassifier
    from .torch_utils import pick_device

    if isinstance(model, str):
        from transformers import AutoConfig, AutoModelForCausalLM, AutoModelForSequenceClassification, AutoTokenizer

        where = _model_source(model)
        try:
            config = AutoConfig.from_pretrained(model, trust_remote_code=from_pretrained_kwargs.get("trust_remote_code",
                                                                                                   False))
        except (OSError, ValueError) as exc:
            kind_of = OSError if isinstance(exc, OSError) else ValueError
            raise kind_of(f"model={model!r}: could not read its config from {where} ({str(exc).splitlines()[0]}); "
                            "pass a local folder holding config.json and the weights, a model id the hub can serve "
                            "here, or a loaded model with its tokenizer: load_model(model, tokenizer)") from exc
        if config is not None and is_causal_lm(type("_", (), {"config": config})()):
            hf_model = AutoModelForCausalLM.from_pretrained(model, **from_pretrained_kwargs)
            tok = tokenizer if tokenizer is not None else AutoTokenizer.from_pretrained(model, use_fast=True)
            return CausalLM(hf_model, tok, name=name or model, device=pick_device(device))

        hf_model = AutoModelForSequenceClassification.from_pretrained(model, **from_pretrained_kwargs)
        tok = tokenizer if tokenizer is not None else AutoTokenizer.from_pretrained(model, use_fast=True)
        return TextClassifier(hf_model, tok, labels=labels, name=name or model, device=pick_device(device))
    if tokenizer is None:
        raise ValueError(
            f"a loaded {type(model).__name__} needs its tokenizer: load_model(model, tokenizer); accepted forms are "
            "load_model(), load_model('model-id-or-path'), load_model(model, tokenizer), and for a model on float "
            "features load_model(model, data=X_train)")
    if is_causal_lm(model):
        return CausalLM(model, tokenizer, name=name, device=device)
    return TextClassifier(model, tokenizer, labels=labels, name=name, device=device)


def _model_source(model: str) -> str:
    """Where ``load_model(model)`` reads a model given by name: "the folder <path>" or "the Hugging Face hub";
    a name that can only be a path (absolute, ./, ~, or more than one "/") must be an existing folder."""
    import os

    if not model.strip():
        raise ValueError("model is an empty string; pass a model id, a local folder, a loaded model, or None for the "
                         "embedded default")
    path = os.path.expanduser(model)
    if os.path.isdir(path):
        if not os.path.isfile(os.path.join(path, "config.json")):
            raise FileNotFoundError(f"model={model!r}: the folder has no config.json; pass a folder written by "
                                    "save_pretrained() (config.json, the weights and the tokenizer files)")
        return f"the folder {path}"
    if os.path.isabs(path) or model.startswith((".", "~")) or model.count("/") > 1 or os.sep in model.replace("/", ""):
        raise FileNotFoundError(f"model={model!r}: no such folder ({os.path.abspath(path)}); pass an existing folder "
                                "written by save_pretrained(), or a model id such as 'org/name'")
    return "the Hugging Face hub"


def is_default(adapter) -> bool:
    """Whether ``adapter`` is the embedded default model (the one ``resolve_model(None)`` returns, or another
    ``load_default()`` instance of it, which carries its model card); never loads anything."""
    if adapter is None:
        return False
    if adapter is _DEFAULT.get("default"):
        return True
    card = getattr(adapter, "card", None)
    return isinstance(card, dict) and card.get("name") == getattr(adapter, "name", None)


def resolve_model(model=None) -> Adapter:
    """What every entry point does with ``model=``: None -> the cached default text model; an id/path -> loaded;
    (model, tokenizer) -> wrapped; adapters pass through."""
    if model is None:
        if "default" not in _DEFAULT:
            _DEFAULT["default"] = load_model()
        return _DEFAULT["default"]
    if isinstance(model, Adapter):
        return model
    if isinstance(model, tuple) and len(model) == 2:
        return load_model(*model)
    if isinstance(model, str):
        return load_model(model)
    hint = ""
    if _is_estimator(model) or is_torch_module(model):
        hint = (f"; wrap a {type(model).__name__} first: xw.load_model(model, data=X_train) for a tabular model, "
                "xw.load_model(model, tokenizer) for a text classifier")
    raise TypeError(f"model must be None (the embedded default), a model id or path, a (model, tokenizer) pair or "
                    f"an adapter from load_model(); got {type(model).__name__}{hint}")
