"""Integrated gradients: ours vs captum's LayerIntegratedGradients vs the raw cost of 50 forward+backward passes.

    .venv/bin/python bench/ig.py [--lengths 16 64 256] [--budget 170] [--threads 1]

Same model (the default MiniLM classifier), same input (Rotten Tomatoes text cut to exactly L tokens), same
baseline ([CLS]/[SEP] kept, content tokens -> [PAD]), n_steps=50, Gauss-Legendre nodes, target 1, softmax
probability as the attributed output. Variants, interleaved round by round:

  raw          one batch of 50 embedding inputs [50, L, D]: forward, then d(sum_k p_target)/d inputs_embeds;
               the floor any IG implementation pays (no path construction, no endpoints, no tokenisation)
  ours         xw.explain(text, method="integrated_gradients", ...) with the library's default chunking
  captum ibs=50  LayerIntegratedGradients on bert.embeddings.word_embeddings, internal_batch_size=50 (one batch)
  captum default LayerIntegratedGradients, internal_batch_size=None (captum's default: also one batch of 50)

The attributions of ours and captum are compared (max abs difference, printed; must be ~1e-5 or better).
The time of ours is also split (by wrapping the functions the IG method calls) into: prepare (tokenise + the
prediction forward), the gradient engine (the 50 path points, in the library's chunks) and the endpoint forward
f(x), f(x') (for the convergence delta).
"""
from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _timing as T  # noqa: E402

N_STEPS = 50
TARGET = 1
TARGET_RAW = 1.15
TARGET_CAPTUM = 1.0


class Split:
    """Wrap the functions the IG method calls and record their time per call of ours."""

    names = ("prepare", "gradients", "outputs_at")

    def __init__(self):
        import xai_widgets.methods.integrated_gradients as ig

        self.mod = ig
        self.acc = {n: 0.0 for n in self.names}
        self.calls = []
        for n in self.names:
            setattr(ig, n, self._wrap(n, getattr(ig, n)))

    def _wrap(self, name, fn):
        def wrapped(*a, **k):
            t0 = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                self.acc[name] += time.perf_counter() - t0
        return wrapped

    def run(self, f):
        self.acc = {n: 0.0 for n in self.names}
        t0 = time.perf_counter()
        out = f()
        total = time.perf_counter() - t0
        self.calls.append(dict(self.acc, total=total))
        return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lengths", type=int, nargs="+", default=[16, 64, 256])
    ap.add_argument("--rounds", type=int, nargs="+", default=[15, 7, 3],
                    help="maximum rounds per length (the time budget may stop earlier, never below 3)")
    ap.add_argument("--budget", type=float, default=170.0, help="rough wall-time budget in seconds for all timing, "
                    "shared between the lengths in proportion to their cost (about L + 48 tokens a round)")
    T.add_thread_arg(ap)
    args = ap.parse_args()
    T.apply_threads(args)
    rounds = dict(zip(args.lengths, args.rounds + [args.rounds[-1]] * len(args.lengths)))

    from captum.attr import LayerIntegratedGradients

    import xai_widgets as xw

    t_start = time.perf_counter()
    m = xw.load_model()
    model, tok = m.model, m.tokenizer
    model.eval()
    print("machine:", T.machine())
    print(f"model: {m.name} ({type(model).__name__}, {model.config.num_hidden_layers} layers, hidden "
          f"{model.config.hidden_size}); batch_tokens={m.batch_tokens}; n_steps={N_STEPS}, gausslegendre, target "
          f"{TARGET}, output=probability, baseline=pad\n")

    def prob_forward(input_ids, attention_mask):
        return torch.softmax(model(input_ids=input_ids, attention_mask=attention_mask).logits, dim=-1)

    lig = LayerIntegratedGradients(prob_forward, model.bert.embeddings.word_embeddings)
    split = Split()
    rows, split_rows, diffs = [], [], []
    # rough share of the budget per length: the cost grows about linearly with L
    weights = np.array(args.lengths, dtype=float) + 48.0
    budgets = args.budget * weights / weights.sum()

    for L, budget in zip(args.lengths, budgets):
        text = T.rt_text_of_length(tok, L)
        enc = m.encode(text)
        assert len(enc.input_ids) == L, (len(enc.input_ids), L)
        ids = torch.tensor([enc.input_ids])
        base = torch.tensor([[t if s else m.pad_id for t, s in zip(enc.input_ids, enc.special)]])
        mask = torch.ones_like(ids)
        with torch.no_grad():
            x50 = model.get_input_embeddings()(ids).expand(N_STEPS, -1, -1).contiguous()
        mask50 = torch.ones((N_STEPS, L), dtype=torch.long)
        last = {}

        def raw():
            e = x50.clone().requires_grad_(True)
            p = torch.softmax(model(inputs_embeds=e, attention_mask=mask50).logits, dim=-1)
            (g,) = torch.autograd.grad(p[:, TARGET].sum(), e)
            return g

        def ours():
            r = split.run(lambda: xw.explain(text, model=m, method="integrated_gradients", target=TARGET,
                                             n_steps=N_STEPS, baseline="pad"))
            last["ours"] = r.scores[0]

        def captum(ibs):
            def f():
                a = lig.attribute(ids, baselines=base, target=TARGET, n_steps=N_STEPS, method="gausslegendre",
                                  additional_forward_args=(mask,), internal_batch_size=ibs)
                last[f"captum {ibs}"] = a.sum(-1)[0].detach().numpy()
            return f

        variants = {"raw": raw, "ours": ours, "captum ibs=50": captum(50), "captum default": captum(None)}
        t0 = time.perf_counter()
        # warm-up round (first call at a shape) at the short lengths; at 256 the first round is timed
        times = T.interleaved(variants, rounds=rounds[L], warmup=1 if L <= 64 else 0, budget_s=budget, min_rounds=3)
        n_rounds = len(times["raw"])
        split.calls = split.calls[-n_rounds:]
        d50 = float(np.abs(last["ours"] - last["captum 50"]).max())
        dnone = float(np.abs(last["ours"] - last["captum None"]).max())
        diffs.append(max(d50, dnone))
        med = {k: T.median(v) for k, v in times.items()}
        paired = {k: T.median([a / b for a, b in zip(times["ours"], times[k])]) for k in times if k != "ours"}
        best_captum = min(med["captum ibs=50"], med["captum default"])
        rows.append([L, f"{T.ms(med['raw'])} ({T.spread(times['raw'])})", f"{T.ms(med['ours'])} ({T.spread(times['ours'])})",
                     f"{T.ms(med['captum ibs=50'])} ({T.spread(times['captum ibs=50'])})",
                     f"{T.ms(med['captum default'])} ({T.spread(times['captum default'])})",
                     f"{med['ours'] / med['raw']:.2f} ({paired['raw']:.2f})",
                     f"{med['ours'] / med['captum ibs=50']:.2f} ({paired['captum ibs=50']:.2f})",
                     f"{med['ours'] / med['captum default']:.2f} ({paired['captum default']:.2f})",
                     "yes" if med["ours"] / med["raw"] <= TARGET_RAW else "NO",
                     "yes" if med["ours"] / best_captum <= TARGET_CAPTUM else "NO",
                     f"{max(d50, dnone):.1e}", n_rounds])
        s = {k: T.median([c[k] for c in split.calls]) for k in ("prepare", "gradients", "outputs_at", "total")}
        rest = T.median([c["total"] - c["prepare"] - c["gradients"] - c["outputs_at"] for c in split.calls])
        size = max(1, m.batch_tokens // L)  # the chunk TextPrepared.chunk_size picks
        chunks = [min(size, N_STEPS - s0) for s0 in range(0, N_STEPS, size)]
        split_rows.append([L, "+".join(map(str, chunks)), T.ms(s["prepare"]), T.ms(s["gradients"]),
                           T.ms(s["outputs_at"]), T.ms(rest), T.ms(s["total"]),
                           f"{s['gradients'] / med['raw']:.2f}",
                           f"{(s['prepare'] + s['outputs_at']) / s['total'] * 100:.1f}%"])
        print(f"L={L}: {n_rounds} rounds in {time.perf_counter() - t0:.0f}s; max |ours - captum| = {d50:.2e} "
              f"(ibs=50), {dnone:.2e} (default); max |attribution| = {np.abs(last['ours']).max():.3f}", flush=True)

    print("\nIntegrated gradients, n_steps=50: median wall time in ms (min-max over the rounds); ratios are ratios "
          "of medians (in parentheses: median of the per-round paired ratios)\n")
    print(T.table(["tokens", "raw 50 fwd+bwd", "ours", "captum ibs=50", "captum default", "ours/raw",
                   "ours/captum50", "ours/captum default", f"ours/raw<={TARGET_RAW}",
                   f"ours/best captum<={TARGET_CAPTUM}", "max|diff|", "rounds"], rows))
    print("\nWhere the time of ours goes (medians, ms): prepare = tokenise + 1 prediction forward; engine = the 50 "
          "path points in the library's chunks (forward+backward); endpoints = forward on [x, x'] for f(x), f(x')\n")
    print(T.table(["tokens", "chunks", "prepare", "engine", "endpoints", "rest", "total", "engine/raw",
                   "prepare+endpoints share"], split_rows))
    ok = all(d < 1e-5 for d in diffs)
    print(f"\nagreement with captum (max |diff| < 1e-5 at every length): {'yes' if ok else 'NO'}; "
          f"total wall time {time.perf_counter() - t_start:.0f}s; load avg at end "
          f"{'%.2f %.2f %.2f' % os.getloadavg()}")
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
