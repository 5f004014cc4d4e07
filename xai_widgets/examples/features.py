"""The top of a text classifier as closed-form pieces, for example-based explanations.

A classifier ends in a linear layer, logits = W_c p + b_c; BERT-style models put a pooler before it,
p = tanh(W_p h + b_p) with h the first token's last hidden state. One forward pass per batch, with hooks, gives per
example the classifier's input ``p`` and (when the pooler is there and reproduces p) its input ``h``; everything
the influence methods need follows in closed form from them and the logits:

    delta = softmax(logits) - onehot(y)        (d loss / d logits, cross-entropy)
    u     = (W_c^T delta) * (1 - p^2)          (d loss / d pooler pre-activation)
    grad_{W_c} = delta p^T,  grad_{b_c} = delta,  grad_{W_p} = u h^T,  grad_{b_p} = u

so the inner product of two examples' gradients over those layers is
(delta_i . delta_j)(p_i . p_j + 1) + (u_i . u_j)(h_i . h_j + 1) (the + 1 from each bias, 0 for a layer without
one): TracIn without storing any per-example gradient. ``layers="classifier"`` covers the last linear layer only.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Optional, Sequence

import numpy as np
import torch

from ..models.torch_utils import this_thread_only
from ..progress import progress

BATCH = 64


@dataclass
class TopFeatures:
    p: np.ndarray                 # [n, P] the classifier's input
    h: Optional[np.ndarray]       # [n, H] the pooler's input (None: no pooler found)
    logits: np.ndarray            # [n, C]
    W_c: np.ndarray               # [C, P]
    layers: tuple                 # names of the layers covered
    b_c: Optional[np.ndarray] = None   # [C] the classifier's bias (None: it has none)
    W_p: Optional[np.ndarray] = None   # [P, H] the pooler's weight (when covered)
    b_p: Optional[np.ndarray] = None   # [P]

    @property
    def bias_c(self) -> float:
        return 0.0 if self.b_c is None else 1.0

    @property
    def bias_p(self) -> float:
        return 0.0 if self.b_p is None else 1.0

    def delta(self, labels: np.ndarray) -> np.ndarray:
        z = self.logits - self.logits.max(1, keepdims=True)
        s = np.exp(z)
        s /= s.sum(1, keepdims=True)
        s[np.arange(len(labels)), labels] -= 1.0
        return s

    def u(self, delta: np.ndarray) -> np.ndarray:
        return (delta @ self.W_c) * (1.0 - self.p ** 2)


def head_modules(model: torch.nn.Module):
    """(classifier Linear, pooler Linear or None) of a sequence classifier."""
    linears = [(n, m) for n, m in model.named_modules() if isinstance(m, torch.nn.Linear)]
    if not linears:
        raise ValueError(f"{type(model).__name__} has no linear output layer; example-based methods need one")
    name, classifier = linears[-1]
    pooler = None
    for n, m in linears:
        if n.endswith("pooler.dense"):
            pooler = (n, m)
    return (name, classifier), pooler


LAYER_CHOICES = ("top", "classifier")


def _np(t):
    return None if t is None else t.detach().double().cpu().numpy()


def check_layers(layers) -> str:
    if layers not in LAYER_CHOICES:
        raise ValueError(f"layers must be one of {list(LAYER_CHOICES)} (the pooler and classifier, or the classifier "
                         f"alone); got {layers!r}")
    return layers


def restrict(tf: TopFeatures, layers: str) -> TopFeatures:
    """The same features covering the classifier alone (``layers="classifier"``), or unchanged."""
    if check_layers(layers) == "top" or tf.h is None:
        return tf
    return replace(tf, h=None, W_p=None, b_p=None, layers=tf.layers[-1:])


def top_features(adapter, texts: Sequence[str], layers: str = "top") -> TopFeatures:
    check_layers(layers)
    (cname, classifier), pooler = head_modules(adapter.model)
    if layers == "classifier":
        pooler = None
    store = {}
    hooks = [classifier.register_forward_pre_hook(this_thread_only(lambda m, a: store.__setitem__("p", a[0])))]
    if pooler is not None:
        keep_h = this_thread_only(lambda m, a: store.__setitem__("h", a[0]))
        hooks.append(pooler[1].register_forward_pre_hook(keep_h))
    P, Hs, L = [None] * len(texts), [None] * len(texts), [None] * len(texts)
    try:
        with torch.inference_mode():
            batches = adapter.length_batches(texts, BATCH)
            for idx, ids, mask, _ in progress(batches, desc="representations of the texts", unit="batches",
                                              show=None if len(texts) > 4 * BATCH else False):
                store.clear()
                logits = adapter.logits(ids, attention_mask=mask).double().cpu().numpy()
                p = store["p"].double().cpu().numpy()
                h = store["h"].double().cpu().numpy() if "h" in store else None
                if h is not None and h.ndim == 3:
                    h = h[:, 0]
                for j, i in enumerate(idx):
                    P[i], L[i] = p[j] if p.ndim == 2 else p[j, 0], logits[j]
                    Hs[i] = None if h is None else h[j]
    finally:
        for hk in hooks:
            hk.remove()
    p = np.stack(P)
    h = None if Hs[0] is None else np.stack(Hs)
    logits = np.stack(L)
    W_c, b_c = _np(classifier.weight), _np(classifier.bias)
    recon = p @ W_c.T + (0.0 if b_c is None else b_c)
    if recon.shape != logits.shape or np.abs(recon - logits).max() > 1e-3 * (1 + np.abs(logits).max()):
        raise ValueError(f"{type(adapter.model).__name__}'s logits are not its last linear layer ({cname}) applied to "
                         f"the first token's representation (GPT-2- and Llama-style classifiers apply the head to every "
                         f"token and pool afterwards): the example-based methods need a classifier whose input is one "
                         f"vector per text, such as BERT-, RoBERTa- or DistilBERT-style sequence classifiers")
    names, W, b = (cname,), None, None
    if h is not None:  # the pooler counts only if tanh(W_p h + b_p) reproduces the classifier's input
        W, b = _np(pooler[1].weight), _np(pooler[1].bias)
        if np.abs(np.tanh(h @ W.T + (0.0 if b is None else b)) - p).max() <= 1e-4 * (1 + np.abs(p).max()):
            names = (pooler[0], cname)
        else:
            h, W, b = None, None, None
    return TopFeatures(p=p, h=h, logits=logits, W_c=W_c, layers=names, b_c=b_c, W_p=W, b_p=b)


__all__ = ["TopFeatures", "top_features", "head_modules", "restrict", "check_layers", "LAYER_CHOICES"]
