"""``evaluate(model, texts, methods, metrics)``: explain many texts with several methods and score every
explanation, as a tidy table.

Batched: all perturbed inputs of one example (every method, every metric) go to the adapter's ``predict_ids`` in
one call. Resumable: with ``cache="some/dir"`` each finished (method, example) pair is written there as one JSON
file (keyed by the model, method, parameters, text and metric settings) and is not recomputed on the next run.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from typing import Any, Dict, List, Optional, Sequence

import numpy as np

from .._json import jsonable
from ..progress import progress
from .faithfulness import FAITHFULNESS_METRICS, FaithfulnessPlan, run_plans
from .metric import get_metric
from .plausibility import PLAUSIBILITY_METRICS, plausibility
from .result import EvaluationResult

DEFAULT_N = 100


def default_texts(n: int = DEFAULT_N, seed: int = 0) -> List[str]:
    """The first ``n`` sentences of the held-out Rotten Tomatoes split in a fixed seeded order."""
    from ..data import rotten_tomatoes_split

    _, heldout = rotten_tomatoes_split()
    return heldout.sample(frac=1.0, random_state=seed)["text"].head(n).tolist()


def _texts(texts, n, seed) -> List[str]:
    if texts is None:
        return default_texts(n, seed)
    if hasattr(texts, "columns"):
        texts = texts["text"]
    if isinstance(texts, str):
        raise TypeError("texts must be a list of strings (or a DataFrame with a 'text' column), not one string")
    out = [str(t) for t in texts]
    if not out:
        raise ValueError("texts is empty")
    return out


def _key(payload: Dict[str, Any]) -> str:
    return hashlib.sha1(json.dumps(payload, sort_keys=True, default=str).encode("utf-8")).hexdigest()[:20]


def _resolved(method: str, params: Dict[str, Any]) -> Dict[str, Any]:
    """The method's parameters with its defaults filled in, so that a changed default is a new cache key."""
    import inspect

    from ..registry import get_method

    sig = inspect.signature(get_method(method).func)
    out = {k: p.default for k, p in list(sig.parameters.items())[2:]
           if k != "target" and p.default is not inspect.Parameter.empty
           and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}
    out.update(params)
    return out


def _read(path: str) -> Optional[Dict[str, Any]]:
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return None


def _write(path: str, record: Dict[str, Any]) -> None:
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(record, fh)
    os.replace(tmp, path)


def evaluate(model=None, texts=None, methods: Optional[Sequence[str]] = None,
             metrics: Optional[Sequence[str]] = None, *, n: int = DEFAULT_N, seed: int = 0,
             rationales: Optional[Sequence] = None, method_params: Optional[Dict[str, dict]] = None, target=None,
             replacement: str = "remove", ranking: str = "signed", curve_points: Optional[int] = 11,
             cache: Optional[str] = None, batch_examples: int = 8, sanity_examples: int = 0,
             stability_examples: int = 0, stability_seeds: Sequence[int] = (0, 1, 2, 3, 4),
             show_progress: Optional[bool] = None) -> EvaluationResult:
    """Explain ``texts`` with every method and score each explanation.

    ``model``: an adapter, a model id, a (model, tokenizer) pair or None (the embedded default).
    ``texts``: strings (or a DataFrame with a ``text`` column); None -> ``n`` held-out Rotten Tomatoes sentences
    (fixed seeded sample, ``seed``). ``methods``: method names (default: the eight core methods).
    ``metrics``: faithfulness metric names (default all) and, with ``rationales`` (one 0/1 token mask or None per
    text), plausibility metrics. ``method_params={"lime": {"num_samples": 500}}`` goes to one method.
    ``replacement``/``ranking``/``curve_points``: see ``faithfulness`` (the curves default to 11 points, 0..100 %
    of the tokens, which reuse the AOPC inputs; ``curve_points=None`` gives one point per token). ``cache``: a folder; finished
    (method, example) pairs found there are reused. ``batch_examples``: the perturbed inputs of this many examples
    are scored together (fewer, fuller forward batches; a crash loses at most this many unsaved examples).
    ``sanity_examples=k``: also run the cascading randomization sanity check of every method on the first k
    examples; ``stability_examples=k``: re-run every seeded method (LIME, SHAP, SmoothGrad, GradientSHAP) with
    ``stability_seeds`` on the first k examples (both cached like the explanations; see ``checks.py``).
    Returns an ``EvaluationResult``.
    """
    from ..api import _run, resolve_model
    from ..methods import CORE_METHODS
    from ..registry import get_method

    adapter = resolve_model(model)
    texts = _texts(texts, n, seed)
    names = [get_method(m).name for m in (methods or CORE_METHODS)]
    if len(set(names)) != len(names):
        raise ValueError(f"methods has duplicates: {names}")
    if rationales is not None and len(rationales) != len(texts):
        raise ValueError(f"rationales has {len(rationales)} entries for {len(texts)} texts")
    if metrics is None:
        metric_names = list(FAITHFULNESS_METRICS) + (list(PLAUSIBILITY_METRICS) if rationales is not None else [])
    else:
        metric_names = [get_metric(m).name for m in metrics]
    bad = [m for m in metric_names if m not in FAITHFULNESS_METRICS + PLAUSIBILITY_METRICS]
    if bad:
        raise ValueError(f"evaluate() computes faithfulness and plausibility metrics; {bad} are run with "
                         "stability(), agreement() or cascading_randomization()")
    plaus = [m for m in metric_names if m in PLAUSIBILITY_METRICS]
    if plaus and rationales is None:
        raise ValueError(f"{plaus} need human rationales: pass rationales=[mask per text]")
    faith = [m for m in metric_names if m in FAITHFULNESS_METRICS]
    for arg, value, low in (("batch_examples", batch_examples, 1), ("sanity_examples", sanity_examples, 0),
                            ("stability_examples", stability_examples, 0)):
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise ValueError(f"{arg} must be an int >= {low}, got {value!r}")
    seeds = [int(x) for x in stability_seeds]
    if stability_examples and len(set(seeds)) < 2:
        raise ValueError(f"stability_seeds needs at least two different seeds, got {list(stability_seeds)!r}")
    per = {get_method(k).name: dict(v) for k, v in (method_params or {}).items()}
    resolved = {name: _resolved(name, per.get(name, {})) for name in names}  # the cache keys' parameters
    if cache is not None:
        os.makedirs(cache, exist_ok=True)
    records: List[Dict[str, Any]] = []
    pending: List[tuple] = []  # (example, record, attribution, cache path) waiting for their metrics

    def score_pending() -> None:
        """All perturbed inputs of the pending explanations in one ``predict_ids`` call (deduplicated and cut
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
    for i in progress(range(len(texts)), total=len(texts), desc="evaluating explanations", show=show_progress):
        text = texts[i]
        fresh = False
        for name in names:
            params = per.get(name, {})
            key = _key({"model": adapter.name, "method": name, "params": resolved[name], "text": text,
                        "target": target, "replacement": replacement, "ranking": ranking,
                        "curve_points": curve_points, "metrics": sorted(metric_names),
                        "rationale": None if rationales is None else rationales[i]})
            path = os.path.join(cache, f"{name}-{key}.json") if cache else None
            cached = _read(path) if path else None
            if cached is not None:
                cached.update(example=i, cached=True)
                records.append(cached)
                continue
            t0 = time.perf_counter()
            attr = _run(adapter, name, text, target, params)
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
    checks = _run_checks(adapter, texts, names, per, resolved, target, cache, sanity_examples, stability_examples,
                         seeds, show_progress)
    for r in records:
        r["values"] = {k: (np.nan if v is None else v) for k, v in r["values"].items()}
    settings = {"replacement": replacement, "ranking": ranking, "curve_points": curve_points, "target": target,
                "method_params": per, "n": len(texts), "seed": seed}
    return EvaluationResult(records, [get_metric(m) for m in metric_names], names, texts, adapter.name, settings,
                            checks=checks)


def _run_checks(adapter, texts, names, per, resolved, target, cache, sanity_examples, stability_examples, seeds,
                show_progress) -> List[Dict[str, Any]]:
    """The sanity and stability records (see ``checks.py``) for the first examples, from the cache when there."""
    from .checks import sanity_record, seeded, stability_record

    jobs = [("sanity", i, m) for i in range(min(sanity_examples, len(texts))) for m in names]
    jobs += [("stability", i, m) for i in range(min(stability_examples, len(texts))) for m in names if seeded(m)]
    out = []
    for check, i, name in progress(jobs, total=len(jobs), desc="sanity and stability checks",
                                   show=show_progress if jobs else False):
        params = per.get(name, {})
        key = _key({"model": adapter.name, "method": name, "params": resolved[name], "text": texts[i],
                    "target": target, "check": check, "seeds": seeds if check == "stability" else None})
        path = os.path.join(cache, f"{check}-{name}-{key}.json") if cache else None
        record = _read(path) if path else None
        if record is None:
            t0 = time.perf_counter()
            record = (sanity_record(adapter, name, texts[i], target, params) if check == "sanity"
                      else stability_record(adapter, name, texts[i], target, params, seeds))
            record["seconds"] = time.perf_counter() - t0
            if path:
                _write(path, record)
        out.append({**record, "example": i})
    return out


__all__ = ["evaluate", "default_texts"]
