"""Time of ``import xai_widgets``, before and after the core redesign, as ratios to ``import torch, transformers``
measured in the same run.

    .venv/bin/python bench/import_time.py [--rounds 15] [--before a72150a]

Every measurement is a fresh interpreter (``python -X importtime`` is not used: it slows imports down); the three
commands are interleaved round by round so that the machine's load hits them alike. "before" is the package as it
was at the given commit, extracted with ``git archive`` into a temporary folder and imported from there; "after" is
this checkout. Also measured: ``import xai_widgets`` followed by touching every public name, and by
``xw.available_methods()`` (what a notebook's first cell does).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMER = "import time, sys; t = time.perf_counter(); {stmt}; print(time.perf_counter() - t)"


def run(stmt: str, path: str) -> float:
    env = dict(os.environ, PYTHONPATH=path, XAI_WIDGETS_PROGRESS="0")
    out = subprocess.run([sys.executable, "-c", TIMER.format(stmt=stmt)], capture_output=True, text=True, env=env,
                         cwd=path, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--before", default="a72150a", help="the commit before the redesign")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as old:
        archive = subprocess.run(["git", "archive", args.before, "xai_widgets"], cwd=ROOT, capture_output=True,
                                 check=True).stdout
        subprocess.run(["tar", "-x", "-C", old], input=archive, check=True)
        static = ROOT / "xai_widgets" / "static"
        if static.is_dir():  # the bundles are build outputs, not in git
            subprocess.run(["cp", "-r", str(static), str(Path(old) / "xai_widgets")], check=True)
        variants = {
            "import torch, transformers": ("import torch, transformers", str(ROOT)),
            "before: import xai_widgets": ("import xai_widgets", old),
            "after: import xai_widgets": ("import xai_widgets", str(ROOT)),
            "after: import + every public name": ("import xai_widgets as xw; [getattr(xw, n) for n in xw.__all__]",
                                                  str(ROOT)),
            "after: import + available_methods()": ("import xai_widgets as xw; xw.available_methods()", str(ROOT)),
        }
        times = {k: [] for k in variants}
        for name, (stmt, path) in variants.items():  # one warm-up each (file system cache)
            run(stmt, path)
        for r in range(args.rounds):
            names = list(variants)
            names = names[r % len(names):] + names[:r % len(names)]
            for name in names:
                times[name].append(run(*variants[name]))
    base = statistics.median(times["import torch, transformers"])
    print(f"python {sys.version.split()[0]}, {args.rounds} rounds, fresh interpreter each; medians (min-max)\n")
    print("| command | seconds | ratio to import torch, transformers |")
    print("|---|---|---|")
    for name, ts in times.items():
        med = statistics.median(ts)
        print(f"| `{name}` | {med:.3f} ({min(ts):.3f}-{max(ts):.3f}) | {med / base:.3f} |")
    before, after = statistics.median(times["before: import xai_widgets"]), statistics.median(
        times["after: import xai_widgets"])
    print(f"\nimport xai_widgets: {before:.2f} s before, {after:.3f} s after ({before / after:.0f}x less)")


if __name__ == "__main__":
    main()
