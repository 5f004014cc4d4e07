"""Pieces every attribution method shares: preparing an input, building the result, the gradient engine."""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence

import numpy as np
import torch

from ..models.text_classifier import OUTPUTS, Encoded, TextClassifier, validate_text
from ..results import Attribution

BASELINES = ("pad", "mask", "zero")


@dataclass
class Prepared:
    """A text encoded for the model, its prediction and the resolved target classes."""

    adapter: TextClassifier
    enc: Encoded
    probabilities: np.ndarray
    targets: List[int]
    output: str
    started: float

    @property
    def ids(self) -> List[int]:
        return self.enc.input_ids

    def reference(self) -> np.ndarray:
        """The model output (in ``output`` units) on the full input, for every class."""
        if self.output == "probability":
            return self.probabilities
        return self.adapter.predict_ids([self.ids], output=self.output)[0]


def prepare(adapter: TextClassifier, text: str, target=None, output: str = "probability") -> Prepared:
    started = time.perf_counter()
    validate_text(text)
    if output not in OUTPUTS:
        raise ValueError(f"unknown output {output!r}; accepted: {list(OUTPUTS)}")
    enc = adapter.encode(text)
    probs = adapter.predict_ids([enc.input_ids])[0]
    targets = adapter.resolve_targets(target, probs)
    return Prepared(adapter, enc, probs, targets, output, started)


def finish(prep: Prepared, scores: np.ndarray, name: str, params: Dict, diagnostics: Optional[Dict] = None
           ) -> Attribution:
    from ..registry import get_method

    spec = get_method(name)
    enc = prep.enc
    diagnostics = dict(diagnostics or {})
    diagnostics["seconds"] = round(time.perf_counter() - prep.started, 4)
    diagnostics["device"] = str(prep.adapter.device)
    return Attribution(
        text=enc.text, tokens=list(enc.tokens), scores=np.asarray(scores, dtype=np.float64),
        targets=list(prep.targets), labels=list(prep.adapter.labels), probabilities=prep.probabilities,
        method=spec.name, method_label=spec.label, special=list(enc.special), space_before=list(enc.space_before),
        word_ids=list(enc.word_ids), offsets=list(enc.offsets), signed=spec.signed,
        params={"output": prep.output, **params}, diagnostics=diagnostics, truncated=enc.truncated,
        n_truncated_tokens=enc.n_truncated_tokens, max_length=enc.max_length, model_name=prep.adapter.name)


def check_positive_int(name: str, value, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def make_rng(seed) -> np.random.RandomState:
    if seed is None:
        raise ValueError("seed=None is not accepted: results must be reproducible; pass an integer seed")
    return np.random.RandomState(int(seed))


# ---------------------------------------------------------------------- gradient engine
def embed(adapter: TextClassifier, ids: Sequence[int]) -> torch.Tensor:
    """Word embeddings [1, L, D] of one id sequence (detached)."""
    with torch.no_grad():
        t = torch.as_tensor([list(ids)], dtype=torch.long, device=adapter.device)
        return adapter.embedding_layer(t).detach()


def baseline_embeddings(adapter: TextClassifier, enc: Encoded, kind: str) -> torch.Tensor:
    """Baseline [1, L, D]: content tokens replaced by [PAD] / [MASK] embeddings or by zero vectors; special
    tokens ([CLS], [SEP]) keep their own embeddings, as in captum's text tutorials."""
    if kind not in BASELINES:
        raise ValueError(f"unknown baseline {kind!r}; accepted: {list(BASELINES)}")
    if kind == "zero":
        x = embed(adapter, enc.input_ids)
        keep = torch.as_tensor(enc.special, device=x.device).view(1, -1, 1)
        return torch.where(keep, x, torch.zeros_like(x))
    rep = adapter.replacement_id(kind)
    ids = [t if s else rep for t, s in zip(enc.input_ids, enc.special)]
    return embed(adapter, ids)


def chunk_size(adapter: TextClassifier, length: int, internal_batch_size: Optional[int]) -> int:
    if internal_batch_size is not None:
        return check_positive_int("internal_batch_size", internal_batch_size)
    return max(1, adapter.batch_tokens // max(1, length))


def gradients(adapter: TextClassifier, points: torch.Tensor, targets: Sequence[int], output: str,
              internal_batch_size: Optional[int] = None, with_outputs: bool = False,
              reduce: Optional[Callable[[torch.Tensor, slice], torch.Tensor]] = None):
    """d output[target] / d embeddings at every point: ``points`` [N, L, D] -> grads [T, N, L, D].

    Points are processed in chunks (``internal_batch_size``, default: a token budget) so memory stays
    bounded whatever ``N``. ``reduce(grad_chunk, chunk_slice)`` may fold each chunk straight away (for example
    weight and sum over the integration path) so that only [T, L, D] is ever kept.
    """
    n, length = points.shape[0], points.shape[1]
    size = chunk_size(adapter, length, internal_batch_size)
    mask = torch.ones((1, length), dtype=torch.long, device=adapter.device)
    grads: List[List[torch.Tensor]] = [[] for _ in targets]
    outs: List[torch.Tensor] = []
    folded = None
    for start in range(0, n, size):
        sl = slice(start, min(n, start + size))
        x = points[sl].detach().clone().requires_grad_(True)
        with torch.enable_grad():
            y = adapter.transform(adapter.logits(inputs_embeds=x, attention_mask=mask.expand(x.shape[0], -1)),
                                  output)
            gs = []
            for k, t in enumerate(targets):
                (g,) = torch.autograd.grad(y[:, t].sum(), x, retain_graph=k < len(targets) - 1)
                gs.append(g.detach())
        g = torch.stack(gs)  # [T, n_chunk, L, D]
        if with_outputs:
            outs.append(y.detach()[:, list(targets)])
        if reduce is not None:
            part = reduce(g, sl)
            folded = part if folded is None else folded + part
        else:
            for k in range(len(targets)):
                grads[k].append(g[k])
    result = folded if reduce is not None else torch.stack([torch.cat(gk) for gk in grads])
    if with_outputs:
        return result, torch.cat(outs)
    return result


def token_scores(per_dim: torch.Tensor) -> np.ndarray:
    """Sum attributions over the embedding dimension: [T, L, D] -> [T, L]."""
    return per_dim.sum(dim=-1).double().cpu().numpy()


def token_norms(grads: torch.Tensor) -> np.ndarray:
    """L2 norm over the embedding dimension (unsigned saliency): [T, L, D] -> [T, L]."""
    return grads.norm(dim=-1).double().cpu().numpy()


def outputs_at(adapter: TextClassifier, points: torch.Tensor, output: str) -> np.ndarray:
    """Model outputs [N, classes] at embedding points [N, L, D], without autograd."""
    mask = torch.ones((points.shape[0], points.shape[1]), dtype=torch.long, device=adapter.device)
    with torch.inference_mode():
        return adapter.transform(adapter.logits(inputs_embeds=points, attention_mask=mask), output).double().cpu().numpy()


# ---------------------------------------------------------------------- perturbation helpers
def perturbed_ids(enc: Encoded, keep: np.ndarray, replacement: str, adapter: TextClassifier) -> List[List[int]]:
    """Id sequences with the content tokens where ``keep[j, c] == 0`` hidden: replaced by the mask/pad/unk id
    or removed (``replacement="remove"``). ``keep`` is [n, n_content] over ``enc.content_positions``."""
    content = enc.content_positions
    ids = enc.input_ids
    if replacement == "remove":
        out = []
        for row in keep:
            hidden = {content[c] for c in np.flatnonzero(row == 0)}
            out.append([t for i, t in enumerate(ids) if i not in hidden])
        return out
    rep = adapter.replacement_id(replacement)
    arr = np.tile(np.asarray(ids), (len(keep), 1))
    cols = np.asarray(content)
    arr[:, cols] = np.where(keep.astype(bool), arr[:, cols], rep)
    return arr.tolist()


REPLACEMENTS = ("mask", "pad", "unk", "remove")


def check_replacement(replacement: str) -> str:
    if replacement not in REPLACEMENTS:
        raise ValueError(f"unknown replacement {replacement!r}; accepted: {list(REPLACEMENTS)}")
    return replacement
