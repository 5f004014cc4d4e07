"""Influential training instances: which training examples made the model predict what it predicts for a text.

``xw.influence(text, model=None, method="tracin", k=10, train=None)``:

- ``knn``: cosine similarity of the classifier's input representation (the pooled vector) of the query and of each
  training example; the training representations are computed once per model, weights version and training set;
- ``tracin`` (Pruthi et al., 2020): sum over the covered layers of grad L(train_i) . grad L(query), at the model's
  final weights, over the classifier and (for BERT-style models) the pooler, computed exactly from the factorised
  gradients of ``features.py`` with no per-example gradient stored; positive: a proponent (a gradient step on it
  lowers the query's loss), negative: an opponent. The query's loss is taken at its predicted class;
- ``representer`` (Yeh et al., 2018): the last layer refit on the training representations with L2 (``l2``:
  sklearn's C), then alpha_i = -C (softmax_i - onehot(y_i)); the value of training example i for class c at the
  query is alpha_ic (f_i . f_query), and the values add up to the refit model's logit (minus its intercept).

``xw.self_influence(model=None, train=None, k=50)``: TracIn of every training example with itself (the squared
norm of its gradient): the highest are the examples the model fits worst, often label errors.

The default model uses its own training split (10,876 Rotten Tomatoes snippets); for another model pass
``train=(texts, labels)``. Returns an ``ExampleSet``.
"""
from __future__ import annotations

import hashlib
from typing import Dict, List, Tuple

import numpy as np

from ..models import resolve_model
from ..results.example_set import ExampleSet
from .features import TopFeatures, top_features

INFLUENCE_METHODS = ("knn", "tracin", "representer")
_CACHE: Dict[tuple, Tuple[List[str], np.ndarray, TopFeatures]] = {}
_DEFAULT_TRAIN: Dict[str, Tuple[List[str], np.ndarray]] = {}


def weights_version(model) -> tuple:
    """A cheap key that changes when any parameter is replaced or modified in place (storage and version
    counter of every tensor), so that cached representations are never served for changed weights."""
    return tuple((t.data_ptr(), t._version) for t in list(model.parameters()) + list(model.buffers()))


def training_set(adapter, train) -> Tuple[List[str], np.ndarray]:
    if train is None:
        if adapter is not resolve_model(None):
            raise ValueError("train=(texts, labels) is required for a model other than the embedded default (whose "
                             "training split is known)")
        if "default" not in _DEFAULT_TRAIN:
            from ..data import rotten_tomatoes_split

            df = rotten_tomatoes_split()[0]
            _DEFAULT_TRAIN["default"] = (list(df["text"]), df["label"].to_numpy(dtype=int))
        return _DEFAULT_TRAIN["default"]
    if not isinstance(train, (tuple, list)) or len(train) != 2:
        raise TypeError("train must be a pair (texts, labels)")
    texts, labels = list(train[0]), np.asarray(train[1])
    if not texts or len(texts) != len(labels):
        raise ValueError(f"train has {len(texts)} texts and {len(labels)} labels; they must match and be non-empty")
    bad = [t for t in texts if not isinstance(t, str) or not t.strip()]
    if bad:
        raise ValueError(f"every training text must be a non-empty string; got {bad[:3]!r}")
    n = len(adapter.labels)
    if labels.dtype.kind not in "iu" or labels.min() < 0 or labels.max() >= n:
        raise ValueError(f"train labels must be class indices 0..{n - 1}")
    return texts, labels.astype(int)


def training_features(adapter, texts, labels) -> TopFeatures:
    digest = hashlib.blake2b("\x1f".join(texts).encode() + labels.tobytes(), digest_size=16).hexdigest()
    key = (id(adapter), weights_version(adapter.model), digest)
    if key not in _CACHE:
        if len(_CACHE) > 4:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = (texts, labels, top_features(adapter, texts))
    return _CACHE[key][2]


def tracin_scores(train: TopFeatures, y_train: np.ndarray, query: TopFeatures, y_query: np.ndarray) -> np.ndarray:
    """[n_query, n_train] gradient inner products over the covered layers (factorised, exact)."""
    d_t, d_q = train.delta(y_train), query.delta(y_query)
    out = (d_q @ d_t.T) * (query.p @ train.p.T + 1.0)
    if train.h is not None and query.h is not None:
        u_t, u_q = train.u(d_t), query.u(d_q)
        out += (u_q @ u_t.T) * (query.h @ train.h.T + 1.0)
    return out


def self_scores(train: TopFeatures, y: np.ndarray) -> np.ndarray:
    d = train.delta(y)
    out = (d * d).sum(1) * ((train.p * train.p).sum(1) + 1.0)
    if train.h is not None:
        u = train.u(d)
        out += (u * u).sum(1) * ((train.h * train.h).sum(1) + 1.0)
    return out


def representer_scores(train: TopFeatures, y_train: np.ndarray, query: TopFeatures, target: int,
                       l2: float) -> Tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    n_classes = train.logits.shape[1]
    clf = LogisticRegression(C=l2, max_iter=5000).fit(train.p, y_train)
    prob = clf.predict_proba(train.p)
    full = np.zeros((len(y_train), n_classes))
    full[:, clf.classes_] = prob
    alpha = -l2 * (full - np.eye(n_classes)[y_train])  # [n, C]
    k = query.p @ train.p.T  # [1, n]
    if len(clf.classes_) == 2 and clf.coef_.shape[0] == 1:  # binary: one logit, log-odds of class 1
        values = alpha[:, 1] * k[0] * (1 if target == 1 else -1)
        check = float(clf.decision_function(query.p)[0] - clf.intercept_[0]) * (1 if target == 1 else -1)
    else:
        values = alpha[:, target] * k[0]
        check = float(query.p[0] @ clf.coef_[list(clf.classes_).index(target)])
    return values, check


def _validate(method, k):
    if method not in INFLUENCE_METHODS:
        raise ValueError(f"method must be one of {list(INFLUENCE_METHODS)}; got {method!r}")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k must be a positive integer; got {k!r}")


def influence(text: str, model=None, method: str = "tracin", k: int = 10, train=None, l2: float = 1.0,
              normalize: bool = False) -> ExampleSet:
    """The ``k`` most influential training examples for ``text``: proponents (highest scores) and, for the
    signed methods (tracin, representer), the ``k`` strongest opponents. ``normalize=True`` (TracIn only) divides
    by both gradients' norms (TracIn-cos): training examples with large gradients no longer dominate, and an
    example queried against its own training set ranks itself first."""
    _validate(method, k)
    if normalize and method != "tracin":
        raise ValueError(f"normalize applies to method='tracin' only, not {method!r}")
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"text must be a non-empty string; got {text!r}")
    adapter = resolve_model(model)
    texts, labels = training_set(adapter, train)
    tf = training_features(adapter, texts, labels)
    q = top_features(adapter, [text])
    pred = int(np.argmax(q.logits[0]))
    diag = {"layers": list(tf.layers), "n_train": len(texts)}
    if method == "knn":
        a = tf.p / np.maximum(np.linalg.norm(tf.p, axis=1, keepdims=True), 1e-12)
        b = q.p[0] / max(float(np.linalg.norm(q.p[0])), 1e-12)
        scores = a @ b
        signed = False
    elif method == "tracin":
        scores = tracin_scores(tf, labels, q, np.array([pred]))[0]
        if normalize:
            norms = np.sqrt(self_scores(tf, labels) * self_scores(q, np.array([pred]))[0])
            scores = scores / np.maximum(norms, 1e-30)
        signed = True
    else:
        if isinstance(l2, bool) or not isinstance(l2, (int, float)) or not np.isfinite(l2) or l2 <= 0:
            raise ValueError(f"l2 must be a positive finite number (sklearn's C); got {l2!r}")
        scores, logit = representer_scores(tf, labels, q, pred, float(l2))
        diag["refit_logit"] = logit
        diag["sum_of_values"] = float(scores.sum())
        signed = True
    train_pred = tf.logits.argmax(1)
    order = np.argsort(-scores, kind="stable")
    rows = [(i, "proponent") for i in order[:k]]
    if signed:
        rows += [(i, "opponent") for i in order[::-1][:k] if scores[i] < 0]
    return ExampleSet(
        kind="influence", method=method, query=text, query_prediction=adapter.labels[pred],
        labels=list(adapter.labels), indices=[int(i) for i, _ in rows], texts=[texts[i] for i, _ in rows],
        example_labels=[adapter.labels[labels[i]] for i, _ in rows],
        predictions=[adapter.labels[train_pred[i]] for i, _ in rows],
        scores=[float(scores[i]) for i, _ in rows], kinds=[kd for _, kd in rows],
        params={"method": method, "k": int(k), **({"l2": float(l2)} if method == "representer" else {}),
                **({"normalize": bool(normalize)} if method == "tracin" else {})},
        diagnostics=diag, model_name=str(adapter.name))


def self_influence(model=None, train=None, k: int = 50) -> ExampleSet:
    """The ``k`` training examples with the highest self-influence (TracIn of an example with itself)."""
    _validate("tracin", k)
    adapter = resolve_model(model)
    texts, labels = training_set(adapter, train)
    tf = training_features(adapter, texts, labels)
    s = self_scores(tf, labels)
    order = np.argsort(-s, kind="stable")[:k]
    pred = tf.logits.argmax(1)
    return ExampleSet(
        kind="self_influence", method="tracin", query="", query_prediction="", labels=list(adapter.labels),
        indices=[int(i) for i in order], texts=[texts[i] for i in order],
        example_labels=[adapter.labels[labels[i]] for i in order], predictions=[adapter.labels[pred[i]] for i in order],
        scores=[float(s[i]) for i in order], kinds=["self-influence"] * len(order),
        params={"k": int(k)}, diagnostics={"layers": list(tf.layers), "n_train": len(texts),
                                           "share_misclassified_in_top": float((pred[order] != labels[order]).mean()),
                                           "share_misclassified_overall": float((pred != labels).mean())},
        model_name=str(adapter.name))


__all__ = ["influence", "self_influence", "training_set", "training_features", "tracin_scores", "self_scores", "representer_scores", "INFLUENCE_METHODS"]
