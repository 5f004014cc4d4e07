"""Benchmarks of the example-based explanations and the attacks, on the default model.

    .venv/bin/python bench/examples.py [--train 1000] [--texts 50]

1. TracIn over the default model's three saved checkpoints (the classifier layer, ``--train`` training snippets,
   one query): ours (``xw.influence(method="tracin", layers="classifier")``, factorised, representations cached
   per checkpoint) against captum's ``TracInCPFast`` (final fc layer, the same checkpoints through
   ``checkpoints_load_func``), equal scores checked. Both run cold (no cached representation) and, for ours, warm
   (a second query), since a user asks many queries of one training set. Target: cold within 1.2x, warm >= 50x.
2. Per-query time of every influence method once the training representations are cached (all 10,876 snippets).
3. ``xw.attack_dataset`` on ``--texts`` held-out snippets, max 3 words: success rate, words changed, model calls
   and seconds per text for each method. No peer runs here: TextAttack downloads NLTK data on import (no network
   here) and its gradient HotFlip refuses Hugging Face models (TextAttack#256); OpenAttack is not installable
   offline. The figures are ours alone.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))


#: the queries of section 2 (the per-query time is their median)
QUERIES = ["the plot is dull and the acting is wooden.", "a gorgeous, witty, seductive movie.",
           "not worth the price of the ticket.", "sweet, funny and over far too soon.",
           "an ambitious mess that never finds its footing."]


def captum_tracin(adapter, texts, labels, query, pred, rows, tmp):
    from captum.influence import TracInCPFast
    from safetensors.torch import load_file, save_file

    final = Path(tmp) / "final.safetensors"
    save_file({n: p.detach().contiguous() for n, p in adapter.model.named_parameters() if p.requires_grad
               and "word_embeddings" not in n}, str(final))
    paths = [r["path"] or str(final) for r in rows]
    lrs = {p: r["lr"] for p, r in zip(paths, rows)}
    encs = [adapter.encode(t, warn=False).input_ids for t in texts]

    class Data(torch.utils.data.Dataset):
        def __len__(self):
            return len(encs)

        def __getitem__(self, i):
            return encs[i], labels[i]

    def collate(batch):
        L = max(len(e) for e, _ in batch)
        ids = torch.tensor([e + [adapter.pad_id] * (L - len(e)) for e, _ in batch])
        return ids, (ids != adapter.pad_id).long(), torch.tensor([y for _, y in batch])

    class Wrapped(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner
            self.classifier = inner.classifier

        def forward(self, ids, mask):
            return self.inner(input_ids=ids, attention_mask=mask).logits

    import copy

    wrapped = Wrapped(copy.deepcopy(adapter.model).eval())

    def load(model, path):
        model.inner.load_state_dict(load_file(path), strict=False)
        return lrs[path]

    start = time.perf_counter()
    tracin = TracInCPFast(wrapped, wrapped.classifier, torch.utils.data.DataLoader(Data(), batch_size=64,
                                                                                  collate_fn=collate),
                          paths, checkpoints_load_func=load, loss_fn=torch.nn.CrossEntropyLoss(reduction="sum"),
                          batch_size=64)
    q = adapter.encode(query).input_ids
    ids = torch.tensor([q])
    with torch.no_grad():
        scores = tracin.influence((ids, torch.ones_like(ids), torch.tensor([pred])), k=None)[0].numpy()
    return scores, time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", type=int, default=1000)
    ap.add_argument("--texts", type=int, default=50)
    ap.add_argument("--only-tracin", action="store_true")
    ap.add_argument("--only-attacks", action="store_true")
    ap.add_argument("--only-queries", action="store_true", help="only the per-query times (section 2)")
    args = ap.parse_args()
    torch.set_num_threads(2)
    import xai_widgets as xw
    from xai_widgets.data import rotten_tomatoes_split
    import importlib

    inf = importlib.import_module("xai_widgets.examples.influence")
    from xai_widgets.models import resolve_model
    from xai_widgets.models.default import checkpoints

    adapter = resolve_model(None)
    train_df, held = rotten_tomatoes_split()
    sub = train_df.iloc[: args.train]
    texts, labels = list(sub["text"]), sub["label"].to_numpy()
    rows = checkpoints()
    query = "a gorgeous, witty, seductive movie."
    if args.only_attacks:
        return attacks(xw, held, args.texts)
    if args.only_queries:
        return queries(xw, args)
    print(f"1. TracIn, {len(rows)} checkpoints, classifier layer, {len(texts)} training snippets")
    inf._CACHE.clear()
    start = time.perf_counter()
    ours = xw.influence(query, k=len(texts), train=(texts, labels), layers="classifier")
    cold = time.perf_counter() - start
    start = time.perf_counter()
    xw.influence("the plot is dull and the acting is wooden.", k=len(texts), train=(texts, labels),
                 layers="classifier")
    warm = time.perf_counter() - start
    pred = adapter.labels.index(ours.query_prediction)
    with tempfile.TemporaryDirectory() as tmp:
        ref, t_captum = captum_tracin(adapter, texts, labels, query, pred, rows, tmp)
    got = np.zeros(len(texts))
    for i, s in zip(ours.indices[: len(texts)], ours.scores[: len(texts)]):
        got[i] = s
    # captum's TracInCPFast leaves out the final layer's bias (the "+ 1" of (d.d)(p.p + 1)); ours includes it.
    # Without it, ours must equal captum's:
    points = inf._checkpoint_features(adapter, inf.resolve_checkpoints(adapter, None), texts, labels, query,
                                      "classifier")
    no_bias = sum(lr * ((q.delta(np.array([pred])) @ tf.delta(labels).T) * (q.p @ tf.p.T))[0]
                  for tf, q, lr, _ in points)
    rel = float(np.abs(no_bias - ref).max() / np.abs(ref).max())
    bias_share = float(np.abs(got - no_bias).max() / np.abs(got).max())
    print(f"   ours cold {cold:.1f} s, warm {warm:.3f} s; captum TracInCPFast {t_captum:.1f} s; ours without the "
          f"bias term vs captum: max |diff| / max |score| = {rel:.1e}; the bias term's share of ours: "
          f"{bias_share:.1e}")
    print(f"   ratio captum / ours: cold {t_captum / cold:.2f}x, warm {t_captum / warm:.0f}x")

    if args.only_tracin:
        return
    queries(xw, args)
    attacks(xw, held, args.texts)


def queries(xw, args):
    query = "a warm-up query that is not timed."
    print("2. per-query seconds with the 10,876 training representations cached")
    xw.influence(query, method="knn")  # builds the final-weights cache
    for method, kw in (("knn", {}), ("tracin", {"checkpoints": "final"}), ("tracin", {}), ("representer", {}),
                       ("influence_function", {}), ("influence_function", {"layers": "classifier"})):
        xw.influence(query, method=method, **kw)  # warm every cache (checkpoints, refit, inverse)
        times = []
        for q in QUERIES:
            start = time.perf_counter()
            res = xw.influence(q, method=method, **kw)
            times.append(time.perf_counter() - start)
        extra = f", CG iterations {res.diagnostics['cg_iterations']}" if method == "influence_function" else ""
        print(f"   {method} {kw or ''}: median {np.median(times):.3f} s over {len(QUERIES)} queries "
              f"(min {min(times):.3f}, max {max(times):.3f}){extra}")


def attacks(xw, held, n):
    print(f"3. attacks on {n} held-out snippets, max 3 words")
    rng = np.random.default_rng(0)
    pick = list(held["text"].iloc[np.sort(rng.choice(len(held), n, replace=False))])
    summary = xw.attack_dataset(pick, max_changes=3)
    print(summary.to_pandas().to_string(index=False, float_format=lambda v: f"{v:.3f}"))


if __name__ == "__main__":
    main()
