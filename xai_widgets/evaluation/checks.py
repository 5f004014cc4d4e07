"""The checks ``evaluate`` can run beside the faithfulness metrics, on the first few examples of a dataset run:

- sanity: ``cascading_randomization`` of every method (does the explanation change once the model is random?);
- stability: every seeded method (LIME, SHAP, SmoothGrad, GradientSHAP) re-run with several seeds
  (``stability_of``: Kendall tau and top-k overlap between the runs, score spread).

Both return plain JSON records (kept in the ``evaluate`` cache like the explanations); ``summarize_sanity`` and
``summarize_stability`` turn them into the per-method tables of ``EvaluationResult`` and the report.
"""
from __future__ import annotations

from typing import Any, Dict, List, Sequence

import numpy as np

from .._json import jsonable
from ..methods.registry import get_method
from ..results import Attribution
from .agreement import AGREEMENT_METRICS, agreement
from .sanity import cascading_randomization
from .stability import STABILITY_METRICS, stability


def seeded(method: str) -> bool:
    """Whether a registered method draws random samples (has a ``seed`` parameter)."""
    return get_method(method).seeded


def sanity_record(adapter, method: str, text: str, target, params: Dict[str, Any], seed: int = 0) -> Dict[str, Any]:
    res = cascading_randomization(adapter, text, method, target=target, seed=seed, **params)
    return {"check": "sanity", "method": res.method, "steps": list(res.steps),
            "spearman": jsonable(res.spearman), "spearman_abs": jsonable(res.spearman_abs),
            "threshold": res.threshold, "passed": bool(res.passed)}


def stability_record(adapter, method: str, text: str, target, params: Dict[str, Any],
                     seeds: Sequence[int]) -> Dict[str, Any]:
    params = {k: v for k, v in params.items() if k != "seed"}
    res = stability(adapter, text, method, seeds=seeds, target=target, **params)
    return {"check": "stability", "method": res.method, "seeds": [int(s) for s in seeds],
            "values": jsonable(res.values)}


def summarize_sanity(records: Sequence[Dict[str, Any]], methods: Sequence[str]):
    """Per method: the mean Spearman rho(|a|, |a_random|) after each randomization step, how many examples were
    flagged, and over how many. A DataFrame indexed by method (columns: the steps, then flagged, n)."""
    import pandas as pd

    rows, steps = [], []
    for m in methods:
        recs = [r for r in records if r["method"] == m]
        if not recs:
            continue
        names = recs[0]["steps"]
        steps = steps or names
        mat = np.array([[np.nan if v is None else v for v in r["spearman_abs"]] for r in recs], dtype=float)
        means = [float(np.nanmean(col)) if np.isfinite(col).any() else np.nan for col in mat.T]
        rows.append({"method": m, **dict(zip(names, means)),
                     "flagged": sum(not r["passed"] for r in recs), "n": len(recs)})
    cols = ["method"] + list(steps) + ["flagged", "n"]
    return pd.DataFrame(rows, columns=cols).set_index("method")


def summarize_stability(records: Sequence[Dict[str, Any]], methods: Sequence[str]):
    """Per seeded method: the mean of each stability metric over the examples, and how many examples."""
    import pandas as pd

    rows = []
    for m in methods:
        recs = [r for r in records if r["method"] == m]
        if recs:
            vals = {k: float(np.nanmean([np.nan if r["values"].get(k) is None else r["values"][k] for r in recs]))
                    for k in STABILITY_METRICS}
            rows.append({"method": m, **vals, "n": len(recs)})
    return pd.DataFrame(rows, columns=["method"] + STABILITY_METRICS + ["n"]).set_index("method")


def mean_agreement(records: Sequence[Dict[str, Any]], methods: Sequence[str], metric: str = "kendall_tau",
                   k: int = 5, ranking: str = "absolute"):
    """Methods x methods mean (over the examples) of the pairwise ``agreement`` of their attributions."""
    import pandas as pd

    if metric not in AGREEMENT_METRICS:
        raise ValueError(f"unknown agreement metric {metric!r}; accepted: {AGREEMENT_METRICS}")
    by_example: Dict[int, Dict[str, Any]] = {}
    for r in records:
        by_example.setdefault(r["example"], {})[r["method"]] = r["attribution"]
    sums = np.zeros((len(methods), len(methods)))
    counts = np.zeros_like(sums)
    for attrs in by_example.values():
        objs = {m: Attribution.from_json(a) for m, a in attrs.items()}
        for i, a in enumerate(methods):
            for j, b in enumerate(methods):
                if j <= i or a not in objs or b not in objs:
                    continue
                v = agreement(objs[a], objs[b], k, ranking, target=objs[a].targets[0])[metric]
                if np.isfinite(v):
                    sums[i, j] += v
                    counts[i, j] += 1
    with np.errstate(invalid="ignore"):
        mat = sums / counts
    mat = np.where(np.isnan(mat), mat.T, mat)  # symmetric
    np.fill_diagonal(mat, 1.0)
    return pd.DataFrame(mat, index=list(methods), columns=list(methods))


__all__ = ["seeded", "sanity_record", "stability_record", "summarize_sanity", "summarize_stability",
           "mean_agreement"]
