"""evaluate()'s running-time estimate against the running time it predicts (issue 12).

For each configuration: the estimate (``xw.estimate_evaluation``, which times one run of each method and of the
metrics on the input of median length), then the evaluate() run it predicts, in the same process, and their
ratio. The peer is the run itself: a ratio of 1.00 is a perfect estimate. Each configuration uses texts of its own
(a different seed), so no run is helped by a cache of another.

    .venv/bin/python bench/estimate.py          # about 6 minutes on 2 cores: --n 20 --threads 1 (0: one per core)
"""
from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from _timing import add_thread_arg, apply_threads, machine, table  # noqa: E402

SMALL = {"lime": {"num_samples": 300}, "shap": {"max_evals": 200}, "integrated_gradients": {"n_steps": 20},
         "smoothgrad": {"n_samples": 10}, "gradient_shap": {"n_samples": 10}}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20, help="texts per configuration")
    add_thread_arg(ap)
    args = ap.parse_args()
    apply_threads(args)
    import xai_widgets as xw
    from xai_widgets.evaluation.runner import default_texts

    adapter = xw.load_model()
    configs = [
        ("8 core methods, defaults", {}),
        ("8 core methods, small budgets", {"method_params": SMALL}),
        ("saliency + IG + occlusion", {"methods": ["saliency", "integrated_gradients", "occlusion"]}),
        ("lime + shap, sanity on 1 text", {"methods": ["lime", "shap"], "sanity_examples": 1}),
    ]
    rows = []
    for k, (name, kw) in enumerate(configs):
        texts = default_texts(args.n, seed=10 + k)
        est = xw.estimate_evaluation(adapter, texts, **kw)
        t0 = time.perf_counter()
        xw.evaluate(adapter, texts, estimate=False, show_progress=False, **kw)
        took = time.perf_counter() - t0
        rows.append([name, len(texts), f"{est.estimating_seconds:.1f}", f"{est.seconds:.1f}", f"{took:.1f}",
                     f"{est.seconds / took:.2f}"])
        print(est.line(), flush=True)
    print()
    print(machine())
    print(table(["configuration", "texts", "estimating (s)", "estimate (s)", "measured (s)", "estimate / measured"],
                rows))


if __name__ == "__main__":
    main()
