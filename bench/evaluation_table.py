"""The methods x metrics table of the eight core methods on the default model over 100 held-out Rotten Tomatoes
sentences (``xai_widgets.evaluate`` with its defaults), written to ``bench/evaluation_table.md``.

Resumable: finished (method, example) pairs are kept in ``--cache`` (default: a folder under the user cache) and
not recomputed; ``bench/evaluation.py`` reuses the attributions from the same cache.

    .venv/bin/python bench/evaluation_table.py [--n 100] [--cache DIR] [--lime-samples 300] [--shap-evals 200]

LIME and SHAP run with smaller sample budgets than their defaults (1000 samples, 500 evaluations) so that the
100 sentences fit in about half an hour on a shared 2-core machine; the other methods use their defaults.
"""
from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import xai_widgets as xw  # noqa: E402
from xai_widgets.models.default import cache_home  # noqa: E402


def default_cache() -> str:
    return os.path.join(cache_home(), "evaluation-cache")


def markdown(df, digits: int = 3) -> str:
    from _timing import table

    rows = [[idx] + [f"{v:.{digits}f}" for v in row] for idx, row in zip(df.index, df.values)]
    return table(["method"] + [str(c) for c in df.columns], rows)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--cache", default=default_cache())
    ap.add_argument("--lime-samples", type=int, default=300)
    ap.add_argument("--shap-evals", type=int, default=200)
    ap.add_argument("--threads", type=int, default=0,
                    help="torch threads; 0 keeps torch's default (one per core); 1 is fastest on a loaded box")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "evaluation_table.md"))
    args = ap.parse_args()
    from _timing import machine

    import torch

    if args.threads > 0:
        torch.set_num_threads(args.threads)
    params = {"lime": {"num_samples": args.lime_samples}, "shap": {"max_evals": args.shap_evals}}
    t0 = time.perf_counter()
    res = xw.evaluate(n=args.n, cache=args.cache, method_params=params)
    wall = time.perf_counter() - t0
    summary = res.summary()
    sem = res.to_pandas().pivot_table(index="method", columns="metric", values="value", aggfunc="sem")
    times = res.times()
    lines = [f"# Evaluation of the core methods: default model, {args.n} held-out Rotten Tomatoes sentences", "",
             f"- machine: {machine()}",
             f"- this run: {wall:.0f} s wall ({int(times['cached'].sum())} of {len(times)} explanations from the "
             f"cache); explanation seconds summed: {times['seconds'].sum():.0f} s, metric seconds summed: "
             f"{times['eval_seconds'].sum():.0f} s",
             f"- settings: {res.settings}", "",
             "Means over the sentences (arrows: the better direction; s = seconds per explanation):", "",
             markdown(summary), "",
             "Standard error of the mean:", "", markdown(sem.reindex(index=res.methods, columns=res.metric_names)),
             ""]
    with open(args.out, "w") as fh:
        fh.write("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
