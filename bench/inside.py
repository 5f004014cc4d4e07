"""Benchmarks of the layer methods, each a ratio to its peer measured in the same run.

    .venv/bin/python bench/inside.py [--examples 100] [--runs 20] [--rounds 3]

1. TCAV, 3 concepts (General Inquirer positive / negative / neutral words, 200 each) x 3 layers (1, 3, 5) x
   ``--runs`` random runs (plus as many random-vs-random runs for the significance test) on ``--examples``
   held-out snippets, default model. Ours: ``xw.concept_test`` (fits its own logistic-regression CAVs on pooled
   activations). Peer: captum's ``TCAV`` on the same concepts, layers, random sets and examples; captum flattens
   [tokens, hidden] activations, so every input is padded to one length (captum#1570), and it is handed *our*
   CAVs (tiled over the token positions, which gives the same directional derivative as our mean pooling: the
   gradient is zero at padded positions) through a classifier that trains nothing, so that its scores must equal
   ours. Its activations go through its on-disk store (a temporary folder), as captum requires. Target: >= 5x.
2. Grad-CAM per image on EfficientNet-Lite0 (last conv, 224 x 224, upsampled): ours against captum's
   ``LayerGradCam`` + ``LayerAttribution.interpolate``, equal maps checked. Target: within 1.1x.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _timing as T  # noqa: E402

CONCEPTS = ["positive", "negative", "neutral"]
LAYERS = [1, 3, 5]


def captum_tcav(adapter, result, concept_sets, random_sets, examples, R):
    """Captum's TCAV on padded inputs with our CAVs; returns (sign-count scores [C, L, R], random [L, R])."""
    from captum.concept import TCAV, Concept
    from captum.concept._utils.classifier import Classifier

    pad = adapter.pad_id
    every = [t for v in concept_sets.values() for t in v] + [t for s in random_sets for t in s] + list(examples)
    L = max(len(adapter.encode(t, warn=False).input_ids) for t in every)

    def padded(texts):
        ids = torch.full((len(texts), L), pad, dtype=torch.long)
        for i, t in enumerate(texts):
            e = adapter.encode(t, warn=False).input_ids
            ids[i, : len(e)] = torch.as_tensor(e)
        return ids

    class Wrapped(torch.nn.Module):
        def __init__(self, m):
            super().__init__()
            self.m = m

        def forward(self, ids):
            return self.m(input_ids=ids, attention_mask=(ids != pad).long()).logits

    C = len(concept_sets)
    queue = []  # captum trains per experimental set, then per layer: feed our CAVs in that order
    for ci in range(C):
        for r in range(R):
            for li in range(len(LAYERS)):
                queue.append(result.cavs[li, ci * R + r])
    for r in range(R):
        for li in range(len(LAYERS)):
            queue.append(result.cavs[li, C * R + r])

    class OurCavs(Classifier):
        def __init__(self):
            self._classes, self._v = [], None

        def train_and_eval(self, dataloader, **kwargs):
            ids = set()
            for _, y in dataloader:
                ids.update(int(v) for v in y)
            self._classes = sorted(ids)
            self._v = torch.as_tensor(np.tile(queue.pop(0), L), dtype=torch.float32)
            return {"accs": torch.tensor(1.0)}

        def weights(self):  # rows in the order of classes(): the concept (lower id) first
            return torch.stack([self._v, -self._v])

        def classes(self):
            return self._classes

    def batches(texts):
        x = padded(texts)
        return [x[s: s + 64] for s in range(0, len(x), 64)]

    model = Wrapped(adapter.model).eval()
    cid = iter(range(10 ** 6))
    concepts = [Concept(next(cid), n, batches(v)) for n, v in concept_sets.items()]
    randoms = [Concept(next(cid), f"random_{i}", batches(s)) for i, s in enumerate(random_sets)]
    sets = [[c, randoms[r]] for c in concepts for r in range(R)] + [[randoms[r], randoms[R + r]] for r in range(R)]
    with tempfile.TemporaryDirectory() as tmp:
        tcav = TCAV(model, [f"m.bert.encoder.layer.{k}.output" for k in LAYERS], classifier=OurCavs(),
                    save_path=tmp)
        out = tcav.interpret(padded(examples), sets, target=1)
    scores = np.zeros((C, len(LAYERS), R))
    rnd = np.zeros((len(LAYERS), R))
    for j, s in enumerate(sets):
        key = "-".join(str(c.id) for c in s)
        for li, k in enumerate(LAYERS):
            v = float(out[key][f"m.bert.encoder.layer.{k}.output"]["sign_count"][0])
            if j < C * R:
                scores[j // R, li, j % R] = v
            else:
                rnd[li, j - C * R] = v
    return scores, rnd


def bench_tcav(args):
    import xai_widgets as xw
    from xai_widgets._rng import make_rng
    from xai_widgets.concepts.pools import concept_examples, random_pool

    adapter = xw.load_model()
    kw = dict(model=adapter, target=1, layers=LAYERS, random_concepts=args.runs, n_examples=args.examples, seed=0)
    ours = xw.concept_test(CONCEPTS, **kw)
    # the same concept and random sets concept_test drew (its seeded generator, in its order)
    rng = make_rng(0)
    sets = concept_examples(CONCEPTS)
    for name, ex in sets.items():
        if len(ex) > 200:
            sets[name] = [ex[i] for i in sorted(rng.choice(len(ex), 200, replace=False))]
    pool = random_pool("auto", sets)
    size = min(max(len(v) for v in sets.values()), len(pool))
    random_sets = [[pool[i] for i in rng.choice(len(pool), size, replace=False)] for _ in range(2 * args.runs)]
    state = {}

    def run_ours():
        state["ours"] = xw.concept_test(CONCEPTS, **kw)

    def run_captum():
        state["captum"] = captum_tcav(adapter, ours, sets, random_sets, ours.examples, args.runs)

    times = T.interleaved({"ours": run_ours, "captum": run_captum}, rounds=args.rounds, warmup=0)
    sc, rnd = state["captum"]
    equal = bool(np.allclose(sc, ours.scores) and np.allclose(rnd, ours.random_scores))
    t_ours, t_captum = np.median(times["ours"]), np.median(times["captum"])
    print(f"TCAV {len(CONCEPTS)} concepts x {len(LAYERS)} layers x {args.runs} runs, {len(ours.examples)} examples: "
          f"ours {t_ours:.1f} s, captum {t_captum:.1f} s -> captum/ours = {t_captum / t_ours:.1f}x "
          f"(target >= 5x); scores equal: {equal} (max |diff| {np.abs(sc - ours.scores).max():.3g})")
    return t_captum / t_ours, equal


def bench_grad_cam(args):
    from captum.attr import LayerAttribution, LayerGradCam

    import xai_widgets as xw

    img = xw.load_image_model()
    photo = xw.sample_images("grace_hopper")
    x = img.to_tensor(img.image(photo))[None]
    layer = img.layer(None)
    t = int(img.predict_proba(photo)[0].argmax())
    state = {}

    def ours():
        state["ours"] = xw.explain(photo, model=img, method="grad_cam", target=t).heatmap[0]

    def captum():
        a = LayerGradCam(img.model, layer).attribute(x, target=t, relu_attributions=True)
        state["captum"] = LayerAttribution.interpolate(a, (224, 224), interpolate_mode="bilinear")[0, 0].detach()

    times = T.interleaved({"ours": ours, "captum": captum}, rounds=max(10, 4 * args.rounds), warmup=2)
    diff = float(np.abs(state["ours"] - state["captum"].numpy()).max())
    t_o, t_c = np.median(times["ours"]), np.median(times["captum"])
    print(f"Grad-CAM per image (EfficientNet-Lite0, 224 px): ours {1000 * t_o:.0f} ms, captum {1000 * t_c:.0f} ms "
          f"-> ours/captum = {t_o / t_c:.2f}x (target <= 1.1x; ours includes loading and cropping the image); "
          f"max |diff| {diff:.2g}")
    return t_o / t_c


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--examples", type=int, default=100)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    print(T.machine())
    bench_grad_cam(args)
    bench_tcav(args)


if __name__ == "__main__":
    main()
