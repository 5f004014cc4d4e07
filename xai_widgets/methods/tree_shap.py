"""TreeSHAP (Lundberg et al., 2020) through ``shap.TreeExplainer``: exact Shapley values of tree ensembles (sklearn
trees and forests, gradient boosting, XGBoost, LightGBM, CatBoost), for one row or for a whole dataset.

``feature_perturbation="tree_path_dependent"`` (default, what ``shap.TreeExplainer(model)`` does, no background
needed) conditions on the trees' own cover of the training data (notebook 04 enumerates this value function by hand
and matches it); ``"interventional"`` uses the adapter's background rows, the value function E_b[f(x_S, b_not S)]
of KernelSHAP. shap's interventional algorithm fails its own additivity check on some forests (shap#3267): that is
reported as an error, never returned.

The values are in the trees' own output unit: class probabilities for a random forest, log-odds for gradient
boosting, the prediction for a regressor; ``params["output"]`` says which, and ``base_values + sum(scores)``
equals the model's output in that unit (checked by shap, ``check_additivity``). shap's changing multiclass shapes
(a list per class, or [rows, features, classes]) are normalised to [rows, features, outputs].
"""
from __future__ import annotations

import numpy as np

from ..models.tabular import to_matrix
from ..results import GlobalExplanation
from .base import finish, prepare
from .registry import register

PERTURBATIONS = ("tree_path_dependent", "interventional")


def explainer(adapter, feature_perturbation: str):
    """A ``shap.TreeExplainer`` for the adapter's model, built for every call (a few milliseconds): a cached one
    would keep the trees of a model the user has refitted since."""
    if feature_perturbation not in PERTURBATIONS:
        raise ValueError(f"feature_perturbation must be one of {PERTURBATIONS}, got {feature_perturbation!r}")
    import shap

    data = adapter.background if feature_perturbation == "interventional" else None
    return shap.TreeExplainer(adapter.model, data=data, feature_perturbation=feature_perturbation)


def shap_values(adapter, X: np.ndarray, feature_perturbation: str, check_additivity: bool):
    """(values [n, F, outputs], expected [outputs], unit)."""
    ex = explainer(adapter, feature_perturbation)
    try:
        sv = ex.shap_values(X, check_additivity=check_additivity)
    except Exception as exc:
        if type(exc).__name__ != "ExplainerError" or feature_perturbation != "interventional":
            raise
        raise ValueError(
            "shap's interventional TreeSHAP broke its own additivity check on this model (the SHAP values do not add "
            "up to the prediction; a known shap bug for deeper trees, shap#3267). Use "
            "feature_perturbation='tree_path_dependent' (exact), or method='kernel_shap', whose value function is "
            "the same and which is exact when every coalition fits its budget") from None
    if isinstance(sv, list):  # older shap: one [n, F] array per class
        sv = np.stack([np.asarray(v) for v in sv], axis=-1)
    sv = np.asarray(sv, dtype=np.float64)
    if sv.ndim == 2:
        sv = sv[:, :, None]
    expected = np.atleast_1d(np.asarray(ex.expected_value, dtype=np.float64))
    if adapter.task == "regression":
        unit = "prediction"
    elif sv.shape[2] == len(adapter.labels):
        probs = adapter.predict_rows(X[:1])
        additive = np.allclose(expected + sv[0].sum(axis=0), probs[0], atol=1e-6)
        unit = "probability" if additive else ("log_odds" if sv.shape[2] == 2 else "logit")
    else:  # one output for two classes: the log-odds of the second class (gradient boosting)
        unit = "log_odds"
        sv = np.concatenate([-sv, sv], axis=2)
        expected = np.array([-expected[0], expected[0]])
    return sv, expected, unit


@register("tree_shap", "TreeSHAP", kind="model", signed=True, modalities=("tabular",), needs=("trees",))
def tree_shap(adapter, x, target=None, feature_perturbation="tree_path_dependent", check_additivity=True):
    prep = prepare(adapter, x, target, None)
    sv, expected, unit = shap_values(adapter, prep.x[None, :], feature_perturbation, check_additivity)
    scores = sv[0].T[prep.targets]  # [T, F]
    params = {"output": unit, "feature_perturbation": feature_perturbation, "check_additivity": check_additivity}
    base = expected[prep.targets]
    diag = {"expected_value": base.tolist(), "model_output": (base + scores.sum(axis=1)).tolist()}
    return finish(prep, scores, "tree_shap", params, diag, base_values=base)


@register("tree_shap", "TreeSHAP", kind="model", signed=True, modalities=("tabular",), needs=("trees",),
          scope="global")
def tree_shap_global(adapter, X, y=None, target=None, feature_perturbation="tree_path_dependent",
                     check_additivity=True):
    """TreeSHAP of every row: the beeswarm's values and mean |SHAP| per feature (for a multiclass model with
    ``target=None``, averaged over the classes, as shap's bar summary does)."""
    rows = to_matrix(X, "X", adapter.feature_names)
    sv, expected, unit = shap_values(adapter, rows, feature_perturbation, check_additivity)
    t = adapter.global_target(target)
    values = sv[:, :, t]
    if target is None and sv.shape[2] > 2:
        importances = np.abs(sv).mean(axis=0).mean(axis=1)
        label = "mean |SHAP value| (averaged over the classes)"
    else:
        importances = np.abs(values).mean(axis=0)
        label = f"mean |SHAP value| ({unit} of {adapter.labels[t]})"
    return GlobalExplanation(
        method="tree_shap", method_label="TreeSHAP", feature_names=adapter.feature_names, importances=importances,
        importance_label=label, values=values, data=rows, signed=True, target=adapter.labels[t],
        labels=list(adapter.labels), base_value=float(expected[t]),
        params={"output": unit, "feature_perturbation": feature_perturbation, "check_additivity": check_additivity},
        diagnostics={"n_rows": int(len(rows)), "expected_value": expected.tolist()}, model_name=adapter.name)
