"""Prototypes and criticisms (MMD-critic, Kim, Khanna & Koyejo, 2016) on the classifier's input representation.

With an RBF kernel k(x, y) = exp(-gamma ||x - y||^2) (gamma: 1 / the median squared distance, the usual
heuristic), prototypes S are chosen greedily to maximise

    J(S) = 2/(n m) sum_{i in X, j in S} k(x_i, x_j) - 1/m^2 sum_{j, l in S} k(x_j, x_l)   (= k_XX - MMD^2(X, S))

so that S matches the data's distribution; criticisms are the points where the witness function
w(x) = mean_i k(x, x_i) - mean_j k(x, s_j) is largest in absolute value (the data the prototypes represent worst),
chosen greedily among the non-prototypes. ``per_class=True`` runs it within each class (by label, or by the
model's prediction when no labels are given). Classes larger than ``max_examples`` are subsampled (seeded).
"""
from __future__ import annotations

from typing import List, Optional, Sequence, Tuple

import numpy as np

from .._rng import make_rng
from ..models import resolve_model
from ..results.example_set import ExampleSet


def rbf_kernel(X: np.ndarray, gamma: Optional[float] = None) -> Tuple[np.ndarray, float]:
    sq = (X * X).sum(1)
    d2 = np.maximum(sq[:, None] + sq[None, :] - 2 * X @ X.T, 0.0)
    if gamma is None:
        med = float(np.median(d2[np.triu_indices(len(X), 1)])) if len(X) > 1 else 1.0
        gamma = 1.0 / med if med > 0 else 1.0
    return np.exp(-gamma * d2), float(gamma)


def objective(K: np.ndarray, S: Sequence[int]) -> float:
    S = list(S)
    return float(2 * K[:, S].mean() - K[np.ix_(S, S)].mean())


def greedy_prototypes(K: np.ndarray, m: int) -> List[int]:
    n = len(K)
    col_mean = K.mean(0)  # (1/n) sum_i k(x_i, x_j)
    S: List[int] = []
    sum_cross = 0.0  # sum_{j in S} col_mean[j]
    sum_within = 0.0  # sum_{j, l in S} K[j, l]
    rowsum_S = np.zeros(n)  # sum_{l in S} K[:, l]
    for _ in range(min(m, n)):
        size = len(S) + 1
        gain = 2 * (sum_cross + col_mean) / size - (sum_within + 2 * rowsum_S + np.diag(K)) / size ** 2
        gain[S] = -np.inf
        j = int(np.argmax(gain))
        S.append(j)
        sum_cross += col_mean[j]
        sum_within += 2 * rowsum_S[j] + K[j, j]
        rowsum_S += K[:, j]
    return S


def witness(K: np.ndarray, S: Sequence[int]) -> np.ndarray:
    return K.mean(1) - K[:, list(S)].mean(1)


def criticisms(K: np.ndarray, S: Sequence[int], c: int) -> List[int]:
    w = np.abs(witness(K, S))
    w[list(S)] = -np.inf
    order = [int(i) for i in np.argsort(-w, kind="stable") if np.isfinite(w[i])]
    return order[:c]


def prototypes(model=None, texts=None, labels=None, n_prototypes: int = 10, n_criticisms: int = 5,
               per_class: bool = True, seed: int = 0, max_examples: int = 2000) -> ExampleSet:
    """Prototypes and criticisms of ``texts`` (default: the default model's training split) as an ExampleSet:
    kind "prototype" / "criticism", label (the class), score (the witness value at the example)."""
    from ..methods.base import check_positive_int
    from .influence import example_pool

    check_positive_int("n_prototypes", n_prototypes)
    check_positive_int("n_criticisms", n_criticisms, minimum=0)
    check_positive_int("max_examples", max_examples, minimum=2)
    rng = make_rng(seed)
    adapter = resolve_model(model)
    texts, labels, feats = example_pool(adapter, texts, labels)
    pred = feats.logits.argmax(1)
    groups_by = pred if labels is None else np.asarray(labels)
    groups = [np.flatnonzero(groups_by == c) for c in range(len(adapter.labels))] if per_class else \
        [np.arange(len(texts))]
    rows = []
    gammas = []
    for g in groups:
        if len(g) == 0:
            continue
        if len(g) > max_examples:
            g = np.sort(rng.choice(g, max_examples, replace=False))
        K, gamma = rbf_kernel(feats.p[g])
        gammas.append(gamma)
        S = greedy_prototypes(K, n_prototypes)
        C = criticisms(K, S, n_criticisms)
        w = witness(K, S)
        rows += [(int(g[j]), "prototype", float(w[j])) for j in S] + [(int(g[j]), "criticism", float(w[j]))
                                                                     for j in C]
    lab = groups_by
    return ExampleSet(
        kind="prototypes", method="mmd_critic", query="", query_prediction="", labels=list(adapter.labels),
        indices=[i for i, _, _ in rows], texts=[texts[i] for i, _, _ in rows],
        example_labels=[adapter.labels[lab[i]] for i, _, _ in rows],
        predictions=[adapter.labels[pred[i]] for i, _, _ in rows], scores=[s for _, _, s in rows],
        kinds=[k for _, k, _ in rows],
        params={"n_prototypes": int(n_prototypes), "n_criticisms": int(n_criticisms), "per_class": bool(per_class),
                "seed": seed, "max_examples": int(max_examples)},
        diagnostics={"gamma": gammas, "grouped_by": "prediction" if labels is None else "label"},
        model_name=str(adapter.name))


__all__ = ["prototypes", "greedy_prototypes", "criticisms", "witness", "objective", "rbf_kernel"]
