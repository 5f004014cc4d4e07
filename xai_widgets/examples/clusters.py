"""A global explanation by K-means on the model's own text representations (the classifier's input vector).

``text_clusters(model=None, texts=None, labels=None, n_clusters=8, per_cluster=5, seed=0, max_examples=4000)``
clusters the representations (L2-normalised, so distance follows cosine similarity), and returns an ExampleSet
holding, per cluster, the ``per_cluster`` examples nearest its centre (kind "cluster k", score = cosine similarity
to the centre). ``diagnostics["clusters"]`` describes every cluster: size, the share of each predicted class, the
label purity (when labels are known), the accuracy inside it, and its distinctive words (the highest smoothed log
ratio of the share of the cluster's texts that contain the word to that share in the other texts). A cluster with low accuracy is a region of
the representation space where the model goes wrong; its words and examples say what it holds.
"""
from __future__ import annotations

import re
from collections import Counter

import numpy as np

from .._rng import check_seed
from ..models import resolve_model
from ..results.example_set import ExampleSet

_TOKEN = re.compile(r"[^\W\d_]{3,}")


def distinctive_words(texts, members: np.ndarray, k: int = 8, stop=frozenset()) -> list:
    inside, outside = Counter(), Counter()
    for i, t in enumerate(texts):
        words = set(w.lower() for w in _TOKEN.findall(t)) - stop
        (inside if members[i] else outside).update(words)
    n_in, n_out = max(int(members.sum()), 1), max(int((~members).sum()), 1)
    score = {w: np.log((c + 0.5) / (n_in + 1)) - np.log((outside[w] + 0.5) / (n_out + 1))
             for w, c in inside.items() if c >= 3}
    return [w for w, _ in sorted(score.items(), key=lambda x: -x[1])[:k]]


def text_clusters(model=None, texts=None, labels=None, n_clusters: int = 8, per_cluster: int = 5, seed: int = 0,
                  max_examples: int = 4000) -> ExampleSet:
    from sklearn.cluster import KMeans

    from ..attacks.words import STOPWORDS
    from ..methods.base import check_positive_int
    from .influence import example_pool

    check_positive_int("n_clusters", n_clusters, minimum=2)
    check_positive_int("per_cluster", per_cluster)
    check_positive_int("max_examples", max_examples, minimum=2)
    seed = check_seed(seed)
    adapter = resolve_model(model)
    texts, labels, feats = example_pool(adapter, texts, labels)
    if n_clusters > min(len(texts), max_examples):
        raise ValueError(f"n_clusters={n_clusters} exceeds the {min(len(texts), max_examples)} texts clustered "
                         f"(texts, at most max_examples)")
    rng = np.random.default_rng(seed)
    sel = np.arange(len(texts)) if len(texts) <= max_examples else np.sort(rng.choice(len(texts), max_examples,
                                                                                     replace=False))
    X = feats.p[sel]
    X = X / np.maximum(np.linalg.norm(X, axis=1, keepdims=True), 1e-12)
    km = KMeans(n_clusters=n_clusters, n_init=10, random_state=seed).fit(X)
    centres = km.cluster_centers_ / np.maximum(np.linalg.norm(km.cluster_centers_, axis=1, keepdims=True), 1e-12)
    pred = feats.logits.argmax(1)[sel]
    lab = None if labels is None else np.asarray(labels)[sel]
    sub_texts = [texts[i] for i in sel]
    rows, info = [], []
    for c in range(n_clusters):
        members = km.labels_ == c
        idx = np.flatnonzero(members)
        if not len(idx):  # duplicates can leave a centre without members
            continue
        sim = X[idx] @ centres[c]
        near = idx[np.argsort(-sim, kind="stable")[:per_cluster]]
        rows += [(int(j), f"cluster {c}", float(X[j] @ centres[c])) for j in near]
        d = {"cluster": c, "size": int(members.sum()),
             "predicted_share": {adapter.labels[k]: float((pred[idx] == k).mean()) for k in range(len(adapter.labels))},
             "words": distinctive_words(sub_texts, members, stop=STOPWORDS)}
        if lab is not None:
            d["label_purity"] = float(np.bincount(lab[idx], minlength=len(adapter.labels)).max() / len(idx))
            d["accuracy"] = float((pred[idx] == lab[idx]).mean())
        info.append(d)
    shown_labels = pred if lab is None else lab
    return ExampleSet(
        kind="clusters", method="kmeans", query="", query_prediction="", labels=list(adapter.labels),
        indices=[int(sel[j]) for j, _, _ in rows], texts=[sub_texts[j] for j, _, _ in rows],
        example_labels=[adapter.labels[shown_labels[j]] for j, _, _ in rows],
        predictions=[adapter.labels[pred[j]] for j, _, _ in rows], scores=[s for _, _, s in rows],
        kinds=[k for _, k, _ in rows],
        params={"n_clusters": int(n_clusters), "per_cluster": int(per_cluster), "seed": seed,
                "max_examples": int(max_examples)},
        diagnostics={"clusters": info, "n": int(len(sel)), "inertia": float(km.inertia_),
                     "labels_from": "prediction" if lab is None else "label"},
        model_name=str(adapter.name))


__all__ = ["text_clusters", "distinctive_words"]
