"""Global explanation by clustering (article 001, 3.4.2): group the rows by their inputs *and* the model's
prediction with K-means, C = argmin_C sum_k sum_{x in C_k} ||x - mu_k||^2, then describe every cluster:

- its size and mean prediction;
- the features that set it apart: the standardised difference (mean in the cluster - mean overall) / std overall,
  largest first;
- a shallow decision tree that predicts the cluster from the inputs (a surrogate of the assignment), its rules and
  its fidelity (the share of rows it assigns to their own cluster).

The columns are standardised before clustering; the prediction columns (the class probabilities, or the
regression output) are standardised and multiplied by ``prediction_weight``. The feature importances are the
surrogate tree's: how much each feature decides which cluster a row falls in. Seeded (K-means and the tree)."""
from __future__ import annotations

import numpy as np

from ..models.tabular import to_matrix
from ..results import GlobalExplanation
from .._rng import check_seed
from .base import check_finite, check_positive_int
from .registry import register


def standardise(a: np.ndarray) -> np.ndarray:
    sd = a.std(axis=0)
    return (a - a.mean(axis=0)) / np.where(sd > 0, sd, 1.0)


@register("kmeans", "K-means clusters", kind="model", signed=False, modalities=("tabular",), needs=("mask",),
          scope="global")
def kmeans(adapter, X, y=None, target=None, n_clusters=4, prediction_weight=1.0, surrogate_depth=3, top=3,
           seed=0):
    from sklearn.cluster import KMeans
    from sklearn.tree import DecisionTreeClassifier, export_text

    if target is not None:
        raise ValueError("kmeans clusters on every output of the model; it takes no target")
    n_clusters = check_positive_int("n_clusters", n_clusters, minimum=2)
    surrogate_depth = check_positive_int("surrogate_depth", surrogate_depth)
    top = check_positive_int("top", top)
    weight = check_finite("prediction_weight", prediction_weight, minimum=0)
    rows = to_matrix(X, "X", adapter.feature_names)
    if len(rows) < n_clusters:
        raise ValueError(f"X has {len(rows)} rows, fewer than n_clusters={n_clusters}")
    pred = adapter.predict_rows(rows)
    if adapter.task == "classification" and pred.shape[1] == 2:
        pred = pred[:, 1:]  # the two probabilities carry one number
    space = np.hstack([standardise(rows), weight * standardise(pred)])
    km = KMeans(n_clusters=n_clusters, n_init=10, random_state=check_seed(seed)).fit(space)
    labels = km.labels_
    mean, sd = rows.mean(axis=0), rows.std(axis=0)
    sd = np.where(sd > 0, sd, 1.0)
    clusters = []
    for c in range(n_clusters):
        member = labels == c
        effect = (rows[member].mean(axis=0) - mean) / sd
        order = np.argsort(-np.abs(effect), kind="stable")[:top]
        clusters.append({
            "cluster": c, "size": int(member.sum()),
            # one number where the prediction is one (a regressor's output, p(second class) of a binary model)
            "mean_prediction": float(pred[member, 0].mean()) if pred.shape[1] == 1 else None,
            "mean_predictions": pred[member].mean(axis=0).tolist(),
            "distinctive": [{"feature": adapter.feature_names[i], "effect": float(effect[i]),
                             "mean": float(rows[member, i].mean())} for i in order]})
    tree = DecisionTreeClassifier(max_depth=surrogate_depth, random_state=int(seed)).fit(rows, labels)
    fidelity = float((tree.predict(rows) == labels).mean())
    rules = export_text(tree, feature_names=list(adapter.feature_names))
    what = adapter.labels[-1] if len(adapter.labels) == 2 else (adapter.labels[0] if adapter.task == "regression"
                                                                  else None)  # a multiclass model: every class
    return GlobalExplanation(
        method="kmeans", method_label="K-means clusters", feature_names=adapter.feature_names,
        importances=tree.feature_importances_, importance_label="importance in the surrogate tree of the clusters",
        signed=False, target=what, labels=list(adapter.labels), clusters=clusters,
        surrogate={"fidelity": fidelity, "depth": surrogate_depth, "rules": rules},
        params={"n_clusters": n_clusters, "prediction_weight": weight, "surrogate_depth": surrogate_depth,
                "top": top, "seed": seed},
        diagnostics={"assignment": labels.tolist(), "inertia": float(km.inertia_)}, model_name=adapter.name)
