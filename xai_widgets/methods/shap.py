"""SHAP (Lundberg & Lee, 2017) with the ``shap`` library: the Partition explainer (Owen values over the
tokenizer's token hierarchy) and a ``shap.maskers.Text`` masker that hides tokens with the tokenizer's mask
token; ``algorithm="exact"`` gives exact Shapley values (2^d evaluations: short inputs only).

phi_i = sum_{S in N \\ {i}} |S|! (|N|-|S|-1)! / |N|! (f(S u {i}) - f(S))

The masked strings go through the adapter's batched, length-bucketed, deduplicated ``predict_proba``.
Deterministic for a given seed."""
from __future__ import annotations

import numpy as np

from .._rng import isolated
from .base import check_choice, check_positive_int, finish, prepare
from .registry import register

ALGORITHMS = ("partition", "exact")


@register("shap", "SHAP (partition)", kind="perturbation", signed=True, modalities=("text",), needs=("mask",),
          aliases=("partition_shap",))
def shap(adapter, text, target=None, output=None, max_evals=500, algorithm="partition", batch_size=256,
         collapse_mask_token="auto", seed=0):
    import shap as shap_lib

    if algorithm not in ALGORITHMS:
        raise ValueError(f"unknown algorithm {algorithm!r}; accepted: {list(ALGORITHMS)}")
    max_evals = check_positive_int("max_evals", max_evals, minimum=2)
    batch_size = check_positive_int("batch_size", batch_size)
    collapse_mask_token = check_choice("collapse_mask_token", collapse_mask_token, ("auto", True, False))
    prep = prepare(adapter, text, target, output)
    output = prep.output
    enc = prep.enc
    # Explain exactly what the model saw: the truncated text when the input was too long (its end, or its start
    # for a tokenizer that truncates on the left).
    spans = [(s, e) for (s, e), sp in zip(enc.offsets, enc.special) if not sp]
    first = min(s for s, _ in spans) if enc.truncated and adapter.truncation_side == "left" else 0
    explained = enc.text[first:max(e for _, e in spans)]

    def f(strings):
        return adapter.predict_proba([str(s) for s in strings], output=output)

    masker_cls = shap_lib.maskers.Text
    if algorithm == "exact":
        # shap's Exact explainer computes Owen values over a masker's clustering when it has one (and, with the
        # Text masker's per-input clustering function, fails). Without it, it enumerates true Shapley values.
        masker_cls = type("FlatText", (shap_lib.maskers.Text,), {"clustering": None})
    masker = masker_cls(adapter.tokenizer, collapse_mask_token=collapse_mask_token)
    explainer = shap_lib.Explainer(f, masker, algorithm=algorithm, output_names=list(adapter.labels), seed=seed)
    kwargs = {"batch_size": batch_size, "silent": True}
    if algorithm == "partition":
        kwargs["max_evals"] = max_evals
    with isolated(seed):  # shap draws from numpy's global generator: seeded here, put back afterwards
        sv = explainer([explained], **kwargs)
    values = np.asarray(sv.values[0])  # [n_tokens, classes]
    if values.shape[0] != len(enc.input_ids):
        raise RuntimeError(f"shap returned {values.shape[0]} token values for {len(enc.input_ids)} model tokens; "
                           "the tokenizer's offsets do not round-trip through shap's Text masker")
    scores = values[:, prep.targets].T
    base_values = np.asarray(sv.base_values[0])
    ref = prep.reference()
    delta = scores.sum(axis=1) - (ref[prep.targets] - base_values[prep.targets])
    params = {"algorithm": algorithm, "max_evals": max_evals if algorithm == "partition" else None,
              "mask_token": masker.mask_token, "collapse_mask_token": collapse_mask_token, "seed": seed}
    diag = {"base_values": base_values[prep.targets].tolist(), "convergence_delta": delta.tolist()}
    return finish(prep, scores, "shap", params, diag, base_values=base_values[prep.targets])
