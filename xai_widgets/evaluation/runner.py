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

import hashlib
import json
import os
import time
from typing import Any, Dict, List, Optional, Sequence

import numpy as np

from .._files import atomic_write
from .._rng import check_seed
from .._json import jsonable
from .._version import __version__
from ..errors import CapabilityError
from ..methods.checks import check_positive_int
from ..methods.registry import CORE_METHODS, available_methods, get_method, resolved_params, run_method
from ..models import resolve_model
from ..progress import progress
from .checks import sanity_record, seeded, stability_record
from .faithfulness import RANKINGS, FaithfulnessPlan, default_replacement, run_plans
from .metric import available_metrics, get_metric
from .plausibility import plausibility
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
    out = list(texts)
    bad = [(i, t) for i, t in enumerate(out) if not isinstance(t, str)]
    if bad:
        i, t = bad[0]
        raise TypeError(f"texts[{i}] is {type(t).__name__} {t!r}, not a string ({len(bad)} of {len(out)} entries are "
                        "not strings); texts must be a list of strings (or a DataFrame with a 'text' column)")
    if not out:
        raise ValueError("texts is empty")
    return out


def _inputs(adapter, texts, X, n, seed):
    """(inputs to explain, a short description of each for the tables)."""
    if adapter.modality == "tabular":
        if texts is not None:
            raise TypeError("a tabular model is evaluated on rows: pass X=..., not texts")
        if X is None:
            raise ValueError("pass X=rows (an array or DataFrame) to evaluate a tabular model")
        from ..models.tabular import to_matrix

        rows = to_matrix(X, "X", adapter.feature_names)
        if not len(rows):
            raise ValueError("X has no rows")
        return list(rows), [f"row {i}" for i in range(len(rows))]
    if adapter.modality == "image":
        if texts is not None:
            raise TypeError("an image model is evaluated on images: pass X=[images], not texts")
        if X is None:
            raise ValueError("pass X=[images] (PIL images, HxWx3 uint8 arrays or paths) to evaluate an image model")
        from ..models.image import load_image

        images = [load_image(x) for x in (X if isinstance(X, (list, tuple)) else [X])]
        if not images:
            raise ValueError("X holds no images")
        return images, [f"image {i}" for i in range(len(images))]
    if X is not None:
        raise TypeError("X= is for tabular models; a text model is evaluated on texts")
    texts = _texts(texts, n, seed)
    return texts, texts


def _key(payload: Dict[str, Any]) -> str:
    return hashlib.sha1(json.dumps(payload, sort_keys=True, default=str).encode("utf-8")).hexdigest()[:20]


def _input_key(x) -> str:
    if isinstance(x, str):
        return x
    return "row:" + hashlib.sha1(np.asarray(x, dtype=np.float64).tobytes()).hexdigest()


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
             show_progress: Optional[bool] = None) -> EvaluationResult:
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
    Returns an ``EvaluationResult``.
    """
    adapter = resolve_model(model)
    seed = check_seed(seed)
    n = check_positive_int("n", n)  # the number of held-out sentences
    if n != DEFAULT_N and (texts is not None or X is not None):
        raise TypeError(f"n={n!r} applies only when texts is None (it is the number of held-out sentences to "
                        "sample); with texts= or X= every input given is evaluated")
    if ranking not in RANKINGS:
        raise ValueError(f"ranking must be one of {list(RANKINGS)}, got {ranking!r}")
    if curve_points is not None:  # None: one point per token
        check_positive_int("curve_points", curve_points, minimum=2)
    inputs, texts = _inputs(adapter, texts, X, n, seed)
    default_replacement(adapter, replacement)  # an unknown replacement fails now, not after the explanations
    if methods is None:
        names = list(CORE_METHODS) if adapter.modality == "text" else available_methods(adapter, scope="local")
    else:
        if isinstance(methods, str):
            raise TypeError("methods must be a list of method names, not one string")
        names = [get_method(m).name for m in methods]
        if not names:
            raise ValueError("methods is empty; pass method names, or None for the defaults")
    if len(set(names)) != len(names):
        raise ValueError(f"methods has duplicates: {names}")
    for name in names:
        get_method(name).implementation(adapter)  # one clear error before any work
    if rationales is not None and len(rationales) != len(inputs):
        raise ValueError(f"rationales has {len(rationales)} entries for {len(inputs)} inputs")
    if metrics is None:  # every registered per-explanation metric whose needs are met, in registration order
        have = {"model", "attribution"} | ({"rationale"} if rationales is not None else set())
        metric_objs = [get_metric(m) for m in available_metrics(scope="explanation") if set(get_metric(m).needs) <= have]
    else:
        if isinstance(metrics, str):
            raise TypeError("metrics must be a list of metric names, not one string")
        metric_objs = [get_metric(m) for m in metrics]
        if not metric_objs:
            raise ValueError("metrics is empty; pass metric names, or None for every metric that applies")
    metric_names = [m.name for m in metric_objs]
    bad = [m.name for m in metric_objs if m.scope != "explanation"]
    if bad:
        raise ValueError(f"evaluate() scores each explanation with the metrics that apply to one explanation; {bad} "
                         "compare several (agreement) or re-run the method (stability, sanity): use "
                         "evaluate(sanity_examples=..., stability_examples=...), agreement(), stability() or "
                         "cascading_randomization()")
    plaus = [m.name for m in metric_objs if "rationale" in m.needs]
    if plaus and rationales is None:
        raise ValueError(f"{plaus} need human rationales: pass rationales=[mask per text]")
    faith = [m.name for m in metric_objs if "model" in m.needs]
    for arg, value, low in (("batch_examples", batch_examples, 1), ("sanity_examples", sanity_examples, 0),
                            ("stability_examples", stability_examples, 0)):
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise ValueError(f"{arg} must be an int >= {low}, got {value!r}")
    if sanity_examples and not adapter.has("parameters"):
        raise CapabilityError(f"sanity_examples: cascading randomization re-initialises the model's parameters, and "
                              f"{adapter.name} has none to re-initialise ({adapter.missing('parameters')}); pass "
                              "sanity_examples=0")
    seeds = [check_seed(x, "each of stability_seeds") for x in stability_seeds]
    if stability_examples and len(set(seeds)) < 2:
        raise ValueError(f"stability_seeds needs at least two different seeds, got {list(stability_seeds)!r}")
    per = {get_method(k).name: dict(v) for k, v in (method_params or {}).items()}
    extra = sorted(set(per) - set(names))
    if extra:
        raise ValueError(f"method_params names {extra}, which are not among the methods evaluated {names}")
    resolved = {name: resolved_params(name, adapter, per.get(name, {})) for name in names}  # the cache keys'
    model_key = {"fingerprint": adapter.fingerprint() if cache is not None else adapter.name,
                 "version": __version__}
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
            key = _key({"model": model_key, "method": name, "params": resolved[name], "input": _input_key(x),
                        "target": target, "replacement": replacement, "ranking": ranking,
                        "curve_points": curve_points, "metrics": sorted(metric_names),
                        "rationale": None if rationales is None else rationales[i]})
            path = os.path.join(cache, f"{name}-{key}.json") if cache else None
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
    checks = _run_checks(adapter, inputs, names, per, resolved, target, cache, sanity_examples, stability_examples,
                         seeds, show_progress, model_key)
    for r in records:
        r["values"] = {k: (np.nan if v is None else v) for k, v in r["values"].items()}
    settings = {"replacement": replacement, "ranking": ranking, "curve_points": curve_points, "target": target,
                "method_params": per, "n": len(texts), "seed": seed, "modality": adapter.modality,
                "output": adapter.default_output}  # the unit the curves and metrics are in
    return EvaluationResult(records, metric_objs, names, texts, adapter.name, settings, checks=checks)


def _run_checks(adapter, inputs, names, per, resolved, target, cache, sanity_examples, stability_examples, seeds,
                show_progress, model_key) -> List[Dict[str, Any]]:
    """The sanity and stability records (see ``checks.py``) for the first examples, from the cache when there."""
    jobs = [("sanity", i, m) for i in range(min(sanity_examples, len(inputs))) for m in names]
    jobs += [("stability", i, m) for i in range(min(stability_examples, len(inputs))) for m in names if seeded(m)]
    out = []
    for check, i, name in progress(jobs, total=len(jobs), desc="sanity and stability checks",
                                   show=show_progress if jobs else False):
        params = per.get(name, {})
        key = _key({"model": model_key, "method": name, "params": resolved[name], "input": _input_key(inputs[i]),
                    "target": target, "check": check, "seeds": seeds if check == "stability" else None})
        path = os.path.join(cache, f"{check}-{name}-{key}.json") if cache else None
        record = _read(path, name, check) if path else None
        if record is None:
            t0 = time.perf_counter()
            record = (sanity_record(adapter, name, inputs[i], target, params) if check == "sanity"
                      else stability_record(adapter, name, inputs[i], target, params, seeds))
            record["seconds"] = time.perf_counter() - t0
            if path:
                _write(path, record)
        out.append({**record, "example": i})
    return out


__all__ = ["evaluate", "default_texts"]
