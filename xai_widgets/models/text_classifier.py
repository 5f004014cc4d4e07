"""Adapter for any transformers (or plain PyTorch) sequence classifier and its tokenizer.

It hides the model family behind one small interface used by every method:
``encode`` (text -> token ids, offsets, special-token mask, truncation info), ``logits`` (from ids or from
input embeddings, for gradients), ``predict_ids`` / ``predict_proba`` (batched, length-bucketed,
deduplicated, no autograd), ``resolve_targets``.
"""
from __future__ import annotations

import inspect
import warnings
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Sequence, Union

import numpy as np
import torch

from ..errors import GradientUnavailableError, TruncationWarning
from .batching import plan_batches
from .first_token_head import first_token_last_layer

OUTPUTS = ("probability", "logit", "log_probability")
_ROBERTA_LIKE = {"roberta", "xlm-roberta", "camembert", "longformer", "bart", "mbart", "xmod", "data2vec-text"}


def pick_device(device: Union[str, torch.device, None] = None) -> torch.device:
    """The device to run on: the one asked for, else CUDA when present, else the CPU."""
    if device is not None:
        return torch.device(device)
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


@dataclass
class Encoded:
    """One text, tokenised the way the model sees it."""

    text: str
    input_ids: List[int]
    offsets: List[tuple]
    special: List[bool]
    word_ids: List[Optional[int]]
    tokens: List[str]  # display strings
    space_before: List[bool]
    truncated: bool = False
    n_truncated_tokens: int = 0
    max_length: int = 512

    def __len__(self) -> int:
        return len(self.input_ids)

    @property
    def content_positions(self) -> List[int]:
        """Indices of the tokens that carry text (not [CLS], [SEP], <s>, ...)."""
        return [i for i, s in enumerate(self.special) if not s]


def attach(adapter, model: torch.nn.Module, tokenizer, name: Optional[str], device):
    """Set ``model``, ``tokenizer``, ``device`` and ``name`` on an adapter (moving the model only when a device is
    asked for); returns the model's config (or None)."""
    adapter.model = model
    adapter.tokenizer = tokenizer
    adapter.device = pick_device(device) if device is not None else next(
        (p.device for p in model.parameters()), torch.device("cpu"))
    if device is not None:
        model.to(adapter.device)
    config = getattr(model, "config", None)
    adapter.name = name or getattr(config, "name_or_path", None) or type(model).__name__
    return config


def validate_text(text) -> str:
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}; pass one sentence or document as a string")
    if not text.strip():
        raise ValueError("text is empty or only whitespace; pass a non-empty string to explain")
    return text


class TextClassifier:
    """A sequence classifier with its tokenizer: ``.model``, ``.tokenizer``, ``.labels``, ``.device``."""

    task = "text-classification"

    def __init__(self, model: torch.nn.Module, tokenizer, labels: Optional[Sequence[str]] = None,
                 name: Optional[str] = None, device=None, max_length: Optional[int] = None,
                 batch_tokens: Optional[int] = None):
        if not isinstance(model, torch.nn.Module):
            raise TypeError(
                f"model must be a torch.nn.Module (a transformers sequence classifier), got {type(model).__name__}"
            )
        if tokenizer is None or not callable(tokenizer):
            raise TypeError("tokenizer must be a transformers tokenizer (callable on text); got "
                            f"{type(tokenizer).__name__}")
        if not getattr(tokenizer, "is_fast", False):
            raise TypeError(
                f"tokenizer {type(tokenizer).__name__} is a slow (Python) tokenizer; a fast tokenizer is needed for "
                "character offsets: load it with AutoTokenizer.from_pretrained(..., use_fast=True)"
            )
        config = attach(self, model, tokenizer, name, device)
        self.labels = self._labels(config, labels)
        self.max_length = max_length or self._max_length(config)
        # Tokens per forward batch. On 2 CPU cores 2048 was fastest (2.31 s vs 2.66 s at 8192 for 1000 LIME
        # samples of 24 tokens); a GPU wants far larger batches.
        self.batch_tokens = int(batch_tokens or (16384 if self.device.type == "cuda" else 2048))
        # The fixed cost of one forward call in token-equivalents, for cutting batches (see batching.py). On the
        # CPU a MiniLM call costs about 4.5 ms plus 0.14-0.24 ms per padded token (2 or 1 threads): 20-35 tokens.
        # On a GPU the per-token cost is tiny, so batches should be as full as the budget allows.
        self.call_overhead_tokens = 4096.0 if self.device.type == "cuda" else 32.0
        # None: not yet checked against the full forward; then True or False (see _fast_logits).
        self.first_token_pruning: Optional[bool] = None
        self.special_ids = set(getattr(tokenizer, "all_special_ids", []) or [])
        self._forward_params = set(inspect.signature(model.forward).parameters)

    # ------------------------------------------------------------------ metadata
    def _labels(self, config, labels) -> List[str]:
        if labels is not None:
            labels = [str(x) for x in labels]
        elif config is not None and getattr(config, "id2label", None):
            labels = [str(config.id2label[i]) for i in sorted(config.id2label)]
        if not labels:
            raise ValueError("could not infer the class labels; pass labels=[...] to load_model")
        n = getattr(config, "num_labels", len(labels)) if config is not None else len(labels)
        if n != len(labels):
            raise ValueError(f"{len(labels)} labels given but the model has {n} outputs")
        if len(labels) < 2:
            raise ValueError("a classifier with one output (regression) is not supported; need >= 2 classes")
        return labels

    def _max_length(self, config) -> int:
        limits = []
        tok_max = getattr(self.tokenizer, "model_max_length", None)
        if tok_max and tok_max < 100_000:
            limits.append(int(tok_max))
        pos = getattr(config, "max_position_embeddings", None) if config is not None else None
        if pos:
            if getattr(config, "model_type", "") in _ROBERTA_LIKE:
                pos -= (getattr(config, "pad_token_id", 1) or 1) + 1
            limits.append(int(pos))
        return min(limits) if limits else 512

    @property
    def embedding_layer(self) -> torch.nn.Module:
        get = getattr(self.model, "get_input_embeddings", None)
        layer = get() if callable(get) else None
        if layer is None:
            raise GradientUnavailableError(
                f"{type(self.model).__name__} exposes no input embedding layer (get_input_embeddings); gradient "
                "methods need one. Use a perturbation method instead: occlusion, lime or shap."
            )
        return layer

    def check_gradients(self, method: str) -> None:
        """Raise a clear error when ``method`` (a gradient method) cannot run on this model."""
        accepts = "inputs_embeds" in self._forward_params or "kwargs" in self._forward_params
        if not accepts:
            raise GradientUnavailableError(
                f"{method} needs gradients with respect to the input embeddings, but "
                f"{type(self.model).__name__}.forward does not accept inputs_embeds. Accepted: transformers "
                "models (forward(inputs_embeds=...)). Use a perturbation method instead: occlusion, lime or shap."
            )
        self.embedding_layer  # noqa: B018  (raises when absent)

    @property
    def pad_id(self) -> int:
        pad = self.tokenizer.pad_token_id
        if pad is None:
            pad = self.tokenizer.eos_token_id if self.tokenizer.eos_token_id is not None else 0
        return int(pad)

    def replacement_id(self, kind: str) -> int:
        """Token id used to hide a token: ``"mask"`` ([MASK]/<mask>), ``"pad"`` or ``"unk"``."""
        ids = {"mask": self.tokenizer.mask_token_id, "pad": self.pad_id, "unk": self.tokenizer.unk_token_id}
        if kind not in ids:
            raise ValueError(f"unknown replacement {kind!r}; accepted: 'mask', 'pad', 'unk'")
        if ids[kind] is None:
            have = [k for k, v in ids.items() if v is not None]
            raise ValueError(f"the tokenizer has no {kind} token; accepted here: {have}")
        return int(ids[kind])

    # ------------------------------------------------------------------ encoding
    def encode(self, text: str, warn: bool = True) -> Encoded:
        validate_text(text)
        full = self.tokenizer(text, add_special_tokens=True, truncation=False, verbose=False)
        n_full = len(full["input_ids"])
        enc = self.tokenizer(text, add_special_tokens=True, truncation=True, max_length=self.max_length,
                             return_offsets_mapping=True, return_special_tokens_mask=True)
        ids = list(enc["input_ids"])
        n_dropped = max(0, n_full - len(ids))
        if n_dropped and warn:
            warnings.warn(
                f"text has {n_full} tokens but {self.name} accepts at most {self.max_length}; the last "
                f"{n_dropped} tokens were dropped and are not explained", TruncationWarning, stacklevel=3)
        special = [bool(s) for s in enc["special_tokens_mask"]]
        offsets = [tuple(o) for o in enc["offset_mapping"]]
        word_ids = enc.word_ids()
        tokens, space = [], []
        prev_end = None
        for i, (tid, (s, e), sp) in enumerate(zip(ids, offsets, special)):
            if sp or e <= s:
                tokens.append(self.tokenizer.convert_ids_to_tokens(tid))
                space.append(True)
            else:
                tokens.append(text[s:e])
                space.append(prev_end is None or s > prev_end)
                prev_end = e
        if not any(not s for s in special):
            raise ValueError("text produced no content tokens for this tokenizer; pass text the model can read")
        return Encoded(text, ids, offsets, special, word_ids, tokens, space, bool(n_dropped), n_dropped,
                       self.max_length)

    # ------------------------------------------------------------------ forward passes
    def _batch(self, seqs: Sequence[Sequence[int]]):
        """Right-pad a list of id lists into tensors on the model's device (single-segment inputs: the
        models' default token_type_ids of zeros applies)."""
        length = max(len(s) for s in seqs)
        ids = torch.full((len(seqs), length), self.pad_id, dtype=torch.long)
        mask = torch.zeros((len(seqs), length), dtype=torch.long)
        for r, s in enumerate(seqs):
            ids[r, : len(s)] = torch.as_tensor(list(s), dtype=torch.long)
            mask[r, : len(s)] = 1
        return ids.to(self.device), {"attention_mask": mask.to(self.device)}

    def logits(self, input_ids: Optional[torch.Tensor] = None, inputs_embeds: Optional[torch.Tensor] = None,
               **kwargs) -> torch.Tensor:
        """Raw logits [batch, classes] from ids or from input embeddings (the gradient path).

        Runs in eval mode (no dropout) without changing the mode the user left the model in."""
        modes = [(m, m.training) for m in self.model.modules()] if self.model.training else None
        if modes:
            self.model.eval()
        try:
            if inputs_embeds is not None:
                out = self.model(inputs_embeds=inputs_embeds, **kwargs)
            else:
                out = self.model(input_ids=input_ids, **kwargs)
        finally:
            for module, mode in modes or ():
                module.training = mode
        logits = out.logits if hasattr(out, "logits") else (out[0] if isinstance(out, (tuple, list)) else out)
        if logits.dim() != 2:
            raise ValueError(f"the model returned logits of shape {tuple(logits.shape)}; expected [batch, classes]")
        return logits

    def _fast_logits(self, ids: torch.Tensor, kwargs: dict) -> torch.Tensor:
        """No-grad logits, with the last layer pruned to the first token where the model allows it
        (``first_token_head``). The first time, both ways are run and compared; any disagreement beyond float
        rounding turns the pruning off for this adapter."""
        if self.first_token_pruning is False:
            return self.logits(ids, **kwargs)
        try:
            with first_token_last_layer(self.model) as active:
                fast = self.logits(ids, **kwargs)
        except Exception:  # a model variant the pruned layer does not cover: run it unpruned from now on
            self.first_token_pruning = False
            return self.logits(ids, **kwargs)
        if not active:
            self.first_token_pruning = False
        elif self.first_token_pruning is None:
            full = self.logits(ids, **kwargs)
            tol = 1e-4 * (1.0 + float(full.abs().max()))
            self.first_token_pruning = bool(fast.shape == full.shape and (fast - full).abs().max() <= tol)
            return full
        return fast

    @staticmethod
    def transform(logits: torch.Tensor, output: str) -> torch.Tensor:
        if output == "probability":
            return torch.softmax(logits, dim=-1)
        if output == "log_probability":
            return torch.log_softmax(logits, dim=-1)
        if output == "logit":
            return logits
        raise ValueError(f"unknown output {output!r}; accepted: {list(OUTPUTS)}")

    def predict_ids(self, seqs: Sequence[Sequence[int]], output: str = "probability") -> np.ndarray:
        """Model outputs for many id sequences: deduplicated, sorted by length, batched by a token budget,
        run without autograd. Returns [len(seqs), classes] in the input order."""
        if output not in OUTPUTS:
            raise ValueError(f"unknown output {output!r}; accepted: {list(OUTPUTS)}")
        keys = [tuple(int(t) for t in s) for s in seqs]
        unique: Dict[tuple, int] = {}
        for k in keys:
            unique.setdefault(k, len(unique))
        order = sorted(unique, key=len)
        results: Dict[tuple, np.ndarray] = {}
        cuts = plan_batches([len(k) for k in order], self.batch_tokens, self.call_overhead_tokens)
        with torch.inference_mode():
            for start, stop in cuts:
                chunk = order[start:stop]
                ids, kwargs = self._batch(chunk)
                out = self.transform(self._fast_logits(ids, kwargs).float(), output).cpu().numpy()
                for key, row in zip(chunk, out):
                    results[key] = row
        return np.stack([results[k] for k in keys]) if keys else np.zeros((0, len(self.labels)))

    def predict_proba(self, texts: Union[str, Iterable[str]], output: str = "probability") -> np.ndarray:
        """Probabilities for raw strings (tokenised with truncation); the batched function LIME/SHAP call."""
        if isinstance(texts, str):
            texts = [texts]
        texts = [str(t) for t in texts]
        if not texts:
            return np.zeros((0, len(self.labels)))
        enc = self.tokenizer(texts, add_special_tokens=True, truncation=True, max_length=self.max_length)
        return self.predict_ids(enc["input_ids"], output=output)

    __call__ = predict_proba

    # ------------------------------------------------------------------ targets
    def resolve_targets(self, target, probabilities: np.ndarray) -> List[int]:
        """``None`` -> predicted class; an int index; a label name; ``"all"`` (predicted first); or a list."""
        if target is None:
            return [int(np.argmax(probabilities))]
        if isinstance(target, str) and target == "all":  # the predicted class first, then the others
            top = int(np.argmax(probabilities))
            return [top] + [i for i in range(len(self.labels)) if i != top]
        items = list(target) if isinstance(target, (list, tuple)) else [target]
        if not items:
            raise ValueError(f"target list is empty; accepted: None, 'all', an index 0..{len(self.labels) - 1} "
                             f"or a label in {self.labels}")
        out: List[int] = []
        for t in items:
            if isinstance(t, (bool, np.bool_)):
                raise TypeError(f"target {t!r} is a bool; pass a class index or a label in {self.labels}")
            if isinstance(t, (int, np.integer)):
                if not 0 <= int(t) < len(self.labels):
                    raise ValueError(f"target index {t} is out of range; the model has {len(self.labels)} classes: "
                                     f"{dict(enumerate(self.labels))}")
                idx = int(t)
            elif isinstance(t, str):
                matches = [i for i, lab in enumerate(self.labels) if lab == t] or \
                          [i for i, lab in enumerate(self.labels) if lab.lower() == t.lower()]
                if not matches:
                    raise ValueError(f"unknown target {t!r}; labels are {self.labels} (or pass an index 0.."
                                     f"{len(self.labels) - 1}, None for the predicted class, or 'all')")
                idx = matches[0]
            else:
                raise TypeError(f"target must be None, an int, a label str, 'all' or a list; got {type(t).__name__}")
            if idx not in out:
                out.append(idx)
        return out

    def __repr__(self) -> str:
        return f"TextClassifier(name={self.name!r}, labels={self.labels}, max_length={self.max_length}, " \
               f"device={self.device})"
