"""Benchmark: AOPC comprehensiveness + sufficiency (ferret's bins 10..100 %, tokens removed) for 7 methods over
100 held-out sentences, on precomputed attributions (the metric cost only, not the explanation cost).

Compared in the same run, on the same attributions and the same model:
- ours: ``FaithfulnessPlan`` + ``run_plans``: every perturbed input of one sentence (7 methods x 2 metrics) in one
  deduplicated, length-bucketed ``predict_ids`` call (what ``xai_widgets.evaluate`` does);
- ferret-xai 0.4.2: ``AOPC_Comprehensiveness_Evaluation`` / ``AOPC_Sufficiency_Evaluation.compute_evaluation``
  per explanation (it decodes each perturbed input to text, re-tokenises it and runs batches of 8), with
  ``only_pos=False`` so both rank tokens the same way; used when importable;
- loop: our perturbed inputs, one model call per input (the naive peer, always measured).

ferret-xai pins transformers<5, numpy<2 and shap<0.45, so it cannot be installed into the project's environment.
Run this file with a throwaway venv that sees the project's packages and holds ferret without its dependencies:

    python3.11 -m venv /tmp/ferret_venv
    echo "$PWD/.venv/lib/python3.11/site-packages" > /tmp/ferret_venv/lib/python3.11/site-packages/main.pth
    /tmp/ferret_venv/bin/pip install --no-deps ferret-xai==0.4.2
    /tmp/ferret_venv/bin/python bench/evaluation.py --cache DIR      # DIR: the cache of bench/evaluation_table.py

``import ferret`` itself fails there (its __init__ imports ``datasets`` and the Thermostat loaders); the
evaluator modules do not need them and are imported directly. One ferret function is patched for numpy 2 (see
``load_ferret``); nothing else of ferret is changed. Timings are interleaved per sentence (ours, ferret,
loop; the order rotated) so that load from other processes hits every variant alike. Results go to
``bench/evaluation.md``.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import time
import types

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))

METHODS = ["saliency", "gradient_x_input", "integrated_gradients", "gradient_shap", "occlusion", "lime", "shap"]
METRICS = ["aopc_comprehensiveness", "aopc_sufficiency"]


def load_ferret():
    """ferret's two AOPC evaluators and its Explanation class, or None when ferret is not installed."""
    spec = importlib.util.find_spec("ferret")
    if spec is None:
        return None
    try:
        import ferret  # noqa: F401
    except Exception:  # its package __init__ needs `datasets` & co.; the evaluators do not
        pkg = types.ModuleType("ferret")
        pkg.__path__ = list(spec.submodule_search_locations)
        sys.modules["ferret"] = pkg
    from ferret.evaluators import utils_from_soft_to_discrete as soft
    from ferret.evaluators.faithfulness_measures import AOPC_Comprehensiveness_Evaluation, AOPC_Sufficiency_Evaluation
    from ferret.explainers.explanation import Explanation

    def top_k(soft_score_explanation, k, only_pos=True):
        """ferret 0.4.2's _get_id_tokens_top_k with one fix: with only_pos=False it compares a numpy array with
        [] (``id_top_k == []``), which raises under numpy 2; the same selection, returned as a list."""
        order = np.array(soft_score_explanation).argsort()[-k:][::-1]
        ids = [int(i) for i in order if not only_pos or soft_score_explanation[i] > 0]
        return ids or None

    soft._get_id_tokens_top_k = top_k

    return AOPC_Comprehensiveness_Evaluation, AOPC_Sufficiency_Evaluation, Explanation


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--cache", required=True, help="the evaluate() cache holding the attributions")
    ap.add_argument("--lime-samples", type=int, default=300)
    ap.add_argument("--shap-evals", type=int, default=200)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--skip-loop", action="store_true", help="do not time the one-call-per-input loop")
    ap.add_argument("--out", default=os.path.join(HERE, "evaluation.md"))
    args = ap.parse_args()

    import torch

    import xai_widgets as xw
    from _timing import machine, table
    from xai_widgets.evaluation.faithfulness import FaithfulnessPlan, run_plans

    torch.set_num_threads(args.threads)
    adapter = xw.api.resolve_model(None)
    params = {"lime": {"num_samples": args.lime_samples}, "shap": {"max_evals": args.shap_evals}}
    t0 = time.perf_counter()
    res = xw.evaluate(adapter, n=args.n, methods=METHODS, method_params=params, cache=args.cache,
                      metrics=["comprehensiveness", "sufficiency", "aopc_comprehensiveness", "aopc_sufficiency",
                               "deletion_auc", "insertion_auc"], show_progress=False)
    prep = time.perf_counter() - t0
    print(f"attributions ready in {prep:.0f} s ({int(res.times()['cached'].sum())} from the cache)", flush=True)
    per_text = [[res.attribution(m, i) for m in METHODS] for i in range(len(res.texts))]
    ferret = load_ferret()

    def ours(attrs):
        plans = [FaithfulnessPlan(adapter, a, METRICS, "remove") for a in attrs]
        return [r.values for r in run_plans(adapter, plans)]

    def loop(attrs):
        out = []
        for a in attrs:
            plan = FaithfulnessPlan(adapter, a, METRICS, "remove")
            probs = np.stack([adapter.predict_ids([ids])[0] for ids in plan.inputs()])
            out.append(plan.finish(probs).values)
        return out

    variants = {"ours": ours} if args.skip_loop else {"ours": ours, "loop": loop}
    if ferret is not None:
        comp_cls, suff_cls, Explanation = ferret
        comp_ev, suff_ev = comp_cls(adapter.model, adapter.tokenizer), suff_cls(adapter.model, adapter.tokenizer)

        def ferret_variant(attrs):
            out = []
            for a in attrs:
                e = Explanation(a.text, a.tokens, a.scores[0], a.method, a.targets[0])
                c = comp_ev.compute_evaluation(e, target=a.targets[0], only_pos=False).score
                s = suff_ev.compute_evaluation(e, target=a.targets[0], only_pos=False).score
                out.append({"aopc_comprehensiveness": float(c), "aopc_sufficiency": float(s)})
            return out

        variants["ferret"] = ferret_variant
    names = list(variants)
    for name in names:  # warm-up
        variants[name](per_text[0])
    totals = {n: 0.0 for n in names}
    values = {n: [] for n in names}
    for i, attrs in enumerate(per_text):
        order = names[i % len(names):] + names[:i % len(names)]
        for name in order:
            t = time.perf_counter()
            v = variants[name](attrs)
            totals[name] += time.perf_counter() - t
            values[name].append(v)
        if (i + 1) % 10 == 0:
            print(i + 1, {k: round(v, 1) for k, v in totals.items()}, flush=True)
    n_expl = len(per_text) * len(METHODS)
    peer = "ferret" if ferret is not None else "loop"
    if peer not in variants:
        raise SystemExit("no peer to compare with: install ferret-xai (see the docstring) or drop --skip-loop")
    rows = [[n, f"{totals[n]:.1f}", f"{1e3 * totals[n] / n_expl:.1f}", f"{totals[peer] / totals[n]:.2f}x"]
            for n in names]

    def flat(name, metric):
        return np.array([v[metric] for per in values[name] for v in per])

    agree = []
    for name in names:
        if name == "ours":
            continue
        for m in METRICS:
            a, b = flat("ours", m), flat(name, m)
            agree.append([f"ours vs {name}", m, f"{np.mean(np.abs(a - b)):.4f}", f"{np.corrcoef(a, b)[0, 1]:.4f}",
                          f"{np.mean(a):.4f} / {np.mean(b):.4f}"])
    means = {m: {n: float(np.mean(flat(n, m))) for n in names} for m in METRICS}
    lines = ["# Benchmark: AOPC comprehensiveness + sufficiency, 7 methods x "
             f"{len(per_text)} held-out sentences", "",
             f"- machine: {machine()}; torch threads: {args.threads}",
             f"- attributions precomputed (from the cache of bench/evaluation_table.py: LIME {args.lime_samples} "
             f"samples, SHAP {args.shap_evals} evaluations); only the metric cost is timed",
             f"- methods: {', '.join(METHODS)}; bins 10..100 %, tokens removed; {n_expl} explanations",
             f"- peer: {'ferret-xai 0.4.2 evaluators (imported without their package __init__, see the docstring)' if ferret else 'one model call per perturbed input (ferret-xai not importable here)'}",
             "- timings interleaved per sentence (order rotated); one pass over all sentences after a warm-up", "",
             table(["variant", "total s", "ms / explanation", f"speed-up vs {peer}"], rows), "",
             "Agreement of the values (mean |difference|, Pearson r, means):", "",
             table(["pair", "metric", "mean |diff|", "r", "mean ours / theirs"], agree), "",
             "ferret removes tokens, decodes the rest to text and re-tokenises it, and skips a bin whose rationale "
             "equals the previous one (k = floor(q n), bins with k = 0 skipped); ours removes token ids directly and "
             "uses k = max(1, floor(q n)) for every bin. The loop variant computes exactly our values.", ""]
    with open(args.out, "w") as fh:
        fh.write("\n".join(lines))
    print("\n".join(lines))
    print(means)


if __name__ == "__main__":
    main()
