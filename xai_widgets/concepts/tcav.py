"""TCAV (Kim et al., 2018) for text classifiers: ``concept_test(concepts, model=None, target=None, layers=None,
random_concepts=20, examples=None, seed=0)``.

For every concept c, layer l and random run r, a CAV v_{c,l,r} separates the concept's pooled activations at l from
random set r's (``cav.py``). The directional derivative of the explained output (the target's logit) along v at
example x is S = grad_l f(x) . v (``activations.py``); one backward per batch of examples gives grad_l for every
layer, and one matrix product dots it with every CAV at once. TCAV score = share of the examples with S > 0.

Significance, which a TCAV score is meaningless without: the R concept-vs-random scores of (c, l) are compared with
R random-vs-random scores of the same layer (random set r against a further random set R + r) by a two-sided
t-test, as in the TCAV paper (``p_values``); the p-values are Holm-corrected over all concepts x layers. A random
direction gives scores all over [0, 1] (when the examples' gradients point alike, often 0 or 1), so a single run of
TCAV on one random set can give 1.0 for a concept that has nothing to do with the class.

That t-test treats the R runs as independent, but they share the concept's example set: any fixed set, random
words included, gets runs that agree with each other, so the test rejects for sets that are merely *some* set
(notebook 05 measures it on random-word concepts). ``p_set`` (``set_test``) asks the calibrated question instead:
is the concept's mean score unusual for a random set of the same size? It is reported beside the paper's test,
Holm-corrected the same way.

The examples are the texts whose predictions are explained: by default ``n_examples`` held-out Rotten Tomatoes
snippets (seeded sample) that the model assigns to ``target``. Everything random is drawn from the ``seed``: the
same call gives the same scores, in any process (captum's and tcav's runs differ from run to run: tcav#86, #38).
"""
from __future__ import annotations

from typing import Dict, List, Optional

import numpy as np

from .._rng import make_rng
from ..models import resolve_model
from ..results.concept_scores import ConceptScores
from ..progress import Progress, check_show
from .activations import POOLINGS, n_batches, pooled_activations, pooled_gradients
from .cav import CAV_KINDS, fit_cav
from .pools import concept_examples, random_pool as make_pool


def holm(p: np.ndarray) -> np.ndarray:
    """Holm-Bonferroni adjusted p-values (same shape as ``p``)."""
    flat = np.asarray(p, dtype=float).ravel()
    order = np.argsort(flat)
    m = len(flat)
    adj = np.empty(m)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * flat[i]))
        adj[i] = running
    return adj.reshape(np.shape(p))


def t_test(a: np.ndarray, b: np.ndarray) -> float:
    """Two-sided two-sample t-test (equal variances, as TCAV's authors); p = 1 when both are constant and equal,
    0 when both are constant and differ."""
    from scipy import stats

    a, b = np.asarray(a, float), np.asarray(b, float)
    if a.std() == 0 and b.std() == 0:
        return 1.0 if a.mean() == b.mean() else 0.0
    import warnings

    with warnings.catch_warnings():  # one constant sample: scipy warns of precision loss, the p-value is right
        warnings.simplefilter("ignore", RuntimeWarning)
        p = float(stats.ttest_ind(a, b).pvalue)
    return p if np.isfinite(p) else 1.0


def set_test(concept_runs: np.ndarray, random_runs: np.ndarray) -> float:
    """Two-sided p-value of a concept's mean score against random *sets* (not runs).

    The R runs of one concept share its example set, so they are not independent draws. Model a run's score as a
    set effect of each side plus noise: a random-vs-random run varies by sigma0^2 = 2 sigma_a^2 + sigma_e^2, and a
    fixed set's mean over R counterparts, under "the concept is one more random set", by
    sigma_a^2 + (sigma_a^2 + sigma_e^2) / R. Bounding sigma_a^2 by sigma0^2 / 2 (conservative) gives
    var(mean_c - mean_0) = sigma0^2 (1/2 + 1/(2R)) + sigma0^2 / R; t-distribution with R - 1 degrees of freedom.
    Unlike the runs' t-test its variance does not shrink with R: one concept set is one draw."""
    from scipy import stats

    c, r = np.asarray(concept_runs, float), np.asarray(random_runs, float)
    R = len(c)
    s_02 = r.var(ddof=1) if len(r) > 1 else 0.0
    var = s_02 * (0.5 + 0.5 / R) + s_02 / len(r)
    diff = c.mean() - r.mean()
    if var <= 0:
        return 1.0 if diff == 0 else 0.0
    return float(2 * stats.t.sf(abs(diff) / np.sqrt(var), df=max(R - 1, 1)))


def _target(adapter, target) -> int:
    if target is None:
        if len(adapter.labels) == 2:
            return 1
        raise ValueError(f"target is required for a model with {len(adapter.labels)} classes ({adapter.labels})")
    return adapter.resolve_targets(target, np.ones(len(adapter.labels)))[0]


def _layers(adapter, layers) -> List[int]:
    from ..models.layers import layer_stack

    n = len(layer_stack(adapter.model))
    if layers is None:
        return list(range(n))
    items = [layers] if isinstance(layers, (int, np.integer)) and not isinstance(layers, bool) else layers
    if not isinstance(items, (list, tuple)) or not items:
        raise TypeError(f"layers must be None (all {n}), an index or a non-empty list of encoder-layer indices")
    out = []
    for k in items:
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not -n <= int(k) < n:
            raise ValueError(f"layer {k!r} is not an encoder-layer index: the model has {n} layers (0..{n - 1}, or "
                             f"-1..-{n} from the end)")
        if int(k) % n not in out:
            out.append(int(k) % n)
    return out


def _examples(adapter, examples, target: int, n_examples: int, seed: int) -> List[str]:
    if examples is not None:
        if isinstance(examples, str):
            examples = [examples]
        bad = [e for e in examples if not isinstance(e, str) or not e.strip()]
        if bad or not len(examples):
            raise ValueError(f"examples must be a non-empty list of non-empty strings; got {bad[:3]!r}")
        return list(examples)
    from ..data import rotten_tomatoes_split

    held = rotten_tomatoes_split()[1]
    texts = list(held["text"].iloc[make_rng(seed).permutation(len(held))[: 4 * n_examples]])
    pred = adapter.predict_proba(texts).argmax(1)
    chosen = [t for t, p in zip(texts, pred) if p == target][:n_examples]
    if not chosen:
        raise ValueError(f"no held-out sentence is predicted as {adapter.labels[target]!r}; pass examples=[...]")
    return chosen


def concept_test(concepts, model=None, target=None, layers=None, random_concepts: int = 20, examples=None,
                 seed: int = 0, *, cav: str = "logistic", pooling: str = "mean", output: str = "logit",
                 random_pool="auto", n_examples: int = 100, max_concept_examples: int = 200,
                 alpha: float = 0.05, show_progress: Optional[bool] = None) -> ConceptScores:
    """Test whether each concept matters to the model's prediction of ``target`` at each layer.

    ``concepts``: {name: [sentences or words] or a spec like "inquirer:Positiv"} or built-in names
    ("positive", "negative", "neutral", ...; see ``BUILTIN_CONCEPTS``). ``layers``: encoder-layer indices
    (default: all). ``random_concepts``: R random runs (at least 2; 20 or more for a meaningful test).
    ``examples``: the texts explained (default ``n_examples`` held-out snippets predicted as ``target``).
    ``cav``: "logistic" or "mean_difference"; ``pooling``: "mean" (mask-aware) or "first" (the [CLS] state);
    ``random_pool``: "auto" (random words for word concepts, headlines for sentences), "words", "headlines" or a
    list of texts; concepts larger than ``max_concept_examples`` are subsampled (seeded). A progress bar counts
    the activation and gradient batches and the layers whose CAVs are fitted (``show_progress=False`` hides it).
    Returns ``ConceptScores``.
    """
    from ..methods.base import check_positive_int

    check_show(show_progress)
    rng = make_rng(seed)
    adapter = resolve_model(model)
    if adapter.modality != "text" or not hasattr(adapter, "encode"):
        raise TypeError(f"concept_test explains text classifiers; got a {adapter.modality} model")
    if cav not in CAV_KINDS:
        raise ValueError(f"cav must be one of {list(CAV_KINDS)}; got {cav!r}")
    if pooling not in POOLINGS:
        raise ValueError(f"pooling must be one of {list(POOLINGS)}; got {pooling!r}")
    output = adapter.check_output(output)
    R = check_positive_int("random_concepts", random_concepts, minimum=2)
    n_examples = check_positive_int("n_examples", n_examples)
    max_concept_examples = check_positive_int("max_concept_examples", max_concept_examples, minimum=2)
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float)) or not 0 < float(alpha) < 1:
        raise ValueError(f"alpha must be a number in (0, 1); got {alpha!r}")
    concept_sets = concept_examples(concepts)
    for name, ex in concept_sets.items():
        if len(ex) > max_concept_examples:
            concept_sets[name] = [ex[i] for i in sorted(rng.choice(len(ex), max_concept_examples, replace=False))]
    t = _target(adapter, target)
    layer_ids = _layers(adapter, layers)
    texts = _examples(adapter, examples, t, n_examples, seed)
    pool = make_pool(random_pool, concept_sets)
    size = min(max(len(v) for v in concept_sets.values()), len(pool))
    random_sets = [[pool[i] for i in rng.choice(len(pool), size, replace=False)] for _ in range(2 * R)]

    # activations: every distinct text once
    union = list(dict.fromkeys([e for v in concept_sets.values() for e in v] + [e for s in random_sets for e in s]
                               + texts))
    where = {s: i for i, s in enumerate(union)}
    with Progress(total=n_batches(adapter, len(union)) + n_batches(adapter, len(texts)) + len(layer_ids),
                  desc="concept_test", unit="steps", show=show_progress) as bar:
        bar.note(f"activations of {len(union)} texts")
        acts = pooled_activations(adapter, union, layer_ids, pooling, step=bar.update)
        bar.note(f"gradients of {len(texts)} examples")
        grads, token_grads, encs, outs, probs = pooled_gradients(adapter, texts, layer_ids, t, output, pooling,
                                                                 step=bar.update)
        names = list(concept_sets)
        C, L, n = len(names), len(layer_ids), len(texts)
        scores = np.zeros((C, L, R))
        accuracy = np.zeros((C, L, R))
        random_scores = np.zeros((L, R))
        random_accuracy = np.zeros((L, R))
        sensitivity = np.zeros((C, L, n))
        alignment = np.zeros((C, L, n))
        token_sens: List[np.ndarray] = [np.zeros((C, L, len(encs[i].input_ids))) for i in range(n)]
        mean_cavs: Dict = {}
        all_cavs = []
        for li, k in enumerate(layer_ids):
            bar.note(f"CAVs at layer {k} ({(len(names) + 1) * R} fits)")
            A = acts[k]
            sets = [A[[where[s] for s in rs]] for rs in random_sets]
            cavs = []
            for ci, name in enumerate(names):
                pos = A[[where[s] for s in concept_sets[name]]]
                for r in range(R):
                    v, acc = fit_cav(pos, sets[r], cav, rng)
                    cavs.append(v)
                    accuracy[ci, li, r] = acc
            for r in range(R):
                v, acc = fit_cav(sets[r], sets[R + r], cav, rng)
                cavs.append(v)
                random_accuracy[li, r] = acc
            V = np.stack(cavs)  # [C * R + R, D]
            all_cavs.append(V)
            S = grads[k] @ V.T  # [n, C * R + R]: every directional derivative at once
            share = (S > 0).mean(axis=0)
            scores[:, li, :] = share[: C * R].reshape(C, R)
            random_scores[li] = share[C * R:]
            ex_acts = A[[where[s] for s in texts]]
            ex_norm = ex_acts / np.maximum(np.linalg.norm(ex_acts, axis=1, keepdims=True), 1e-12)
            for ci in range(C):
                m = V[ci * R: (ci + 1) * R].mean(0)
                m = m / max(float(np.linalg.norm(m)), 1e-12)
                mean_cavs[(ci, li)] = m
                sensitivity[ci, li] = grads[k] @ m
                alignment[ci, li] = ex_norm @ m
                for i in range(n):
                    token_sens[i][ci, li] = token_grads[k][i] @ m
            bar.update()
    p = np.array([[t_test(scores[ci, li], random_scores[li]) for li in range(L)] for ci in range(C)])
    p_holm = holm(p)
    p_set = np.array([[set_test(scores[ci, li], random_scores[li]) for li in range(L)] for ci in range(C)])
    from ..models.layers import layer_stack, module_name

    stack = layer_stack(adapter.model)
    return ConceptScores(
        concepts=names, layers=layer_ids, layer_names=[module_name(adapter.model, stack[k]) for k in layer_ids],
        n_layers=len(stack), target=t, labels=list(adapter.labels), scores=scores, random_scores=random_scores,
        cav_accuracy=accuracy, random_accuracy=random_accuracy, p_values=p, p_holm=p_holm, alpha=float(alpha),
        p_set=p_set, p_set_holm=holm(p_set),
        examples=texts, example_tokens=[list(e.tokens) for e in encs], example_special=[list(e.special) for e in encs],
        example_outputs=outs, example_probabilities=probs, sensitivity=sensitivity, alignment=alignment, token_sensitivity=token_sens,
        concept_sizes={k: len(v) for k, v in concept_sets.items()}, random_set_size=size,
        params={"random_concepts": R, "cav": cav, "pooling": pooling, "output": output, "seed": seed,
                "random_pool": random_pool if isinstance(random_pool, str) else "custom",
                "n_examples": len(texts), "max_concept_examples": max_concept_examples},
        model_name=str(adapter.name), cavs=np.stack(all_cavs))


__all__ = ["concept_test", "holm", "t_test"]
