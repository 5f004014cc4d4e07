"""What a fitted model says about its features by itself (article 001, 3.2.1 weight analysis):

- ``impurity_importance``: the trees' mean decrease in impurity (``feature_importances_``), with its spread over
  the trees of an ensemble;
- ``linear_weights``: |w_i| on standardised features, i.e. |w_i| * std(x_i), for a linear model (Pipelines with
  scalers folded in); averaged over the classes of a multiclass model.

Both read the model only; the data (``X``, default the background) gives the standard deviations."""
from __future__ import annotations

import numpy as np

from ..models.tabular import steps_of, to_matrix
from ..results import GlobalExplanation
from .registry import register


@register("impurity_importance", "Impurity importance", kind="model", signed=False, modalities=("tabular",),
          needs=("impurity",), scope="global")
def impurity_importance(adapter, X=None, y=None, target=None):
    est = steps_of(adapter.model)[-1]
    imp = np.asarray(est.feature_importances_, dtype=np.float64)
    trees = getattr(est, "estimators_", None)
    std = None
    if trees is not None:
        flat = np.ravel(np.asarray(trees, dtype=object))
        per = [t.feature_importances_ for t in flat if hasattr(t, "feature_importances_")]
        if len(per) > 1:
            std = np.std(np.stack(per), axis=0)
    return GlobalExplanation(
        method="impurity_importance", method_label="Impurity importance", feature_names=adapter.feature_names,
        importances=imp, importances_std=std, importance_label="mean decrease in impurity (sums to 1)",
        signed=False, labels=list(adapter.labels), model_name=adapter.name,
        diagnostics={"n_trees": None if trees is None else int(np.size(trees))})


@register("linear_weights", "Linear weights", kind="model", signed=False, modalities=("tabular",),
          needs=("linear",), scope="global")
def linear_weights(adapter, X=None, y=None, target=None):
    W, _ = adapter.linear_weights()
    rows = adapter.data if X is None else to_matrix(X, "X", adapter.feature_names)
    std = rows.std(axis=0)
    if target is not None:
        from .linear import score_rows

        Ws, _, _ = score_rows(adapter, W, np.zeros(len(W)))
        k = adapter.global_target(target)
        per = np.abs(Ws[k]) * std
        label = f"|w| x std of the score of {adapter.labels[k]}"
    else:
        per = (np.abs(W) * std[None, :]).mean(axis=0)
        label = "|w| on standardised features" + (" (mean over the classes)" if len(W) > 1 else "")
    return GlobalExplanation(
        method="linear_weights", method_label="Linear weights", feature_names=adapter.feature_names,
        importances=per, importance_label=label, signed=False, labels=list(adapter.labels),
        diagnostics={"weights": W.tolist(), "std": std.tolist()}, model_name=adapter.name)
