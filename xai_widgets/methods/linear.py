"""Contributions of a linear model (article 000's formula): C_i = w_i (x_i - mean_i), with w the coefficients of the
model's linear score (the prediction of a linear regression, the log-odds of a logistic regression; scalers in a
Pipeline folded into w) and mean the background data's mean. They add up exactly:
sum_i C_i = score(x) - score(mean). The local method ``linear``; the global ``linear_weights`` (|w_i| on
standardised features, article 001's weight analysis) lives in ``global_importance.py``."""
from __future__ import annotations

import numpy as np

from .base import finish, prepare
from .registry import register


def score_rows(adapter, W: np.ndarray, b: np.ndarray):
    """For each class (or output), the row of W and b whose linear score it is, and the unit."""
    n = len(adapter.labels)
    logistic = "Logistic" in type(getattr(adapter.model, "steps", [[None, adapter.model]])[-1][1]).__name__
    if adapter.task == "classification" and len(W) == 1 and n == 2:  # binary: one score, for class 1
        # a logistic regression's score is the log-odds; another linear classifier's (an SVM's) is a margin
        return np.concatenate([-W, W]), np.concatenate([-b, b]), "log_odds" if logistic else "decision"
    if len(W) != n:
        raise ValueError(f"the model has {len(W)} coefficient rows for {n} outputs")
    if adapter.task == "classification":
        return W, b, "logit" if logistic else "decision"
    return W, b, "prediction"


@register("linear", "Linear contributions", kind="model", signed=True, modalities=("tabular",), needs=("linear",))
def linear(adapter, x, target=None):
    prep = prepare(adapter, x, target, None)
    W, b, unit = score_rows(adapter, *adapter.linear_weights())
    mean = adapter.data.mean(axis=0)
    Wt = W[prep.targets]
    scores = Wt * (prep.x - mean)[None, :]
    base = Wt @ mean + b[prep.targets]
    score = Wt @ prep.x + b[prep.targets]
    diag = {"score": score.tolist(), "score_at_mean": base.tolist(), "model_output": score.tolist()}
    return finish(prep, scores, "linear", {"output": unit}, diag, base_values=base)
