"""LIME (Ribeiro et al., 2016) with the ``lime`` library's weighted ridge fit (``lime.lime_base.LimeBase``).

The neighbourhood is drawn exactly as ``LimeTextExplainer`` draws it (remove k ~ U{1..d} random features,
cosine distance x 100, exponential kernel of width 25), but over the model's own tokens and token ids: hidden
tokens are replaced by [MASK] (or [PAD]/[UNK], or removed), and the samples go through the adapter's batched,
length-bucketed, deduplicated ``predict_ids`` instead of re-tokenising strings one call at a time.
Seeded: the same seed gives the same scores."""
from __future__ import annotations

import numpy as np
from lime.lime_base import LimeBase
from sklearn.metrics import pairwise_distances

from ..registry import register
from .base import check_positive_int, check_replacement, finish, make_rng, perturbed_ids, prepare


def lime_neighbourhood(d: int, num_samples: int, rng: np.random.RandomState):
    """LimeTextExplainer's sampling: row 0 is the instance, every other row hides k ~ U{1..d} features."""
    sizes = rng.randint(1, d + 1, num_samples - 1)
    data = np.ones((num_samples, d), dtype=np.int8)
    for i, size in enumerate(sizes, start=1):
        data[i, rng.choice(d, size, replace=False)] = 0
    distances = pairwise_distances(data, data[:1], metric="cosine").ravel() * 100
    return data, distances


@register("lime", "LIME", kind="perturbation", signed=True)
def lime(adapter, text, target=None, output="probability", num_samples=1000, kernel_width=25.0,
         feature_selection="auto", replacement="mask", seed=0):
    num_samples = check_positive_int("num_samples", num_samples, minimum=2)
    check_replacement(replacement)
    prep = prepare(adapter, text, target, output)
    content = prep.enc.content_positions
    rng = make_rng(seed)
    data, distances = lime_neighbourhood(len(content), num_samples, rng)
    outs = adapter.predict_ids(perturbed_ids(prep.enc, data, replacement, adapter), output=output)

    def kernel(d):
        return np.sqrt(np.exp(-(d ** 2) / kernel_width ** 2))

    base = LimeBase(kernel, verbose=False, random_state=rng)
    scores = np.zeros((len(prep.targets), len(prep.ids)))
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
