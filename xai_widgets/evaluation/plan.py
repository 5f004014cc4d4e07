"""``evaluate``'s arguments checked and resolved into a plan, before anything is computed: the inputs (held-out
sentences, rows or images), the methods with their resolved parameters, the metrics, the checks, and the cache file
of every (method, input) record. ``runner.py`` runs a plan; ``estimate.py`` prices one.
"""
from __future__ import annotations

import hashlib
import json
import os
from types import SimpleNamespace
from typing import Any, Dict, List, Optional, Sequence

import numpy as np

from .._rng import check_seed
from .._version import __version__
from ..errors import CapabilityError
from ..methods.checks import check_positive_int
from ..methods.registry import CORE_METHODS, available_methods, get_method, resolved_params
from ..models import resolve_model
from .checks import seeded
from .faithfulness import RANKINGS, default_replacement
from .metric import available_metrics, get_metric

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


def plan_evaluation(model=None, texts=None, methods: Optional[Sequence[str]] = None,
                    metrics: Optional[Sequence[str]] = None, *, X=None, n: int = DEFAULT_N, seed: int = 0,
                    rationales: Optional[Sequence] = None, method_params: Optional[Dict[str, dict]] = None,
                    target=None, replacement: Optional[str] = None, ranking: str = "signed",
                    curve_points: Optional[int] = 11, cache: Optional[str] = None, batch_examples: int = 8,
                    sanity_examples: int = 0, stability_examples: int = 0,
                    stability_seeds: Sequence[int] = (0, 1, 2, 3, 4)) -> SimpleNamespace:
    """``evaluate``'s arguments checked and resolved (model, inputs, methods and their parameters, metrics), with
    nothing computed yet: what ``run_plan`` runs and ``estimate.py`` prices."""
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
    return SimpleNamespace(
        adapter=adapter, inputs=inputs, texts=texts, names=names, per=per, resolved=resolved,
        metric_objs=metric_objs, metric_names=metric_names, faith=faith, plaus=plaus, rationales=rationales,
        replacement=replacement, ranking=ranking, curve_points=curve_points, target=target, cache=cache,
        batch_examples=batch_examples, sanity_examples=sanity_examples, stability_examples=stability_examples,
        seeds=seeds, seed=seed, model_key=model_key)


def record_path(plan: SimpleNamespace, name: str, i: int) -> Optional[str]:
    """The cache file of method ``name`` on input ``i`` (None without a cache folder)."""
    if not plan.cache:
        return None
    key = _key({"model": plan.model_key, "method": name, "params": plan.resolved[name],
                "input": _input_key(plan.inputs[i]), "target": plan.target, "replacement": plan.replacement,
                "ranking": plan.ranking, "curve_points": plan.curve_points, "metrics": sorted(plan.metric_names),
                "rationale": None if plan.rationales is None else plan.rationales[i]})
    return os.path.join(plan.cache, f"{name}-{key}.json")


def check_path(plan: SimpleNamespace, check: str, name: str, i: int) -> Optional[str]:
    """The cache file of a sanity or stability record (None without a cache folder)."""
    if not plan.cache:
        return None
    key = _key({"model": plan.model_key, "method": name, "params": plan.resolved[name],
                "input": _input_key(plan.inputs[i]), "target": plan.target, "check": check,
                "seeds": plan.seeds if check == "stability" else None})
    return os.path.join(plan.cache, f"{check}-{name}-{key}.json")


def check_jobs(plan: SimpleNamespace) -> List[tuple]:
    """(check, input index, method) of every sanity and stability record the plan asks for."""
    n = len(plan.inputs)
    jobs = [("sanity", i, m) for i in range(min(plan.sanity_examples, n)) for m in plan.names]
    jobs += [("stability", i, m) for i in range(min(plan.stability_examples, n)) for m in plan.names if seeded(m)]
    return jobs


__all__ = ["plan_evaluation", "record_path", "check_path", "check_jobs", "default_texts", "DEFAULT_N"]
