"""Influential training instances: which training examples made the model predict what it predicts for a text.

``xw.influence(text, model=None, method="tracin", k=10, train=None)``:

- ``knn``: cosine similarity of the classifier's input representation (the pooled vector) of the query and of each
  training example; the training representations are computed once per model, weights version and training set;
- ``tracin`` (Pruthi et al., 2020): sum over checkpoints c of lr_c grad L(train_i) . grad L(query) over the
  classifier and (for BERT-style models) the pooler, computed exactly from the factorised gradients of
  ``features.py`` with no per-example gradient stored; positive: a proponent (a gradient step on it lowers the
  query's loss), negative: an opponent. The query's loss is taken at its predicted class (at the final weights).
  The checkpoints are the default model's saved ones, or the final weights, or the user's (``checkpoints.py``).
  The default model was trained with AdamW, whose preconditioning TracIn ignores (as in the paper's own use);
- ``representer`` (Yeh et al., 2018): the last layer refit on the training representations with L2 strength
  ``l2`` (sklearn's C = 1 / l2: larger l2, stronger regularisation), then alpha_i = -C (softmax_i - onehot(y_i)); the value of training example i for class c at the
  query is alpha_ic (f_i . f_query), and the values add up to the refit model's logit (minus its intercept);
- ``influence_function`` (Koh & Liang, 2017): grad L(query)^T H^-1 grad L(train_i) over the same layers, with the
  damped Hessian of the mean training loss inverted exactly or by conjugate gradients (``influence_function.py``).

``xw.self_influence(model=None, train=None, k=50)``: TracIn of every training example with itself (the squared
norm of its gradient): the highest are the examples the model fits worst, often label errors.

The default model uses its own training split (10,876 Rotten Tomatoes snippets); for another model pass
``train=(texts, labels)``. Returns an ``ExampleSet``.
"""
from __future__ import annotations

import hashlib
from typing import Dict, List, Optional, Tuple

import numpy as np

from ..models import is_default, resolve_model
from ..progress import silenced_by_show_progress
from ..results.example_set import ExampleSet
from .checkpoints import resolve_checkpoints
from .features import TopFeatures, check_layers, restrict, top_features
from .influence_function import InverseHessian, influence_function_scores

INFLUENCE_METHODS = ("knn", "tracin", "representer", "influence_function")
_CACHE: Dict[tuple, Tuple[List[str], np.ndarray, TopFeatures]] = {}
_DEFAULT_TRAIN: Dict[str, Tuple[List[str], np.ndarray]] = {}


def weights_version(model) -> tuple:
    """A cheap key that changes when any parameter is replaced or modified in place (storage and version
    counter of every tensor), so that cached representations are never served for changed weights."""
    return tuple((t.data_ptr(), t._version) for t in list(model.parameters()) + list(model.buffers()))


def _check_texts(texts, what: str) -> None:
    bad = [t for t in texts if not isinstance(t, str) or not t.strip()]
    if bad:
        raise ValueError(f"{what} must be a non-empty string; got {bad[:3]!r}")


def training_set(adapter, train) -> Tuple[List[str], np.ndarray]:
    if train is None:
        if not is_default(adapter):
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
    _check_texts(texts, "every training text")
    n = len(adapter.labels)
    if labels.dtype.kind not in "iu" or labels.min() < 0 or labels.max() >= n:
        raise ValueError(f"train labels must be class indices 0..{n - 1}")
    return texts, labels.astype(int)


def example_pool(adapter, texts, labels):
    """(texts, labels or None, features) of the examples a global example-based method looks at: the default
    model's training split when ``texts`` is None, else the user's texts (and optional class indices)."""
    if texts is None:
        if labels is not None:
            raise ValueError("labels= without texts=; pass both, or neither for the default model's training split")
        texts, labels = training_set(adapter, None)
        return texts, labels, training_features(adapter, texts, labels)
    if isinstance(texts, str) or not len(texts):
        raise ValueError("texts must be a non-empty list of strings")
    texts = list(texts)
    _check_texts(texts, "every text")
    if labels is not None:
        labels = np.asarray(labels)
        if len(labels) != len(texts) or labels.dtype.kind not in "iu" or labels.min() < 0 or \
                labels.max() >= len(adapter.labels):
            raise ValueError(f"labels must be {len(texts)} class indices 0..{len(adapter.labels) - 1}")
    return texts, labels, top_features(adapter, texts)


_DIGESTS: Dict[tuple, tuple] = {}


def _digest(texts, labels) -> str:
    key = (id(texts), id(labels))  # the same training set object asked again: no re-hashing of 10,876 texts
    hit = _DIGESTS.get(key)
    if hit is not None and hit[0] is texts and hit[1] is labels and hit[3] == len(texts):
        return hit[2]
    digest = hashlib.blake2b("\x1f".join(texts).encode() + labels.tobytes(), digest_size=16).hexdigest()
    if len(_DIGESTS) > 8:
        _DIGESTS.pop(next(iter(_DIGESTS)))
    _DIGESTS[key] = (texts, labels, digest, len(texts))
    return digest


_UNIT: Dict[int, tuple] = {}


def _unit_rows(p: np.ndarray) -> np.ndarray:
    """Rows of ``p`` scaled to unit length, kept for the cached training representations."""
    hit = _UNIT.get(id(p))
    if hit is None or hit[0] is not p:
        _UNIT.clear()
        hit = (p, p / np.maximum(np.linalg.norm(p, axis=1, keepdims=True), 1e-12))
        _UNIT[id(p)] = hit
    return hit[1]


def training_features(adapter, texts, labels, layers: str = "top", at=None) -> TopFeatures:
    """The training set's top features under ``adapter`` (or under a checkpoint ``at`` of it), cached per model,
    weights version, training set, layers and checkpoint."""
    check_layers(layers)
    key = (id(adapter), weights_version(adapter.model), _digest(texts, labels),
           None if at is None or at is adapter else at.key)
    if key not in _CACHE:
        if len(_CACHE) > 6:
            _CACHE.pop(next(iter(_CACHE)))
        path = _disk_path(adapter, key[2], at)
        feats = _read(path) if path else None
        if feats is None:
            model_at = adapter if at is None or at is adapter else at.load()
            feats = top_features(model_at, texts)
            if path:
                _write(path, feats)
        _CACHE[key] = (texts, labels, feats)
    return restrict(_CACHE[key][2], layers)


# The default model's training representations (final weights and each saved checkpoint) are also kept on disk
# beside the model, so that a new process does not redo 10,876 forward passes per checkpoint (about a minute each
# on 2 CPU cores). The file name holds the model's fingerprint (weights and tokenizer), the training set's digest
# and the checkpoint file's identity: changed weights never read an old file. A read-only cache is only read.
_FIELDS = ("p", "h", "logits", "W_c", "b_c", "W_p", "b_p")


def _disk_path(adapter, digest: str, at) -> Optional[str]:
    if not is_default(adapter):
        return None
    texts, labels = training_set(adapter, None)
    if digest != _digest(texts, labels):  # only the default training split: a user's subsets stay in memory
        return None
    import os

    from ..models.default import default_model_dir

    tag = "final" if at is None or at is adapter else hashlib.blake2b(repr(at.key).encode(), digest_size=8).hexdigest()
    return os.path.join(default_model_dir(), "features", f"{adapter.fingerprint()[:16]}-{digest[:16]}-{tag}.npz")


def _read(path: str) -> Optional[TopFeatures]:
    """The features cached at ``path``, or None (recompute) when the file is absent, unreadable, not an npz
    archive (a truncated one included) or lacks the required arrays. Never raises for what a file holds."""
    import os
    import zipfile

    if not os.path.isfile(path):
        return None
    try:
        with np.load(path, allow_pickle=False) as z:
            arrays = {k: (z[k] if k in z.files else None) for k in _FIELDS}
            layers = tuple(str(x) for x in z["layers"])
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):  # unreadable or partial: recompute
        return None
    p, logits, W_c = arrays["p"], arrays["logits"], arrays["W_c"]
    if p is None or logits is None or W_c is None or p.ndim != 2 or logits.ndim != 2 or len(p) != len(logits) \
            or W_c.shape != (logits.shape[1], p.shape[1]):
        return None
    return TopFeatures(layers=layers, **arrays)


def _write(path: str, feats: TopFeatures) -> None:
    """Write ``feats`` to ``path`` atomically (``_files.atomic_open``, mode 0o644). A cache folder that cannot be
    written (read-only, full) is not an error: the features then stay in memory only."""
    import os

    from .._files import atomic_open

    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with atomic_open(path, binary=True) as fh:
            np.savez(fh, layers=np.array(feats.layers), **{k: getattr(feats, k) for k in _FIELDS
                                                          if getattr(feats, k) is not None})
    except OSError:  # a read-only or full cache: keep the result in memory only
        pass


def _checkpoint_features(adapter, points, texts, labels, text, layers):
    """[(train features, query features, step size, name)] for every checkpoint."""
    out = []
    for at, lr, name in points:
        tf = training_features(adapter, texts, labels, layers, at)
        q = None if text is None else top_features(adapter if at is adapter else at.load(), [text], layers)
        out.append((tf, q, lr, name))
    return out


def tracin_scores(train: TopFeatures, y_train: np.ndarray, query: TopFeatures, y_query: np.ndarray) -> np.ndarray:
    """[n_query, n_train] gradient inner products over the covered layers (factorised, exact)."""
    d_t, d_q = train.delta(y_train), query.delta(y_query)
    out = (d_q @ d_t.T) * (query.p @ train.p.T + train.bias_c)
    if train.h is not None and query.h is not None:
        u_t, u_q = train.u(d_t), query.u(d_q)
        out += (u_q @ u_t.T) * (query.h @ train.h.T + train.bias_p)
    return out


def self_scores(train: TopFeatures, y: np.ndarray) -> np.ndarray:
    d = train.delta(y)
    out = (d * d).sum(1) * ((train.p * train.p).sum(1) + train.bias_c)
    if train.h is not None:
        u = train.u(d)
        out += (u * u).sum(1) * ((train.h * train.h).sum(1) + train.bias_p)
    return out


_REFIT: Dict[tuple, tuple] = {}


def _refit(train: TopFeatures, y_train: np.ndarray, C: float):
    """The last layer refit with L2 on the training representations, once per training set and strength (it
    does not depend on the query)."""
    from sklearn.linear_model import LogisticRegression

    key = (id(train.p), C, y_train.tobytes())
    if key not in _REFIT:
        _REFIT.clear()
        clf = LogisticRegression(C=C, max_iter=20000, tol=1e-10).fit(train.p, y_train)
        _REFIT[key] = (train.p, clf, clf.predict_proba(train.p))  # p kept: its id stays unique while cached
    return _REFIT[key][1:]


def representer_scores(train: TopFeatures, y_train: np.ndarray, query: TopFeatures, target: int,
                       l2: float) -> Tuple[np.ndarray, float]:
    classes = np.unique(y_train)
    if len(classes) < 2:
        raise ValueError(f"representer points need at least two classes in the training labels; got only {classes}")
    if target not in classes:
        raise ValueError(f"the query's predicted class {target} does not occur in the training labels {classes}: no "
                         f"training example can represent it")
    C = 1.0 / l2  # sklearn minimises 1/2 ||w||^2 + C sum_i loss_i
    n_classes = train.logits.shape[1]
    clf, prob = _refit(train, y_train, C)
    full = np.zeros((len(y_train), n_classes))
    full[:, clf.classes_] = prob
    alpha = -C * (full - np.eye(n_classes)[y_train])  # [n, C]
    k = query.p @ train.p.T  # [1, n]
    if len(clf.classes_) == 2 and clf.coef_.shape[0] == 1:  # binary: one logit, the log-odds of classes_[1]
        pos = int(clf.classes_[1])
        sign = 1 if target == pos else -1
        values = alpha[:, pos] * k[0] * sign
        check = float(clf.decision_function(query.p)[0] - clf.intercept_[0]) * sign
    else:
        values = alpha[:, target] * k[0]
        check = float(query.p[0] @ clf.coef_[list(clf.classes_).index(target)])
    return values, check


def _validate(method, k):
    if method not in INFLUENCE_METHODS:
        raise ValueError(f"method must be one of {list(INFLUENCE_METHODS)}; got {method!r}")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k must be a positive integer; got {k!r}")


_APPLIES = {"l2": ("representer",), "normalize": ("tracin",), "checkpoints": ("tracin",),
            "damping": ("influence_function",), "hessian": ("influence_function",),
            "curvature": ("influence_function",)}


def _positive(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating)) or not np.isfinite(value) \
            or value <= 0:
        raise ValueError(f"{name} must be a positive finite number; got {value!r}")
    return float(value)


@silenced_by_show_progress
def influence(text: str, model=None, method: str = "tracin", k: int = 10, train=None, layers: str = "top",
              checkpoints=None, normalize: Optional[bool] = None, l2: Optional[float] = None,
              damping: Optional[float] = None, hessian: Optional[str] = None,
              curvature: Optional[str] = None, *, show_progress: Optional[bool] = None) -> ExampleSet:
    """The ``k`` most influential training examples for ``text``: proponents (highest scores) and, for the
    signed methods (tracin, representer, influence_function), the ``k`` strongest opponents.

    - ``layers``: "top" (pooler and classifier, when the model has a pooler) or "classifier" (the last layer);
    - ``checkpoints`` (tracin): None (the default model's saved checkpoints; final weights for other models),
      "final", or a list of (state dict or file, learning rate) pairs; see ``checkpoints.py``;
    - ``normalize`` (tracin, default False): divide by both gradients' norms (TracIn-cos): training examples with
      large gradients no longer dominate, and an example queried against its own training set ranks itself first;
    - ``l2`` (representer, default 1.0): the L2 strength of the refit last layer (sklearn's C = 1 / l2);
    - ``damping`` (influence_function, default 0.001), ``hessian`` ("auto": exact up to 2,000 parameters, else
      "cg") and ``curvature`` ("gauss_newton", the default, or "hessian"); see ``influence_function.py``.

    Progress bars cover the representation pass over the training set (once per model and training set) and the
    conjugate-gradient solve of influence_function; ``show_progress=False`` hides them.
    """
    _validate(method, k)
    given = {"l2": l2, "normalize": normalize, "checkpoints": checkpoints, "damping": damping, "hessian": hessian,
             "curvature": curvature}
    for name, value in given.items():
        if value is not None and method not in _APPLIES[name]:
            raise ValueError(f"{name} applies to method={_APPLIES[name][0]!r} only, not {method!r}")
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"text must be a non-empty string; got {text!r}")
    adapter = resolve_model(model)
    texts, labels = training_set(adapter, train)
    q = top_features(adapter, [text], layers)
    pred = int(np.argmax(q.logits[0]))
    params = {"method": method, "k": int(k), "layers": layers}
    diag = {"n_train": len(texts)}
    signed = method != "knn"
    if method == "tracin":
        if normalize not in (None, True, False) or isinstance(normalize, (int, float)) and \
                not isinstance(normalize, bool):
            raise ValueError(f"normalize must be True or False; got {normalize!r}")
        normalize = bool(normalize)
        points = _checkpoint_features(adapter, resolve_checkpoints(adapter, checkpoints), texts, labels, text, layers)
        scores = np.zeros(len(texts))
        for tf_c, q_c, lr, _ in points:
            s_c = tracin_scores(tf_c, labels, q_c, np.array([pred]))[0]
            if normalize:
                s_c = s_c / np.maximum(np.sqrt(self_scores(tf_c, labels) * self_scores(q_c, np.array([pred]))[0]),
                                       1e-30)
            scores += lr * s_c
        tf = points[-1][0]
        params.update(normalize=normalize)
        diag["checkpoints"] = [{"name": name, "lr": lr} for _, _, lr, name in points]
    else:
        tf = training_features(adapter, texts, labels, layers)
        if method == "knn":
            b = q.p[0] / max(float(np.linalg.norm(q.p[0])), 1e-12)
            scores = _unit_rows(tf.p) @ b
        elif method == "representer":
            l2 = _positive("l2", 1.0 if l2 is None else l2)
            scores, logit = representer_scores(tf, labels, q, pred, l2)
            diag["refit_logit"] = logit
            diag["sum_of_values"] = float(scores.sum())
            params.update(l2=l2)
        else:
            damping = _positive("damping", 0.001 if damping is None else damping)
            inverse = _inverse(adapter, tf, texts, labels, layers, damping, hessian or "auto",
                               curvature or "gauss_newton")
            scores, _ = influence_function_scores(tf, labels, q, np.array([pred]), inverse)
            params.update(damping=damping, hessian=inverse.method, curvature=inverse.curvature)
            diag.update(parameters=inverse.size, cg_iterations=inverse.iterations[-1],
                        relative_residual=inverse.residuals[-1])
    diag["layers"] = list(tf.layers)
    order = np.argsort(-scores, kind="stable")
    if signed:  # proponents help (score > 0), opponents hurt (score < 0): two disjoint lists
        rows = [(i, "proponent") for i in order[:k] if scores[i] > 0]
        rows += [(i, "opponent") for i in order[::-1][:k] if scores[i] < 0]
    else:
        rows = [(i, "proponent") for i in order[:k]]
    final = training_features(adapter, texts, labels, layers) if method == "tracin" else tf
    train_pred = final.logits.argmax(1)
    return ExampleSet(
        kind="influence", method=method, query=text, query_prediction=adapter.labels[pred],
        labels=list(adapter.labels), indices=[int(i) for i, _ in rows], texts=[texts[i] for i, _ in rows],
        example_labels=[adapter.labels[labels[i]] for i, _ in rows],
        predictions=[adapter.labels[train_pred[i]] for i, _ in rows],
        scores=[float(scores[i]) for i, _ in rows], kinds=[kd for _, kd in rows],
        params=params, diagnostics=diag, model_name=str(adapter.name))


_INVERSE: Dict[tuple, InverseHessian] = {}


def _inverse(adapter, tf, texts, labels, layers, damping, hessian, curvature) -> InverseHessian:
    key = (id(adapter), weights_version(adapter.model), _digest(texts, labels), layers, damping, hessian, curvature)
    if key not in _INVERSE:
        _INVERSE.clear()  # one at a time: it may hold the autograd graph over the training representations
        _INVERSE[key] = InverseHessian(tf, labels, damping, hessian, curvature)
    return _INVERSE[key]


@silenced_by_show_progress
def self_influence(model=None, train=None, k: int = 50, layers: str = "top", checkpoints=None, *,
                   show_progress: Optional[bool] = None) -> ExampleSet:
    """The ``k`` training examples with the highest self-influence (TracIn of an example with itself, summed over
    the checkpoints with their step sizes). ``show_progress=False`` hides the representation passes' bars."""
    _validate("tracin", k)
    adapter = resolve_model(model)
    texts, labels = training_set(adapter, train)
    points = _checkpoint_features(adapter, resolve_checkpoints(adapter, checkpoints), texts, labels, None, layers)
    s = sum(lr * self_scores(tf_c, labels) for tf_c, _, lr, _ in points)
    tf = training_features(adapter, texts, labels, layers)
    order = np.argsort(-s, kind="stable")[:k]
    pred = tf.logits.argmax(1)
    return ExampleSet(
        kind="self_influence", method="tracin", query="", query_prediction="", labels=list(adapter.labels),
        indices=[int(i) for i in order], texts=[texts[i] for i in order],
        example_labels=[adapter.labels[labels[i]] for i in order], predictions=[adapter.labels[pred[i]] for i in order],
        scores=[float(s[i]) for i in order], kinds=["self-influence"] * len(order),
        params={"k": int(k), "layers": layers},
        diagnostics={"layers": list(tf.layers), "n_train": len(texts),
                     "checkpoints": [{"name": name, "lr": lr} for _, _, lr, name in points],
                     "share_misclassified_in_top": float((pred[order] != labels[order]).mean()),
                     "share_misclassified_overall": float((pred != labels).mean())},
        model_name=str(adapter.name))


__all__ = ["influence", "self_influence", "training_set", "training_features", "example_pool", "tracin_scores", "self_scores",
           "representer_scores", "INFLUENCE_METHODS"]
