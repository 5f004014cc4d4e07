"""Adapter for any transformers (or plain PyTorch) sequence classifier and its tokenizer.

It hides the model family behind the adapter protocol (``base.py``):
``encode`` (text -> token ids, offsets, special-token mask, truncation info), ``logits`` (from ids or from
input embeddings, for gradients), ``predict_ids`` / ``predict_proba`` (batched, length-bucketed,
deduplicated, no autograd), and ``prepare(text)`` -> ``TextPrepared``: the tokens as features, hidden by the
mask / pad / unk token or removed, and the word embeddings as the gradient input.
"""
from __future__ import annotations

import hashlib
import inspect
import json
import time
import warnings
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Optional, Sequence, Union

import numpy as np
import torch

from ..errors import GradientUnavailableError, TruncationWarning
from .base import Adapter, Prepared
from .batching import plan_batches
from .first_token_head import first_token_last_layer
from .torch_utils import eval_mode, pick_device, state_digest, transform_logits

OUTPUTS = ("probability", "logit", "log_probability")
REPLACEMENTS = ("mask", "pad", "unk", "remove")
BASELINES = ("pad", "mask", "zero")
_ROBERTA_LIKE = {"roberta", "xlm-roberta", "camembert", "longformer", "bart", "mbart", "xmod", "data2vec-text"}


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


class TextClassifier(Adapter):
    """A sequence classifier with its tokenizer: ``.model``, ``.tokenizer``, ``.labels``, ``.device``."""

    task = "text-classification"
    modality = "text"
    outputs = OUTPUTS
    default_output = "probability"
    replacements = REPLACEMENTS
    default_replacement = "mask"

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
        #: the most sequences one forward may take (None: no limit); 1 when padded batches would change the
        #: predictions (see _check_forward)
        self.batch_limit: Optional[int] = None
        self._batch_pad_id = self.pad_id
        self._check_forward()
        caps = {"mask", "probabilities", "parameters"}
        if self._gradient_problem() is None:
            caps.add("gradients")
        if config is not None:
            caps.add("attentions")
        self.capabilities = frozenset(caps)

    # ------------------------------------------------------------------ the model at the edges
    def _check_forward(self) -> None:
        """Run the model once on a one-word text, and on it padded in a batch beside a longer one, so that a model
        that cannot classify (a ``BertModel`` without a head, a plain module with another signature, a head of the
        wrong width) fails here with a clear error rather than inside the first explanation, and so that padded
        batches are known to give the one-at-a-time predictions. When they do not (a classifier that finds the last
        token through a ``config.pad_token_id`` other than the tokenizer's pad id, or one that cannot batch at
        all), padding with the config's pad id is tried, and else every forward takes one sequence (with a
        warning: correct, slower)."""
        short = list(self.tokenizer("fine", add_special_tokens=True)["input_ids"])
        long = list(self.tokenizer("a fine, warm and moving film", add_special_tokens=True)["input_ids"])
        name = type(self.model).__name__
        with torch.inference_mode():
            try:
                single = [self._probe_logits([s]) for s in (short, long)]
            except (TypeError, ValueError) as exc:
                if "no classification head" in str(exc):
                    raise
                raise TypeError(f"{name} could not classify a one-word text ({type(exc).__name__}: {exc}); "
                                "load_model needs a sequence classifier that takes input_ids and attention_mask "
                                "and returns logits [batch, classes] (e.g. AutoModelForSequenceClassification)"
                                ) from exc
            width = int(single[0].shape[-1])
            if width != len(self.labels):
                raise ValueError(f"{name} returns {width} logits per text but {len(self.labels)} labels were given "
                                 f"({self.labels}); pass one label per output")
            ref = torch.cat(single).float()
            if not torch.isfinite(ref).all():  # a broken model: each explanation will say its outputs are not finite
                return
            tol = 1e-4 * (1.0 + float(ref.abs().max()))
            config_pad = getattr(getattr(self.model, "config", None), "pad_token_id", None)
            pads = [self.pad_id] + ([int(config_pad)] if isinstance(config_pad, int) and config_pad != self.pad_id
                                    and 0 <= config_pad < self._vocab_size() else [])
            problem = None
            for pad in pads:
                self._batch_pad_id = pad
                try:
                    batched = self._probe_logits([short, long]).float()
                except Exception as exc:  # noqa: BLE001 - a model that cannot batch: one sequence per forward
                    problem = f"a padded batch fails ({type(exc).__name__}: {str(exc)[:120]})"
                    continue
                if batched.shape == ref.shape and float((batched - ref).abs().max()) <= tol:
                    return
                problem = (f"a padded batch of 2 texts gives logits of shape {tuple(batched.shape)}"
                           if batched.shape != ref.shape else
                           f"a padded batch changes the predictions by {float((batched - ref).abs().max()):.3g} "
                           f"(padding with id {pad})")
        self._batch_pad_id = self.pad_id
        self.batch_limit = 1
        warnings.warn(f"{name}: {problem}, so every forward pass takes one sequence (correct, but slower). For a "
                      "classifier that finds its last token through config.pad_token_id, set it to the tokenizer's "
                      "pad id", UserWarning, stacklevel=4)

    def _probe_logits(self, seqs) -> torch.Tensor:
        ids, kwargs = self._batch(seqs)
        return self.logits(ids, **kwargs)

    def _vocab_size(self) -> int:
        return int(getattr(self._input_embeddings(), "num_embeddings", 0) or len(self.tokenizer))

    def _input_embeddings(self) -> Optional[torch.nn.Module]:
        """The model's input embedding layer, or None when it exposes none."""
        get = getattr(self.model, "get_input_embeddings", None)
        try:
            return get() if callable(get) else None
        except Exception:  # noqa: BLE001 - a model without the method's backing attribute
            return None

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
        twice = sorted({x for x in labels if labels.count(x) > 1})
        if twice:
            raise ValueError(f"labels must be distinct (a target is chosen by its name); {twice} appear more than once "
                             f"in {labels}: pass labels=[...] with one name per class")
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

    def _gradient_problem(self) -> Optional[str]:
        """Why gradients with respect to the input embeddings are impossible, or None when they are possible."""
        name = type(self.model).__name__
        if not ("inputs_embeds" in self._forward_params or "kwargs" in self._forward_params):
            return (f"{name}.forward does not accept inputs_embeds (accepted: transformers models, "
                    "forward(inputs_embeds=...))")
        if self._input_embeddings() is None:
            return f"{name} exposes no input embedding layer (get_input_embeddings)"
        return None

    def missing(self, capability: str) -> str:
        """Why this adapter lacks ``capability`` (for the registry's error message)."""
        if capability == "gradients":
            return self._gradient_problem() or ""
        if capability == "attentions":
            return f"{type(self.model).__name__} is not a transformers model (no config)"
        return ""

    @property
    def embedding_layer(self) -> torch.nn.Module:
        problem = self._gradient_problem()
        if problem:
            raise GradientUnavailableError(f"gradient methods need the input embeddings: {problem}")
        return self.model.get_input_embeddings()

    def _fingerprint_parts(self) -> List[bytes]:
        tok = self.tokenizer
        backend = getattr(tok, "backend_tokenizer", None)
        if backend is not None:  # the serialised tokenizer, minus the truncation / padding state that encoding sets
            spec = json.loads(backend.to_str())
            spec.pop("truncation", None)
            spec.pop("padding", None)
            vocab = json.dumps(spec, sort_keys=True)
        else:
            vocab = repr(sorted(tok.get_vocab().items()))
        meta = repr((type(self.model).__name__, self.labels, self.max_length, type(tok).__name__,
                     getattr(tok, "padding_side", None), getattr(tok, "truncation_side", None)))
        return [state_digest(self.model), hashlib.sha256(vocab.encode("utf-8")).digest(), meta.encode()]

    @property
    def truncation_side(self) -> str:
        """Where the tokenizer cuts a text that is too long: "right" (its end, the default) or "left"."""
        return "left" if getattr(self.tokenizer, "truncation_side", "right") == "left" else "right"

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
            which = "first" if self.truncation_side == "left" else "last"
            warnings.warn(
                f"text has {n_full} tokens but {self.name} accepts at most {self.max_length}; the {which} "
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
        ids = torch.full((len(seqs), length), self._batch_pad_id, dtype=torch.long)
        mask = torch.zeros((len(seqs), length), dtype=torch.long)
        for r, s in enumerate(seqs):
            ids[r, : len(s)] = torch.as_tensor(list(s), dtype=torch.long)
            mask[r, : len(s)] = 1
        return ids.to(self.device), {"attention_mask": mask.to(self.device)}

    def length_batches(self, texts: Sequence[str], batch_size: int = 32):
        """Encode ``texts`` and yield (indices, ids, attention_mask, encodings) for batches of ``batch_size``
        texts of similar length (sorted by token count, right-padded): for passes that need hooks or gradients,
        where ``predict_ids``' token budget and deduplication do not apply."""
        encs = [self.encode(t, warn=False) for t in texts]
        if self.batch_limit is not None:
            batch_size = min(batch_size, self.batch_limit)
        order = sorted(range(len(texts)), key=lambda i: len(encs[i].input_ids))
        for s in range(0, len(order), batch_size):
            idx = order[s: s + batch_size]
            ids, kwargs = self._batch([encs[i].input_ids for i in idx])
            yield idx, ids, kwargs["attention_mask"], [encs[i] for i in idx]

    def logits(self, input_ids: Optional[torch.Tensor] = None, inputs_embeds: Optional[torch.Tensor] = None,
               **kwargs) -> torch.Tensor:
        """Raw logits [batch, classes] from ids or from input embeddings (the gradient path).

        Runs in eval mode (no dropout) without changing the mode the user left the model in."""
        with eval_mode(self.model):
            if inputs_embeds is not None:
                out = self.model(inputs_embeds=inputs_embeds, **kwargs)
            else:
                out = self.model(input_ids=input_ids, **kwargs)
        if not hasattr(out, "logits") and hasattr(out, "last_hidden_state"):
            raise TypeError(f"{type(self.model).__name__} has no classification head: it returns hidden states, not "
                            "logits. Load the classifier (AutoModelForSequenceClassification, e.g. "
                            "BertForSequenceClassification, fine-tuned for the task); an untrained head would "
                            "explain noise")
        logits = out.logits if hasattr(out, "logits") else (out[0] if isinstance(out, (tuple, list)) else out)
        if not isinstance(logits, torch.Tensor):
            raise TypeError(f"{type(self.model).__name__} returned {type(logits).__name__}, not a tensor of logits "
                            "[batch, classes]")
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

    transform = staticmethod(transform_logits)

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
        if self.batch_limit is not None:  # cut each batch further
            step = self.batch_limit
            cuts = [(a + i, min(b, a + i + step)) for a, b in cuts for i in range(0, b - a, step)]
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

    def predict_items(self, items: Sequence[Any], output: str) -> np.ndarray:
        return self.predict_ids(items, output=output)

    # ------------------------------------------------------------------ the protocol's inputs
    def prepare(self, text, target=None, output: Optional[str] = None) -> "TextPrepared":
        started = time.perf_counter()
        validate_text(text)
        output = self.check_output(output)
        enc = self.encode(text)
        return TextPrepared(self, enc, self.predict_ids([enc.input_ids])[0], target, output, started)

    def prepare_from(self, attribution) -> "TextPrepared":
        if getattr(attribution, "layout", "tokens") != "tokens":
            raise ValueError(f"{self.name} is a text model; this attribution explains a table row")
        enc = self.encode(attribution.text, warn=False)
        if len(enc.input_ids) != len(attribution.tokens) or list(enc.special) != list(attribution.special):
            raise ValueError(
                f"the attribution ({attribution.method}) has {len(attribution.tokens)} tokens but the model's "
                f"tokenizer gives {len(enc.input_ids)} for its text; evaluate token-level attributions made with "
                "this model (not merge_words() results)")
        # the outputs the attribution recorded for this input (no model call needed)
        return TextPrepared(self, enc, attribution.probabilities, list(attribution.targets), None,
                            time.perf_counter())

    def perturbed_ids(self, enc: Encoded, keep: np.ndarray, replacement: str) -> List[List[int]]:
        """Id sequences with the content tokens where ``keep[j, c] == 0`` hidden: replaced by the mask/pad/unk
        id or removed (``replacement="remove"``). ``keep`` is [n, n_content] over ``enc.content_positions``."""
        content = enc.content_positions
        ids = enc.input_ids
        if replacement == "remove":
            out = []
            for row in keep:
                hidden = {content[c] for c in np.flatnonzero(row == 0)}
                out.append([t for i, t in enumerate(ids) if i not in hidden])
            return out
        rep = self.replacement_id(replacement)
        arr = np.tile(np.asarray(ids), (len(keep), 1))
        cols = np.asarray(content)
        arr[:, cols] = np.where(keep.astype(bool), arr[:, cols], rep)
        return arr.tolist()

    def embed(self, ids: Sequence[int]) -> torch.Tensor:
        """Word embeddings [1, L, D] of one id sequence (detached)."""
        with torch.no_grad():
            t = torch.as_tensor([list(ids)], dtype=torch.long, device=self.device)
            return self.embedding_layer(t).detach()

    def with_model(self, model: torch.nn.Module, name: Optional[str] = None) -> "TextClassifier":
        """The same adapter (tokenizer, labels, limits) around another model, e.g. a randomized copy."""
        return TextClassifier(model, self.tokenizer, labels=self.labels, name=name or self.name,
                              max_length=self.max_length, batch_tokens=self.batch_tokens)

    def __repr__(self) -> str:
        return f"TextClassifier(name={self.name!r}, labels={self.labels}, max_length={self.max_length}, " \
               f"device={self.device})"


class TextPrepared(Prepared):
    """A text encoded for the model: the features are its tokens ([CLS]/[SEP] are never hidden)."""

    baseline_kinds = BASELINES
    default_baseline = "pad"
    default_baselines = ("pad", "mask", "zero")

    def __init__(self, adapter: TextClassifier, enc: Encoded, probabilities, target, output, started):
        self.started = started
        self.enc = enc
        self._init(adapter, probabilities, target, output)
        self.positions = enc.content_positions
        self.n_all = len(enc.input_ids)

    @property
    def ids(self) -> List[int]:
        return self.enc.input_ids

    def perturb(self, keep: np.ndarray, replacement: str) -> List[List[int]]:
        return self.adapter.perturbed_ids(self.enc, keep, replacement)

    def reference(self) -> np.ndarray:
        if self.output == "probability":
            return self.probabilities
        return self.adapter.predict_ids([self.ids], output=self.output)[0]

    def layout(self) -> Dict[str, Any]:
        enc = self.enc
        return {"layout": "tokens", "text": enc.text, "tokens": list(enc.tokens), "special": list(enc.special),
                "space_before": list(enc.space_before), "word_ids": list(enc.word_ids),
                "offsets": list(enc.offsets), "truncated": enc.truncated,
                "n_truncated_tokens": enc.n_truncated_tokens, "max_length": enc.max_length}

    # ------------------------------------------------------------------ gradients: the word embeddings
    def inputs(self) -> torch.Tensor:
        return self.adapter.embed(self.ids)

    def baseline(self, kind: str, several: bool = False) -> torch.Tensor:
        """Baseline [1, L, D]: content tokens replaced by [PAD] / [MASK] embeddings or by zero vectors; special
        tokens ([CLS], [SEP]) keep their own embeddings, as in captum's text tutorials."""
        if kind not in BASELINES:
            raise ValueError(f"unknown baseline {kind!r}; accepted: {list(BASELINES)}")
        enc = self.enc
        if kind == "zero":
            x = self.adapter.embed(enc.input_ids)
            keep = torch.as_tensor(enc.special, device=x.device).view(1, -1, 1)
            return torch.where(keep, x, torch.zeros_like(x))
        rep = self.adapter.replacement_id(kind)
        return self.adapter.embed([t if s else rep for t, s in zip(enc.input_ids, enc.special)])

    def forward(self, points: torch.Tensor, output: Optional[str] = None) -> torch.Tensor:
        mask = torch.ones((points.shape[0], points.shape[1]), dtype=torch.long, device=points.device)
        return self.adapter.transform(self.adapter.logits(inputs_embeds=points, attention_mask=mask),
                                      output or self.output)

    def chunk_size(self, internal_batch_size: Optional[int]) -> int:
        size = int(internal_batch_size) if internal_batch_size is not None else \
            max(1, self.adapter.batch_tokens // max(1, self.n_all))
        limit = self.adapter.batch_limit
        return size if limit is None else min(size, limit)

    def feature_sum(self, per_dim: torch.Tensor) -> np.ndarray:
        """Sum over the embedding dimension: [T, L, D] -> [T, L]."""
        return per_dim.sum(dim=-1).double().cpu().numpy()

    def feature_norm(self, grads: torch.Tensor) -> np.ndarray:
        """L2 norm over the embedding dimension (unsigned saliency): [T, L, D] -> [T, L]."""
        return grads.norm(dim=-1).double().cpu().numpy()

    def noise_sigma(self, noise_level: float) -> float:
        x = self.inputs()
        return float(noise_level) * float(x.max() - x.min())
