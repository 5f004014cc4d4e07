"""Peak memory does not grow with the sampling budget: integration points, noise and perturbed inputs are made chunk
by chunk (issue 11, target: peak RSS at the large budget within 1.2x of the small one, same text, same model).

    .venv/bin/python bench/memory.py [--text "..."] [--only integrated_gradients]

Each measurement runs in a fresh process: load the default model, explain the text once with the small budget
(so that every lazy allocation, the model's and torch's, has happened), then explain it with the budget under test
and report the process's peak RSS (``ru_maxrss``). The small and large runs differ only in the budget, so their
ratio is what the budget costs in memory. Captum's ``IntegratedGradients`` is measured the same way as the peer
for integrated gradients (its ``internal_batch_size`` chunks the forward passes, but it builds every scaled input
at once, [n_steps, L, D]).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

#: (method, parameter, small, one chunk or more, large, fixed parameters)
CASES = [("integrated_gradients", "n_steps", 50, 500, 20000, {}),
         ("integrated_gradients", "n_steps", 50, 500, 20000, {"internal_batch_size": 50}),
         ("smoothgrad", "n_samples", 50, 500, 20000, {}),
         ("gradient_shap", "n_samples", 50, 500, 20000, {}),
         ("lime", "num_samples", 1000, 5000, 20000, {}),
         ("kernel_shap", "n_samples", 500, 5000, 20000, {})]
CAPTUM_LARGE = 5000  # captum at 20,000 steps reached 6.7 GB of RSS and ran for over 6 minutes: stopped there
TEXT = "The plot is thin, but the cast is a joy and the score lifts every scene."

CHILD = r"""
import json, resource, sys, time
import xai_widgets as xw
method, param, small, value, text, peer = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]
fixed = json.loads(sys.argv[7])
m = xw.load_model()
xw.explain(text, model=m, method=method, **{param: small}, **fixed)
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter()
if peer == "captum":
    import torch
    from captum.attr import LayerIntegratedGradients
    enc = m.encode(text, warn=False)
    ids = torch.tensor([enc.input_ids])
    ref = ids.clone(); ref[0, 1:-1] = m.pad_id
    f = lambda i: torch.softmax(m.model(input_ids=i).logits, -1)
    lig = LayerIntegratedGradients(f, m.model.get_input_embeddings())
    lig.attribute(ids, ref, target=1, n_steps=small, internal_batch_size=64)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    lig.attribute(ids, ref, target=1, n_steps=value, internal_batch_size=64)
else:
    xw.explain(text, model=m, method=method, **{param: value}, **fixed)
print(json.dumps({"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "warm_peak_mb": base / 1024,
                  "seconds": time.perf_counter() - t0}))
"""


def measure(method, param, small, value, text, peer="ours", fixed=None):
    out = subprocess.run([sys.executable, "-c", CHILD, method, param, str(small), str(value), text, peer,
                          json.dumps(fixed or {})],
                         capture_output=True, text=True, check=True, env={"XAI_WIDGETS_PROGRESS": "0",
                                                                           **__import__("os").environ})
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--text", default=TEXT)
    ap.add_argument("--only", default=None, help="one method name")
    ap.add_argument("--no-captum", action="store_true")
    args = ap.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _timing import machine

    print(machine())
    print(f"text: {args.text!r}")
    print("| method | budget | peak RSS (MB): small / one chunk / large | large / small | large / one chunk | "
          "seconds (large) |")
    print("|---|---|---|---|---|---|")
    for method, param, small, chunk, large, fixed in CASES:
        if args.only and method != args.only:
            continue
        a, c, b = (measure(method, param, small, v, args.text, fixed=fixed) for v in (small, chunk, large))
        label = f"`{method}`" + "".join(f" {k}={v}" for k, v in fixed.items())
        print(f"| {label} | {param} {small} / {chunk} / {large} | {a['peak_mb']:.0f} / {c['peak_mb']:.0f} / "
              f"{b['peak_mb']:.0f} | **{b['peak_mb'] / a['peak_mb']:.3f}x** | **{b['peak_mb'] / c['peak_mb']:.3f}x** | "
              f"{b['seconds']:.1f} |", flush=True)
        if method == "integrated_gradients" and not fixed and not args.no_captum:
            a, c, b = (measure(method, param, small, v, args.text, "captum") for v in (small, chunk, CAPTUM_LARGE))
            print(f"| captum `LayerIntegratedGradients` (peer, internal_batch_size=64) | {param} {small} / {chunk} / "
                  f"{CAPTUM_LARGE} | {a['peak_mb']:.0f} / {c['peak_mb']:.0f} / {b['peak_mb']:.0f} | "
                  f"**{b['peak_mb'] / a['peak_mb']:.3f}x** | **{b['peak_mb'] / c['peak_mb']:.3f}x** | "
                  f"{b['seconds']:.1f} |", flush=True)


if __name__ == "__main__":
    start = time.perf_counter()
    main()
    print(f"total {time.perf_counter() - start:.0f} s")
