"""Adversarial examples: the smallest change found that flips a text classifier's prediction.

``attack(text, model=None, method="hotflip", max_changes=3, seed=0, **options)`` returns an
``AdversarialExample``; ``attack_dataset(texts, ...)`` an ``AttackSummary`` (success rate, mean words changed,
mean model calls per method). Methods (one module each):

- ``hotflip`` (``hotflip.py``): gradient-guided whole-word substitutions over the model's own embedding matrix,
  beam search, every candidate verified; options ``beam=4``, ``candidates=10`` (per beam text and step);
- ``synonym`` (``synonym.py``): PWWS-ordered synonym swaps from an offline thesaurus under a sentence-embedding
  similarity constraint; options ``thesaurus="auto"`` (WordNet if installed, else Roget; or a dict), ``n_synonyms=20``,
  ``min_similarity=0.8``;
- ``charswap`` (``charswap.py``): DeepWordBug-style character edits; option ``edits=8`` (variants per word).

Every method stops at the first text that flips the prediction, then undoes every change that is not needed, so
no strict subset of the reported changes flips the prediction; the adversarial text is verified by the model before it is returned. Only the
attacks' own generators are used (the global random state is untouched), and the model is not modified.
"""
from __future__ import annotations

import time
from typing import Sequence

import numpy as np

from .._rng import check_seed
from ..models import resolve_model
from ..results.adversarial import AdversarialExample, AttackSummary
from .charswap import charswap
from .hotflip import hotflip
from .synonym import final_similarity, synonym
from .victim import Victim
from ..progress import progress

ATTACK_METHODS = ("hotflip", "synonym", "charswap")
_OPTIONS = {"hotflip": {"beam": 4, "candidates": 10}, "synonym": {"thesaurus": "auto", "n_synonyms": 20,
                                                                   "min_similarity": 0.8},
            "charswap": {"edits": 8}}


def _positive_int(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive integer; got {value!r}")
    return int(value)


def _options(method: str, options: dict) -> dict:
    allowed = _OPTIONS[method]
    unknown = [k for k in options if k not in allowed]
    if unknown:
        other = [m for m, o in _OPTIONS.items() if unknown[0] in o]
        where = f" (it is an option of method={other[0]!r})" if other else ""
        raise ValueError(f"{unknown[0]!r} does not apply to method={method!r}{where}; its options are "
                         f"{sorted(allowed)}")
    out = {**allowed, **options}
    for k in ("beam", "candidates", "n_synonyms", "edits"):
        if k in out:
            out[k] = _positive_int(k, out[k])
    if "min_similarity" in out:
        v = out["min_similarity"]
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not -1.0 <= v <= 1.0:
            raise ValueError(f"min_similarity must be a cosine similarity in [-1, 1]; got {v!r}")
        out["min_similarity"] = float(v)
    return out


def attack(text: str, model=None, method: str = "hotflip", max_changes: int = 3, seed: int = 0,
           **options) -> AdversarialExample:
    """The smallest word change found (at most ``max_changes`` words) that flips the model's prediction of
    ``text``; ``success`` says whether one was found. See the module for the methods and their options."""
    if method not in ATTACK_METHODS:
        raise ValueError(f"method must be one of {list(ATTACK_METHODS)}; got {method!r}")
    max_changes = _positive_int("max_changes", max_changes)
    seed = check_seed(seed)
    opts = _options(method, options)
    adapter = resolve_model(model)
    if not hasattr(adapter, "predict_proba") or not hasattr(adapter, "tokenizer"):
        raise TypeError(f"attacks need a text classifier; got {type(adapter).__name__}")
    victim = Victim(adapter, text)
    diag = {}
    if method == "hotflip":
        if "gradients" not in adapter.capabilities:
            raise ValueError(f"hotflip needs gradients with respect to the input embeddings: "
                             f"{adapter.missing('gradients')}; use method='synonym' or 'charswap'")
        subs, steps = hotflip(victim, max_changes, beam=opts["beam"], candidates=opts["candidates"])
    elif method == "synonym":
        subs, steps, diag = synonym(victim, max_changes, opts["thesaurus"], opts["n_synonyms"],
                                    opts["min_similarity"])
    else:
        subs, steps, diag = charswap(victim, max_changes, seed, opts["edits"])
    if method == "synonym":
        from .thesaurus import resolved_name

        opts = {**opts, "thesaurus": resolved_name(opts["thesaurus"])} if not isinstance(opts["thesaurus"], dict) \
            else opts
    params = {"method": method, "max_changes": max_changes, "seed": seed,
              **{k: (v if isinstance(v, (str, int, float)) else "custom") for k, v in opts.items()}}
    result = victim.result(method, subs, steps, params, diag)
    if method == "synonym" and result.changes:
        result.diagnostics["similarity"] = final_similarity(victim, result.adversarial)
        result.calls = victim.queries + victim.gradient_calls + victim.embedding_calls
        result.diagnostics["embedding_calls"] = victim.embedding_calls
    return result


def attack_dataset(texts: Sequence[str], model=None, methods: Sequence[str] = ATTACK_METHODS,
                   max_changes: int = 3, seed: int = 0, **options) -> AttackSummary:
    """Attack every text with every method: success rate, mean words changed (successes), mean model calls.
    ``options`` go to the methods they apply to."""
    if isinstance(texts, str) or not hasattr(texts, "__iter__"):
        raise TypeError("texts must be a sequence of strings")
    texts = list(texts)
    if not texts:
        raise ValueError("texts is empty")
    methods = [methods] if isinstance(methods, str) else list(methods)
    bad = [m for m in methods if m not in ATTACK_METHODS]
    if bad or not methods:
        raise ValueError(f"methods must be a non-empty list from {list(ATTACK_METHODS)}; got {methods!r}")
    unknown = [k for k in options if not any(k in _OPTIONS[m] for m in methods)]
    if unknown:
        raise ValueError(f"{unknown[0]!r} is an option of none of the methods {methods}")
    adapter = resolve_model(model)
    examples = {m: [] for m in methods}
    seconds = {m: 0.0 for m in methods}
    jobs = [(m, t) for m in methods for t in texts]
    for m, t in progress(jobs, desc="attack_dataset", unit="attacks", label=lambda job: job[0]):
        mine = {k: v for k, v in options.items() if k in _OPTIONS[m]}
        start = time.perf_counter()
        examples[m].append(attack(t, adapter, method=m, max_changes=max_changes, seed=seed, **mine))
        seconds[m] += time.perf_counter() - start
    return AttackSummary(methods=methods, examples=examples, seconds=seconds,
                         params={"max_changes": int(max_changes), "seed": int(seed), "texts": len(texts)})


__all__ = ["attack", "attack_dataset", "ATTACK_METHODS"]
