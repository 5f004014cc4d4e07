"""``evaluate(model, texts, methods, metrics)`` / ``evaluate(model=tabular, X=rows, ...)``: explain many inputs with
several methods and score every explanation, as a tidy table.

The metrics are dispatched on what they declare (``metric.py``): those that need the model are scored through
faithfulness plans over the adapter's masks, those that need a rationale against the given rationales; metrics of
another scope (agreement, stability, sanity) run as the checks. Batched: all perturbed inputs of several examples
(every method, every metric) go to the adapter's ``predict_items`` in one call. Resumable: with
``cache="some/dir"`` each finished (method, example) pair is written there as one JSON file, keyed by a
fingerprint of the model's weights and tokenizer or feature layout, the library version, the method and its
resolved parameters, the input and the metric settings; it is not recomputed on the next run.
"""
from __future__ import annotations

import json
import os
import time
from types import SimpleNamespace
from typing import Any, Dict, List, Optional, Sequence

import numpy as np

from .._files import atomic_write
from .._json import jsonable
from ..methods.registry import run_method
from ..progress import check_show, progress
from ..progress import enabled as progress_enabled
from .checks import sanity_record, stability_record
from .estimate import announce
from .faithfulness import FaithfulnessPlan, run_plans
from .plan import DEFAULT_N, check_jobs, check_path, default_texts, plan_evaluation, record_path
from .plausibility import plausibility
from .result import EvaluationResult

_NUMBER = (int, float)


def _valid_explanation(d: Dict[str, Any], method: str) -> bool:
    """A cached (method, example) record holds everything ``evaluate`` and ``EvaluationResult`` read from it."""
    attr = d.get("attribution")
    return (d.get("method") == method and isinstance(d.get("text"), str)
            and isinstance(d.get("seconds"), _NUMBER) and isinstance(d.get("values"), dict)
            and all(isinstance(k, str) and (v is None or isinstance(v, _NUMBER)) for k, v in d["values"].items())
            and isinstance(d.get("curves"), dict)
            and all(isinstance(c, list) and len(c) == 2 and all(isinstance(xy, list) for xy in c)
                    for c in d["curves"].values())
            and isinstance(attr, dict) and isinstance(attr.get("text"), str) and isinstance(attr.get("method"), str)
            and all(isinstance(attr.get(k), list) for k in ("tokens", "scores", "targets", "labels", "probabilities")))


def _valid_check(d: Dict[str, Any], check: str, method: str) -> bool:
    """A cached sanity or stability record holds what ``summarize_sanity`` / ``summarize_stability`` read."""
    if d.get("check") != check or d.get("method") != method or not isinstance(d.get("seconds"), _NUMBER):
        return False
    if check == "sanity":
        return (isinstance(d.get("steps"), list) and isinstance(d.get("spearman_abs"), list)
                and len(d["steps"]) == len(d["spearman_abs"])
                and all(v is None or isinstance(v, _NUMBER) for v in d["spearman_abs"])
                and isinstance(d.get("passed"), bool))
    return isinstance(d.get("values"), dict) and isinstance(d.get("seeds"), list)


def _read(path: str, method: str, check: Optional[str] = None) -> Optional[Dict[str, Any]]:
    """The cached record at ``path``, or None (a miss, to recompute) when the file is absent, unreadable, not
    UTF-8, not JSON, or not a record of ``method`` (and ``check``) with every key the runner reads. Never raises
    for what a file holds."""
    try:
        with open(path, "rb") as fh:
            data = json.loads(fh.read().decode("utf-8"))
    except (OSError, ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return None
    if not isinstance(data, dict):
        return None
    ok = _valid_explanation(data, method) if check is None else _valid_check(data, check, method)
    return data if ok else None


def _write(path: str, record: Dict[str, Any]) -> None:
    """Write ``record`` to ``path`` atomically (``_files.atomic_write``): a concurrent reader sees the old file,
    no file or the whole new one, and concurrent writers of the same key never mix their bytes."""
    atomic_write(path, json.dumps(record))


def evaluate(model=None, texts=None, methods: Optional[Sequence[str]] = None,
             metrics: Optional[Sequence[str]] = None, *, X=None, n: int = DEFAULT_N, seed: int = 0,
             rationales: Optional[Sequence] = None, method_params: Optional[Dict[str, dict]] = None, target=None,
             replacement: Optional[str] = None, ranking: str = "signed", curve_points: Optional[int] = 11,
             cache: Optional[str] = None, batch_examples: int = 8, sanity_examples: int = 0,
             stability_examples: int = 0, stability_seeds: Sequence[int] = (0, 1, 2, 3, 4),
             show_progress: Optional[bool] = None, estimate: Optional[bool] = None) -> EvaluationResult:
    """Explain ``texts`` with every method and score each explanation.

    ``model``: an adapter, a model id, a (model, tokenizer) pair or None (the embedded default).
    ``texts``: strings (or a DataFrame with a ``text`` column); None -> ``n`` held-out Rotten Tomatoes sentences
    (fixed seeded sample, ``seed``). ``X``: the rows to explain, for a tabular model; the images, for an image model
    (features are the cells of the adapter's grid, hidden by its replacement image: blurred by default). ``methods``: method names
    (default: the eight core methods for text; every local method that works with a tabular model).
    ``metrics``: faithfulness metric names (default all) and, with ``rationales`` (one 0/1 token mask or None per
    text), plausibility metrics. ``method_params={"lime": {"num_samples": 500}}`` goes to one method.
    ``replacement``/``ranking``/``curve_points``: see ``faithfulness`` (text: tokens removed; rows: features from the
    background; the curves default to 11 points, 0..100 %
    of the tokens, which reuse the AOPC inputs; ``curve_points=None`` gives one point per token). ``cache``: a folder; finished
    (method, example) pairs found there are reused. ``batch_examples``: the perturbed inputs of this many examples
    are scored together (fewer, fuller forward batches; a crash loses at most this many unsaved examples).
    ``sanity_examples=k``: also run the cascading randomization sanity check of every method on the first k
    examples; ``stability_examples=k``: re-run every seeded method (LIME, SHAP, SmoothGrad, GradientSHAP) with
    ``stability_seeds`` on the first k examples (both cached like the explanations; see ``checks.py``).
    ``estimate``: print an estimate of the running time before starting (``estimate.py``: the model calls each
    method and metric needs, timed on this machine); None prints it when the progress bar is on and the run looks
    longer than a few seconds (the default ``evaluate()`` on 100 texts does), True always, False never.
    ``estimate_evaluation(...)`` with the same arguments returns it without running anything.
    Returns an ``EvaluationResult``.
    """
    plan = plan_evaluation(model, texts, methods, metrics, X=X, n=n, seed=seed, rationales=rationales,
                           method_params=method_params, target=target, replacement=replacement, ranking=ranking,
                           curve_points=curve_points, cache=cache, batch_examples=batch_examples,
                           sanity_examples=sanity_examples, stability_examples=stability_examples,
                           stability_seeds=stability_seeds)
    check_show(show_progress)
    if estimate not in (None, True, False):
        raise TypeError(f"estimate must be True, False or None (print it for long runs); got {estimate!r}")
    if estimate is not False and (estimate or (show_progress is not False and progress_enabled())):
        announce(plan, always=bool(estimate))
    return run_plan(plan, show_progress)


def run_plan(plan: SimpleNamespace, show_progress: Optional[bool] = None) -> EvaluationResult:
    """Explain and score everything ``plan`` asks for (see ``evaluate``)."""
    adapter, inputs, texts, names, per = plan.adapter, plan.inputs, plan.texts, plan.names, plan.per
    metric_objs, faith, plaus, rationales = plan.metric_objs, plan.faith, plan.plaus, plan.rationales
    replacement, ranking, curve_points, target = plan.replacement, plan.ranking, plan.curve_points, plan.target
    cache, batch_examples = plan.cache, plan.batch_examples
    if cache is not None:
        os.makedirs(cache, exist_ok=True)
    records: List[Dict[str, Any]] = []
    pending: List[tuple] = []  # (example, record, attribution, cache path) waiting for their metrics

    def score_pending() -> None:
        """All perturbed inputs of the pending explanations in one ``predict_items`` call (deduplicated and cut
        into batches over all of them), then the plausibility metrics and the cache files."""
        if not pending:
            return
        t0 = time.perf_counter()
        if faith:
            plans = [FaithfulnessPlan(adapter, attr, faith, replacement, ranking, None, curve_points)
                     for _, _, attr, _ in pending]
            for (_, record, _, _), res in zip(pending, run_plans(adapter, plans)):
                record["values"].update(res.values)
                record["curves"] = {k: [list(x), list(y)] for k, (x, y) in res.curves.items()}
                record["probability"] = res.probability
        if plaus:
            for i, record, attr, _ in pending:
                if rationales[i] is not None:
                    record["values"].update(plausibility(attr, rationales[i], plaus, ranking=ranking))
        share = (time.perf_counter() - t0) / len(pending)
        for _, record, _, path in pending:
            record["eval_seconds"] = share
            record["values"] = jsonable(record["values"])  # NaN -> None
            if path:
                _write(path, record)
        pending.clear()

    waiting = 0
    for i in progress(range(len(inputs)), total=len(inputs), desc="evaluating explanations", show=show_progress):
        x, text = inputs[i], texts[i]
        fresh = False
        for name in names:
            params = per.get(name, {})
            path = record_path(plan, name, i)
            cached = _read(path, name) if path else None
            if cached is not None:
                cached.update(example=i, cached=True)
                records.append(cached)
                continue
            t0 = time.perf_counter()
            attr = run_method(adapter, name, x, target, params)
            record = {"method": name, "example": i, "text": text, "seconds": time.perf_counter() - t0,
                      "values": {}, "curves": {}, "attribution": attr.to_json(), "cached": False}
            records.append(record)
            pending.append((i, record, attr, path))
            fresh = True
        waiting += fresh
        if waiting >= batch_examples:
            score_pending()
            waiting = 0
    score_pending()
    checks = _run_checks(plan, show_progress)
    for r in records:
        r["values"] = {k: (np.nan if v is None else v) for k, v in r["values"].items()}
    settings = {"replacement": replacement, "ranking": ranking, "curve_points": curve_points, "target": target,
                "method_params": per, "n": len(texts), "seed": plan.seed, "modality": adapter.modality,
                "output": adapter.default_output}  # the unit the curves and metrics are in
    return EvaluationResult(records, metric_objs, names, texts, adapter.name, settings, checks=checks)


def _run_checks(plan: SimpleNamespace, show_progress) -> List[Dict[str, Any]]:
    """The sanity and stability records (see ``checks.py``) for the first examples, from the cache when there."""
    jobs = check_jobs(plan)
    out = []
    for check, i, name in progress(jobs, total=len(jobs), desc="sanity and stability checks",
                                   show=show_progress if jobs else False):
        params = plan.per.get(name, {})
        path = check_path(plan, check, name, i)
        record = _read(path, name, check) if path else None
        if record is None:
            t0 = time.perf_counter()
            x = plan.inputs[i]
            record = (sanity_record(plan.adapter, name, x, plan.target, params) if check == "sanity"
                      else stability_record(plan.adapter, name, x, plan.target, params, plan.seeds))
            record["seconds"] = time.perf_counter() - t0
            if path:
                _write(path, record)
        out.append({**record, "example": i})
    return out


__all__ = ["evaluate", "plan_evaluation", "run_plan", "default_texts"]
