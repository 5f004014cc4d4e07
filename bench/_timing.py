"""Shared helpers for the benchmarks: interleaved timing, medians, tables, machine description, inputs.

The benchmarks run on machines whose CPU cores are shared with other processes that come and go. To keep the
*ratios* fair under such load, the compared variants are interleaved (A B C A B C ..., one call of each per
round, the order rotated every round) and the median over the rounds is reported: a burst of foreign load then
hits every variant about equally instead of whichever happened to run during it.
"""
from __future__ import annotations

import datetime as _dt
import gc
import os
import platform
import statistics
import sys
import time
from typing import Callable, Dict, List, Optional, Sequence

import torch


def interleaved(variants: Dict[str, Callable[[], object]], rounds: int = 5, warmup: int = 1,
                budget_s: Optional[float] = None, min_rounds: int = 3) -> Dict[str, List[float]]:
    """Time every callable ``rounds`` times, interleaved: one call of each variant per round, the order
    rotated by one each round (ABC, BCA, CAB, ...). ``warmup`` untimed calls of each variant come first.

    With ``budget_s``, stop after the round that exceeds the budget once ``min_rounds`` rounds are done.
    Returns {name: [seconds per round]}.
    """
    names = list(variants)
    for _ in range(warmup):
        for name in names:
            variants[name]()
    times: Dict[str, List[float]] = {n: [] for n in names}
    started = time.perf_counter()
    for r in range(rounds):
        order = names[r % len(names):] + names[:r % len(names)]
        for name in order:
            gc.collect()
            t0 = time.perf_counter()
            variants[name]()
            times[name].append(time.perf_counter() - t0)
        if budget_s is not None and r + 1 >= min_rounds and time.perf_counter() - started > budget_s:
            break
    return times


def median(xs: Sequence[float]) -> float:
    return float(statistics.median(xs))


def spread(xs: Sequence[float]) -> str:
    """min-max of the repetitions, as a compact string (to show how noisy the machine was)."""
    return f"{min(xs) * 1e3:.0f}-{max(xs) * 1e3:.0f}"


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:.1f}"


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A GitHub-markdown table (readable as plain text too)."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]

    def line(r):
        return "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |"

    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(cells[0]), sep] + [line(r) for r in cells[1:]])


def machine() -> str:
    """One line describing where the numbers were taken."""
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo") as fh:
            for ln in fh:
                if ln.startswith("model name"):
                    cpu = ln.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        load = "%.2f %.2f %.2f" % os.getloadavg()
    except OSError:
        load = "n/a"
    import transformers

    return (f"{_dt.datetime.now().strftime('%Y-%m-%d %H:%M')}; {cpu}; nproc={os.cpu_count()}; "
            f"torch {torch.__version__} threads={torch.get_num_threads()} interop={torch.get_num_interop_threads()}; "
            f"transformers {transformers.__version__}; python {sys.version.split()[0]}; load avg at start {load}")


def rt_text_of_length(tokenizer, n_tokens: int, start: int = 0) -> str:
    """A text of Rotten Tomatoes snippets that the tokenizer encodes to exactly ``n_tokens`` ids
    ([CLS] + content + [SEP]): snippets are concatenated from snippet ``start`` on and the result cut after
    ``n_tokens - 2`` word pieces, at a word boundary (if the cut would split a word, the next start is tried)."""
    from xai_widgets.data import load_rotten_tomatoes

    snippets = load_rotten_tomatoes()["text"].tolist()
    n_content = n_tokens - 2
    for first in range(start, start + 50):
        text = ""
        for s in snippets[first:]:
            text = (text + " " + s).strip()
            if len(tokenizer(text, add_special_tokens=False)["input_ids"]) > n_content:
                break
        enc = tokenizer(text, return_offsets_mapping=True, add_special_tokens=False)
        words = enc.word_ids()
        if words[n_content] == words[n_content - 1]:  # the cut would split a word
            continue
        cand = text[: enc["offset_mapping"][n_content - 1][1]]
        if len(tokenizer(cand)["input_ids"]) == n_tokens:
            return cand
    raise RuntimeError(f"could not build a text of exactly {n_tokens} tokens")


def add_thread_arg(ap) -> None:
    """The --threads option shared by the timing benchmarks."""
    ap.add_argument("--threads", type=int, default=1,
                    help="torch.set_num_threads; 0 = torch's default (one per core). 1 by default: on a shared 2-core "
                    "machine two OpenMP threads stall at every barrier when another process holds a core")


def apply_threads(args) -> None:
    import torch

    if args.threads > 0:
        torch.set_num_threads(args.threads)
