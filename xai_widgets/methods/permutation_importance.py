"""Permutation importance (Breiman, 2001; article 001's formula importance_i = performance_original -
performance_permuted): ``sklearn.inspection.permutation_importance`` on the rows X with their targets y, each
feature shuffled ``n_repeats`` times (``seed`` is its ``random_state``). ``scoring``: any sklearn scorer name
(default: the estimator's own ``score``, accuracy or R^2; for a torch module, accuracy or R^2)."""
from __future__ import annotations

import numpy as np

from ..models.tabular import to_matrix
from ..results import GlobalExplanation
from .._rng import check_seed
from .base import check_positive_int
from .registry import register


def torch_estimator(adapter):
    """An sklearn estimator around a torch module (fitted; predict / predict_proba through the adapter)."""
    from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin

    if adapter.task == "classification":
        class TorchClassifier(ClassifierMixin, BaseEstimator):
            def fit(self, X, y=None):
                return self

            def predict_proba(self, X):
                return adapter.predict_rows(np.asarray(X, dtype=np.float64))

            def predict(self, X):
                return self.classes_[self.predict_proba(X).argmax(axis=1)]

        est = TorchClassifier()
        est.classes_ = np.arange(len(adapter.labels))
        return est

    class TorchRegressor(RegressorMixin, BaseEstimator):
        def fit(self, X, y=None):
            return self

        def predict(self, X):
            return adapter.predict_rows(np.asarray(X, dtype=np.float64))[:, 0]

    est = TorchRegressor()
    est.n_features_in_ = len(adapter.feature_names)
    return est


@register("permutation_importance", "Permutation importance", kind="model", signed=True, modalities=("tabular",),
          needs=("mask",), scope="global")
def permutation_importance(adapter, X, y=None, target=None, n_repeats=5, scoring=None, seed=0):
    from sklearn.inspection import permutation_importance as sk_permutation_importance

    if target is not None:
        raise ValueError("permutation importance scores the whole model (its performance on y); it takes no target")
    if y is None:
        raise ValueError("permutation importance needs the true targets: explain_global(model, X, y, ...)")
    n_repeats = check_positive_int("n_repeats", n_repeats)
    seed = check_seed(seed)
    if scoring is not None and not isinstance(scoring, str) and not callable(scoring):
        raise TypeError(f"scoring must be None (the model's own score), an sklearn scorer name or a callable, got "
                        f"{type(scoring).__name__}")
    rows = to_matrix(X, "X", adapter.feature_names)
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"y must be 1-D (one target per row), got shape {y.shape}")
    if len(y) != len(rows):
        raise ValueError(f"y has {len(y)} entries for {len(rows)} rows of X")
    est = torch_estimator(adapter) if adapter.is_torch else adapter.model
    if isinstance(scoring, str):
        from sklearn.metrics import get_scorer_names

        if scoring not in get_scorer_names():
            raise ValueError(f"unknown scoring {scoring!r}; accepted: sklearn's scorer names, e.g. 'r2', "
                             "'neg_mean_squared_error', 'accuracy', 'roc_auc' (sklearn.metrics.get_scorer_names())")
    res = sk_permutation_importance(est, adapter.frame(rows), y, scoring=scoring, n_repeats=n_repeats,
                                    random_state=seed)
    base = est.score(adapter.frame(rows), y) if scoring is None else None
    return GlobalExplanation(
        method="permutation_importance", method_label="Permutation importance",
        feature_names=adapter.feature_names, importances=res.importances_mean, importances_std=res.importances_std,
        importance_label=f"drop in {scoring or 'score'} when the feature is shuffled", signed=True,
        labels=list(adapter.labels), params={"n_repeats": n_repeats, "scoring": scoring, "seed": seed},
        diagnostics={"importances": res.importances.tolist(), "baseline_score": base, "n_rows": int(len(rows))},
        model_name=adapter.name)
