"""LIME (Ribeiro et al., 2016), seeded, with the ``lime`` library's weighted ridge fit.

Text: the neighbourhood is drawn exactly as ``LimeTextExplainer`` draws it (remove k ~ U{1..d} random features,
cosine distance x 100, exponential kernel of width 25), but over the model's own tokens and token ids: hidden
tokens are replaced by [MASK] (or [PAD]/[UNK], or removed), and the samples go through the adapter's batched,
length-bucketed, deduplicated prediction instead of re-tokenising strings one call at a time.

Table rows: ``lime.lime_tabular.LimeTabularExplainer`` on the adapter's data (quartile discretizer by default),
its ``random_state`` set from ``seed`` so that the neighbourhood and the discretizer's sampling are reproducible;
every explained class is fitted on the same neighbourhood. A feature's score is the weight of "x_i falls in the
same bin as the instance" (or of x_i itself with ``discretize_continuous=False``); features LIME does not select
(``num_features``) score 0.

The same seed gives the same scores; the global random state is never touched."""
from __future__ import annotations

import numpy as np

from .._rng import check_seed
from .base import check_finite, check_positive_int, finish, make_rng, prepare
from .registry import register

DISCRETIZERS = ("quartile", "decile", "entropy")
FEATURE_SELECTION = ("auto", "forward_selection", "highest_weights", "lasso_path", "none")


def check_feature_selection(value) -> str:
    if value not in FEATURE_SELECTION:
        raise ValueError(f"feature_selection must be one of {FEATURE_SELECTION}, got {value!r}")
    return value


def lime_neighbourhood(d: int, num_samples: int, rng: np.random.RandomState):
    """LimeTextExplainer's sampling: row 0 is the instance, every other row hides k ~ U{1..d} features."""
    from sklearn.metrics import pairwise_distances

    sizes = rng.randint(1, d + 1, num_samples - 1)
    data = np.ones((num_samples, d), dtype=np.int8)
    for i, size in enumerate(sizes, start=1):
        data[i, rng.choice(d, size, replace=False)] = 0
    distances = pairwise_distances(data, data[:1], metric="cosine").ravel() * 100
    return data, distances


@register("lime", "LIME", kind="perturbation", signed=True, modalities=("text", "image"), needs=("mask",))
def lime(adapter, x, target=None, output=None, num_samples=1000, kernel_width=25.0, feature_selection="auto",
         replacement=None, seed=0):
    from lime.lime_base import LimeBase

    num_samples = check_positive_int("num_samples", num_samples, minimum=2)
    kernel_width = check_finite("kernel_width", kernel_width, minimum=0, strict=True)
    check_feature_selection(feature_selection)
    replacement = adapter.check_replacement(replacement)
    rng = make_rng(seed)
    prep = prepare(adapter, x, target, output)
    content = prep.positions
    data, distances = lime_neighbourhood(len(content), num_samples, rng)
    outs = prep.predict_keep(data, replacement)

    def kernel(d):
        return np.sqrt(np.exp(-(d ** 2) / kernel_width ** 2))

    base = LimeBase(kernel, verbose=False, random_state=rng)
    scores = np.zeros((len(prep.targets), prep.n_all))
    diag = {"r2": [], "intercept": [], "local_prediction": [], "n_unique_samples": int(len({r.tobytes() for r in data}))}
    for k, t in enumerate(prep.targets):
        intercept, weights, r2, local = base.explain_instance_with_data(
            data, outs, distances, t, num_features=len(content), feature_selection=feature_selection)
        for feature, w in weights:
            scores[k, content[feature]] = w
        diag["r2"].append(float(r2))
        diag["intercept"].append(float(intercept))
        diag["local_prediction"].append(float(np.ravel(local)[0]))
    params = {"num_samples": num_samples, "kernel_width": kernel_width, "feature_selection": feature_selection,
              "replacement": replacement, "seed": seed}
    return finish(prep, scores, "lime", params, diag)


@register("lime", "LIME", kind="perturbation", signed=True, modalities=("tabular",), needs=("mask",))
def lime_tabular(adapter, x, target=None, output=None, num_samples=5000, num_features=None,
                 discretize_continuous=True, discretizer="quartile", kernel_width=None, feature_selection="auto",
                 seed=0):
    from lime.lime_tabular import LimeTabularExplainer

    num_samples = check_positive_int("num_samples", num_samples, minimum=2)
    check_feature_selection(feature_selection)
    if discretizer not in DISCRETIZERS:
        raise ValueError(f"discretizer must be one of {DISCRETIZERS}, got {discretizer!r}")
    if kernel_width is not None:
        kernel_width = check_finite("kernel_width", kernel_width, minimum=0, strict=True)
    seed = check_seed(seed)
    prep = prepare(adapter, x, target, output)
    n = prep.n_all
    num_features = n if num_features is None else min(check_positive_int("num_features", num_features), n)
    classification = adapter.task == "classification"

    def predict(rows):
        out = adapter.predict_rows(np.asarray(rows, dtype=np.float64), prep.output)
        return out if classification else out[:, 0]

    scores = np.zeros((len(prep.targets), n))
    diag = {"r2": [], "intercept": [], "local_prediction": []}
    for k, t in enumerate(prep.targets):
        # A fresh explainer with the same seed per class: every class is fitted on the same neighbourhood.
        explainer = LimeTabularExplainer(
            adapter.data, mode="classification" if classification else "regression",
            feature_names=list(adapter.feature_names), class_names=list(adapter.labels),
            discretize_continuous=discretize_continuous, discretizer=discretizer, kernel_width=kernel_width,
            feature_selection=feature_selection, random_state=int(seed))
        exp = explainer.explain_instance(prep.x, predict, labels=(t,), num_features=num_features,
                                         num_samples=num_samples)
        # (lime warns when class probabilities do not sum to one: log-probability outputs are meant here)
        key = t if classification else 1
        for feature, w in exp.local_exp[key]:
            scores[k, feature] = w
        diag["r2"].append(float(exp.score))
        diag["intercept"].append(float(exp.intercept[key]))
        diag["local_prediction"].append(float(np.ravel(exp.local_pred)[0]))
    params = {"num_samples": num_samples, "num_features": num_features,
              "discretize_continuous": discretize_continuous, "discretizer": discretizer,
              "kernel_width": kernel_width, "feature_selection": feature_selection, "seed": seed}
    return finish(prep, scores, "lime", params, diag)
