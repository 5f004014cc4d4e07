"""Writes notebooks/01_token_attributions.ipynb (without outputs) from the cells below.

Edit the cells here, then run from the repository root:

    .venv/bin/python notebooks/tools/build_01_token_attributions.py

tests/test_notebooks.py executes the notebook. Every number or ranking the prose states is checked by an assert
in a code cell, so a change of the model or of a method that contradicts the text fails the test.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from nbtools import Cells  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "01_token_attributions.ipynb"
CELLS = Cells()
md, code = CELLS.md, CELLS.code


# ============================================================================ title
md(r"""
# Tutorial 01 — Token attributions: which words made the model decide?

We explain the predictions of a small sentiment classifier, one token at a time, with eight attribution
methods. For every method we write down the formula, compute it once **by hand** (a few lines of torch or
numpy), and check that `xai_widgets` gives the same numbers.

The worked examples come from five Chinese blog articles on explaining pretrained models. Their formulas are
mostly right, but their code does not run or does not compute what it claims. We run their code where it is
short, show the error, and fix it.

Runtime: about 60 s on a 2-core CPU once the default model is cached (the very first run builds it, a
few minutes more). The papers behind every method are listed under **References** at the end; **Exercises**
with worked solutions come just before them.
""")

CELLS.colab()

md(r"""
## What you will learn

1. The difference between **gradient** methods (look inside the network) and **perturbation** methods (only call it).
2. Eight methods, each with its formula: saliency, gradient × input, integrated gradients, SmoothGrad,
   GradientSHAP, occlusion, LIME and SHAP.
3. How to **check** an explanation: recompute it by hand, and test completeness (the scores add up to the
   change of the model output).
4. Why gradients must be taken with respect to **embeddings**, not token ids.
5. How to compare methods on one sentence, and how far they agree.
""")

md(r"""
## What we fixed from the articles

| Article | What its code does | What goes wrong | What this notebook does |
|---|---|---|---|
| seed 004 | `inputs['input_ids'].requires_grad = True`, then `outputs[0].mean().backward()` on a `BertModel` | Token ids are integers: torch refuses to track their gradient. A `BertModel` has no class output: the mean of hidden states is not a prediction. | Gradient of a **class probability** of a **classifier** with respect to the **input embeddings** (§2, §3). |
| seed 000 | LIME with a `BertModel`; `predict_proba` reads `outputs.logits` and tokenises all samples in one call with autograd on | `BertModel` outputs have no `.logits` (AttributeError). One un-batched call over 5000 samples that also records gradients wastes memory. | A classifier and its batched, no-grad `m.predict_proba`; `method="lime"` (§8). |
| seed 002 | `BertForSequenceClassification.from_pretrained('bert-base-uncased')`, then `GradientCAM(...)`, `captum.concept.ConceptActivationVectors(...)`; `IntegratedGradients(model).attribute(input_ids)` printed as "SHAP values" | A base checkpoint has no trained classification head: the head is random and its explanations are noise. These captum classes do not exist. IG cannot interpolate integer ids. IG values are not SHAP values. | A fine-tuned classifier throughout (Exercise 2 shows what a random head explains); captum's `LayerIntegratedGradients` on the word-embedding layer, equal to `method="integrated_gradients"` (§4); real SHAP values with `method="shap"` (§9). Grad-CAM and TCAV come in later tutorials. |
| seed 003 | saliency as `abs(text.grad)` after `F.cross_entropy(...).backward()`; says IG "considers the interactions between features" | A string (or an id tensor) has no `.grad`. IG gives one additive number per token: it splits an interaction between tokens, it does not show it. | Same fix as seed 004 (§2); the loss-gradient variant by hand (Exercise 3); IG on an interaction (§4, Exercise 1). |
| seed 001 | tabular examples on `load_boston`; LIME objective without its kernel | see the note below; the LIME formula omits the proximity weights | Text model instead; the full LIME objective with its kernel (§8); exact Shapley values by enumeration (§9). |

> **Pitfall.** Seed 001's examples load `sklearn.datasets.load_boston`, which fails on any current
> scikit-learn: the data set was removed in version 1.2 because of an ethical problem with it (one column was
> built from the proportion of Black residents). We do not replace it with another table: this notebook
> explains the text model throughout (tabular models come in tutorial 04).
""")

# ============================================================================ 0 setup
md(r"""
## 1. Set-up: the model and the example sentences

`xw.load_model()` returns the embedded default classifier: all-MiniLM-L6-v2 fine-tuned on Rotten Tomatoes
movie-review snippets (labels `negative`, `positive`).
""")

code(r"""
import math
import itertools
import time

import numpy as np
import pandas as pd
import torch
import matplotlib.pyplot as plt

import xai_widgets as xw

T0 = time.perf_counter()
torch.manual_seed(0)
m = xw.load_model()
print(m)
print("held-out accuracy:", m.card["heldout_accuracy"], "| majority baseline:", m.card["majority_baseline"])
""")

md(r"""
These are the sentences the articles use, plus one mixed review (negative start, positive end) that makes the
methods work harder.
""")

code(r"""
SENTENCES = {
    "seed 000 (LIME)": "This movie is great!",
    "seed 002 (IG)": "This movie is amazing!",
    "seed 004 (saliency)": "Hello, my dog is cute",
    "mixed review": "The plot is thin and the acting wooden, yet the final act somehow lands "
                    "with real emotional force.",
}
probs = m.predict_proba(list(SENTENCES.values()))
pd.DataFrame(probs, index=list(SENTENCES), columns=m.labels).round(3)
""")

code(r"""
print(xw.available_methods())
""")

md(r"""
This notebook covers the eight token-attribution methods; attention-based methods (if listed above) come in
a later tutorial.
""")

md(r"""
**Notation.** A sentence becomes tokens $t_1,\dots,t_n$ (with `[CLS]` and `[SEP]` around them). Each token
is looked up in the embedding table: $x_i = E[t_i] \in \mathbb{R}^{384}$. The model output we explain is
$F(x) = p(\text{class} \mid x)$, a probability. An attribution gives every token $i$ one number $a_i$.

* **Gradient methods** (§2–§6) differentiate $F$ with respect to the embeddings $x_i$.
* **Perturbation methods** (§7–§9) hide tokens, call the model again, and compare outputs.
""")

# ============================================================================ 2 saliency
md(r"""
## 2. Gradient saliency (seed 004: "Hello, my dog is cute")

How sensitive is the output to each token? Gradient saliency (Simonyan et al., 2014) answers with the
gradient; the article writes

$$S_i = \left|\frac{\partial F}{\partial x_i}\right| .$$

Here $x_i$ is a 384-dimensional vector, so $\partial F / \partial x_i$ is a vector too. We take its length
(the L2 norm over the embedding dimension):

$$S_i = \big\lVert \nabla_{x_i} F(x) \big\rVert_2 .$$
""")

md(r"""
### 2.1 The article's code

The article loads a bare `BertModel`, sets `requires_grad` on the token ids and back-propagates the mean of
the hidden states. We run it on the `BertModel` inside our classifier (`m.model.bert`).
""")

code(r"""
text = SENTENCES["seed 004 (saliency)"]
bert = m.model.bert                      # a BertModel: the encoder without the classification head
inputs = m.tokenizer(text, return_tensors="pt")
outputs = bert(**inputs)
print(type(outputs).__name__, "| outputs[0] shape:", tuple(outputs[0].shape), "| has .logits:", hasattr(outputs, "logits"))

assert tuple(outputs[0].shape) == (1, 8, 384) and not hasattr(outputs, "logits")

try:
    inputs["input_ids"].requires_grad = True      # the article's line
    raise AssertionError("torch accepted requires_grad on integer ids")
except RuntimeError as err:
    print("RuntimeError:", err)
""")

md(r"""
> **Pitfall.** Token ids are integers: no gradient can flow into them, and torch refuses `requires_grad`
> on them (the error above). Even if we skip that line, the backward pass goes into the model's *weights*;
> the ids never get a gradient (the cell below). And `outputs[0].mean()` is the average of the 8 × 384 hidden
> numbers printed above: it is not the score of any class, so its gradient explains nothing about a
> prediction.
""")

code(r"""
outputs[0].mean().backward()
print("gradient of the ids:", inputs["input_ids"].grad)
assert inputs["input_ids"].grad is None
m.model.zero_grad(set_to_none=True)      # clean up the weight gradients this left behind
""")

md(r"""
### 2.2 The fix, by hand

1. Look up the embeddings and mark *them* as requiring a gradient.
2. Run the **classifier** on `inputs_embeds` and take the probability of the class we explain.
3. Ask autograd for $\partial F / \partial x$.
""")

code(r"""
enc = m.encode(text)
ids = torch.tensor([enc.input_ids])
target = int(np.argmax(m.predict_proba([text])[0]))               # the predicted class
print("explaining class:", m.labels[target])

x = m.model.get_input_embeddings()(ids).detach().requires_grad_(True)   # [1, n, 384]
with torch.enable_grad():
    prob = torch.softmax(m.model(inputs_embeds=x).logits, dim=-1)[0, target]
    (grad,) = torch.autograd.grad(prob, x)

saliency_by_hand = grad[0].norm(dim=-1)                          # L2 norm over the 384 dimensions
pd.Series(saliency_by_hand.numpy(), index=enc.tokens, name="saliency by hand").round(4)
""")

md(r"""
### 2.3 The same with `xai_widgets`
""")

code(r"""
r_sal = xw.explain(text, model=m, method="saliency")
assert r_sal.targets == [target]
assert np.allclose(r_sal.scores[0], saliency_by_hand.numpy(), atol=1e-6)
print("by hand == xw.explain(method='saliency')")
r_sal.to_pandas().round(4)
""")

md(r"""
Displaying a result shows the **TokenHighlight** widget: colour = score, hover a token for its value.
""")

code(r"""
r_sal
""")

md(r"""
The same scores as a static matplotlib figure (visible even where widgets cannot run, e.g. on GitHub):
""")

code(r"""
r_sal.plot()
plt.show()
""")

md(r"""
> **Pitfall (seed 003).** Seed 003 computes `loss = F.cross_entropy(output, target)` and reads `text.grad`.
> A string has no gradient either; with the embeddings instead, the gradient of the loss for the true class
> is $-\nabla F / F$, so its saliency is the saliency above divided by the constant $F(x)$ (Exercise 3
> checks this by hand). Seed 001 normalises $S_i / \sum_j S_j$: also only a rescaling. Neither changes the
> ranking of the tokens.
""")

# ============================================================================ 3 grad x input
md(r"""
## 3. Gradient × input

Saliency says *how sensitive* the output is, not *in which direction*. Multiplying the gradient by the
embedding itself gives the first-order Taylor term of each token, which is signed:

$$a_i = x_i \cdot \nabla_{x_i} F(x) = \sum_{d=1}^{384} x_{i,d}\, \frac{\partial F}{\partial x_{i,d}} .$$
""")

code(r"""
gxi_by_hand = (grad[0] * x[0].detach()).sum(dim=-1)
r_gxi = xw.explain(text, model=m, method="gradient_x_input")
assert np.allclose(r_gxi.scores[0], gxi_by_hand.numpy(), atol=1e-6)
print("by hand == xw.explain(method='gradient_x_input')")
# what the text below says about this table
cute = enc.tokens.index("cute")
assert np.argmax(r_sal.scores[0]) == cute                       # saliency ranks "cute" first ...
assert np.abs(r_gxi.scores[0]).max() < 0.02                     # ... gradient x input is tiny everywhere,
assert np.argsort(-np.abs(r_gxi.scores[0])).tolist().index(cute) >= 2 and r_gxi.scores[0][cute] < 0  # "cute" 3rd or lower, negative
pd.DataFrame({"token": enc.tokens, "saliency": r_sal.scores[0], "gradient x input": r_gxi.scores[0]}).round(4)
""")

md(r"""
Positive $a_i$ pushes towards the explained class, negative pushes away. Gradient × input (Shrikumar et al.,
2016) is cheap (one backward pass) but only a local, linear picture. Look at the table: every value is below
0.02 in size, and "cute", the token saliency ranks first, is not first here and even gets a *negative*
score, as if it pushed away from *positive* (the asserts above check this). One gradient, taken at one point,
is a poor guide for a transformer; the next method integrates gradients along a whole path instead.
""")

# ============================================================================ 4 IG
md(r"""
## 4. Integrated gradients (seed 002: "This movie is amazing!")

Start from a **baseline** $x^b$ (here: every content token replaced by the `[PAD]` embedding) and walk in a
straight line to the input. Average the gradient along the way and multiply by the distance travelled
(seed 003's formula, which is correct):

$$\mathrm{IG}_i(x) = (x_i - x^b_i) \cdot \int_{0}^{1} \frac{\partial F\big(x^b + \alpha (x - x^b)\big)}{\partial x_i}\, d\alpha .$$

(As before, $x_i$ is a vector; we sum the product over the 384 dimensions.) This is the method of
Sundararajan et al. (2017).

> **Pitfall (seed 003).** Seed 003 says IG "considers the interactions between features". It does not: IG
> gives every token one number, and the numbers add up to $F(x) - F(x^b)$. When two tokens only matter
> *together*, IG splits their joint effect between them; nothing in the result tells an interaction apart from
> two separate effects. Exercise 1 shows two functions, one with an interaction and one without, that get
> identical IG scores.
""")

md(r"""
### 4.1 What seed 002 wrote

```python
grad_cam = GradientCAM(model, model.bert.encoder.layer[-1])
ig = IntegratedGradients(model)
shap_values = ig.attribute(encoding.input_ids, target=1)
print(f"SHAP values: {shap_values}")
cav = ConceptActivationVectors(model, layer=-1, concepts=concepts)     # from captum.concept
```

Three problems: the two classes do not exist in captum; IG interpolates its input between baseline and
input, which is meaningless for integer ids; and the result is called "SHAP values", which it is not.
""")

code(r"""
import captum.attr
import captum.concept

print("captum.attr.GradientCAM exists:", hasattr(captum.attr, "GradientCAM"),
      "| real name: LayerGradCam ->", hasattr(captum.attr, "LayerGradCam"))
print("captum.concept.ConceptActivationVectors exists:", hasattr(captum.concept, "ConceptActivationVectors"),
      "| real API: TCAV ->", hasattr(captum.concept, "TCAV"))

text = SENTENCES["seed 002 (IG)"]
ids = torch.tensor([m.encode(text).input_ids])
try:
    captum.attr.IntegratedGradients(lambda i: m.model(input_ids=i).logits).attribute(ids, target=1)
except RuntimeError as err:
    print("RuntimeError:", str(err)[:160])
""")

md(r"""
Grad-CAM and concept vectors (TCAV) are not covered here; they come in later tutorials.

### 4.2 Integrated gradients with `xai_widgets`
""")

code(r"""
r_ig = xw.explain(text, model=m, method="integrated_gradients", target="positive", n_steps=50, baseline="pad")
r_ig.to_pandas().round(4)
""")

code(r"""
r_ig
""")

md(r"""
### 4.3 Completeness: the scores add up

IG satisfies **completeness**: $\sum_i \mathrm{IG}_i(x) = F(x) - F(x^b)$. The gap left by the numerical
integral is reported as `diagnostics["convergence_delta"]`.
""")

code(r"""
d = r_ig.diagnostics
print(f"F(x)        = {d['f_input'][0]:.6f}")
print(f"F(baseline) = {d['f_baseline'][0]:.6f}")
print(f"F(x) - F(baseline) = {d['f_input'][0] - d['f_baseline'][0]:.6f}")
print(f"sum of scores      = {r_ig.scores.sum():.6f}")
print(f"convergence_delta  = {d['convergence_delta'][0]:.2e}")
assert abs(d["convergence_delta"][0]) < 1e-3
""")

md(r"""
The integral is computed numerically, so the gap depends on the number of steps and on the quadrature
rule. `xai_widgets` (like captum) uses the Gauss–Legendre rule by default; the trapezoid rule is the plain
Riemann sum with half weights at both ends. Which one needs fewer steps? Measure the gap for both:
""")

code(r"""
def ig_with_rule(text, rule, **params):
    # `rule` picks how the path integral is approximated
    return xw.explain(text, model=m, method="integrated_gradients", rule=rule, **params)

def ig_gap(text, rule, steps):
    return abs(ig_with_rule(text, rule, target="positive", n_steps=steps).diagnostics["convergence_delta"][0])

RULES, STEPS = ["riemann_trapezoid", "gausslegendre"], [4, 8, 16, 32, 64, 128]
gaps = pd.DataFrame({rule: [ig_gap(text, rule, n) for n in STEPS] for rule in RULES},
                    index=pd.Index(STEPS, name="n_steps"))
gaps.map("{:.1e}".format)
""")

md(r"""
Neither rule is simply "better"; the table shows two regimes:

* **Few steps (up to 16 here):** both rules are off by $10^{-3}$ to $10^{-1}$, and which one is closer changes
  with `n_steps` (the trapezoid rule at 4 and 16 steps, Gauss–Legendre at 8).
* **Enough steps (64 and more):** Gauss–Legendre is more than ten times closer and reaches the rounding
  level of float32 arithmetic (about $10^{-7}$), while the trapezoid gap only shrinks about 4× per doubling
  of `n_steps`: the $h^2$ error law of the trapezoid rule, with $h = 1/(n-1)$ the step.
""")

code(r"""
trap, gl = gaps["riemann_trapezoid"], gaps["gausslegendre"]
few, many = [4, 8, 16], [64, 128]
assert (gaps.loc[few] > 5e-4).all().all()                          # few steps: both rules are far off
assert trap[4] < gl[4] and gl[8] < trap[8] and trap[16] < gl[16]  # ... and the lead changes with n_steps
assert all(gl[n] * 10 < trap[n] for n in many) and gl[many].max() < 2e-6   # enough steps: GL far ahead
assert 3 < trap[64] / trap[128] < 5                                # trapezoid: ~4x per doubling (h^2)
print(f"trapezoid gap 64 -> 128 steps: {trap[64] / trap[128]:.1f}x smaller; "
      f"Gauss-Legendre at 64 steps is {trap[64] / gl[64]:.0f}x closer than the trapezoid rule")
""")

md(r"""
Is that only this sentence? The same comparison at 16 and 64 steps on all four example sentences:
""")

code(r"""
ahead = pd.DataFrame([{"sentence": name, **{f"{rule} @ {n}": ig_gap(s, rule, n) for n in (16, 64) for rule in RULES}}
                      for name, s in SENTENCES.items()]).set_index("sentence")
assert (ahead["riemann_trapezoid @ 16"] < ahead["gausslegendre @ 16"]).all()      # 16 steps: trapezoid closer on all four
assert (ahead["gausslegendre @ 64"] * 10 < ahead["riemann_trapezoid @ 64"]).all()  # 64 steps: GL >10x closer on all four
ahead.map("{:.1e}".format)
""")

md(r"""
Why two regimes? The gap is the quadrature error of one smooth function of $\alpha$,
$g(\alpha) = \frac{d}{d\alpha} F\big(x^b + \alpha(x - x^b)\big)$, since the IG scores add up to
$\int_0^1 g(\alpha)\,d\alpha$. The plot shows $F$ along the path: for the three short sentences it climbs
from $F(x^b)$ to $F(x)$ within about a third of the path, so $g$ is a narrow bump; for the mixed review it
rises, dips below $F(x^b)$ and rises again.

* A rule with too few nodes cannot resolve a narrow bump: where the nodes happen to fall decides the error,
  so at few steps the winner is luck.
* Once the nodes resolve it, Gauss–Legendre converges *exponentially* fast for a smooth (analytic) integrand
  (it is exact for polynomials of degree $< 2n$), while the trapezoid rule keeps an $h^2$ error term
  proportional to $g'(1) - g'(0)$ (Trefethen, 2008; Trefethen & Weideman, 2014). Here $g$ changes slowly
  near both ends (the curves below are flat at $\alpha = 1$ and bend only gently at $\alpha = 0$), which keeps
  that term small and is why the trapezoid rule does well early.

In practice: do not trust a rule, read `convergence_delta` (or `relative_delta`) and double `n_steps` until it
is small; the default, 50 Gauss–Legendre steps, gave a gap below $10^{-5}$ above.
""")

code(r"""
alphas = np.linspace(0, 1, 61)
emb = m.model.get_input_embeddings()
fig, ax = plt.subplots(figsize=(6, 3))
for name, s in SENTENCES.items():
    e = m.encode(s)
    x_s = emb(torch.tensor([e.input_ids])).detach()
    b_s = emb(torch.tensor([[t if sp else m.tokenizer.pad_token_id for t, sp in zip(e.input_ids, e.special)]])).detach()
    with torch.no_grad():
        F_path = torch.softmax(m.model(inputs_embeds=b_s + torch.tensor(alphas, dtype=x_s.dtype).view(-1, 1, 1) * (x_s - b_s)).logits, -1)[:, 1].numpy()
    ax.plot(alphas, F_path, label=name)
    rise = abs(F_path[-1] - F_path[0])
    if name != "mixed review":   # a third of the path (20 of 60 intervals) holds at least 80 % of the rise
        assert max(abs(F_path[i + 20] - F_path[i]) for i in range(41)) >= 0.8 * rise
    else:                        # the mixed review dips below its baseline value on the way
        assert F_path.min() < F_path[0] - 0.05
ax.set_xlabel("alpha (0 = baseline, 1 = sentence)"); ax.set_ylabel("p(positive)"); ax.legend(fontsize=7)
plt.show()
""")

md(r"""
### 4.4 The integral by hand

A midpoint Riemann sum with 20 steps, in six lines of torch:
""")

code(r"""
enc = m.encode(text)
emb = m.model.get_input_embeddings()
x = emb(torch.tensor([enc.input_ids])).detach()
xb = emb(torch.tensor([[t if s else m.tokenizer.pad_token_id for t, s in zip(enc.input_ids, enc.special)]])).detach()

steps = 20
alphas = (torch.arange(steps) + 0.5) / steps
path = (xb + alphas.view(-1, 1, 1) * (x - xb)).requires_grad_(True)   # [steps, n, 384]
with torch.enable_grad():
    p_pos = torch.softmax(m.model(inputs_embeds=path).logits, dim=-1)[:, 1]
    (g,) = torch.autograd.grad(p_pos.sum(), path)
ig_by_hand = ((x - xb)[0] * g.mean(dim=0)).sum(dim=-1)

r20 = ig_with_rule(text, "riemann_middle", target="positive", n_steps=20)
assert np.allclose(r20.scores[0], ig_by_hand.numpy(), atol=1e-5)
pd.DataFrame({"token": enc.tokens, "IG by hand (20 steps)": ig_by_hand.numpy(), "xw (riemann_middle, 20)": r20.scores[0]}).round(4)
""")

md(r"""
### 4.5 The fix for seed 002: captum's `LayerIntegratedGradients`

captum can do it properly: give it the token ids, and tell it to interpolate at the output of the
word-embedding layer. Same baseline, same 50 Gauss–Legendre steps, same numbers:
""")

code(r"""
from captum.attr import LayerIntegratedGradients

def forward(input_ids):
    return torch.softmax(m.model(input_ids=input_ids).logits, dim=-1)

ids = torch.tensor([enc.input_ids])
baseline_ids = torch.tensor([[t if s else m.tokenizer.pad_token_id for t, s in zip(enc.input_ids, enc.special)]])
lig = LayerIntegratedGradients(forward, m.model.bert.embeddings.word_embeddings)
attr = lig.attribute(ids, baselines=baseline_ids, target=1, n_steps=50)
captum_scores = attr.sum(dim=-1)[0].detach().numpy()

assert np.allclose(captum_scores, r_ig.scores[0], atol=1e-5)
pd.DataFrame({"token": enc.tokens, "captum LayerIntegratedGradients": captum_scores,
              "xw integrated_gradients": r_ig.scores[0]}).round(5)
""")

md(r"""
### 4.6 The baseline is a choice

"Absence of a word" can be modelled as `[PAD]`, `[MASK]` or a zero vector. The baseline output
$F(x^b)$ changes, and with it what the scores add up to:
""")

code(r"""
rows = []
for b in ["pad", "mask", "zero"]:
    r = xw.explain(text, model=m, method="integrated_gradients", target="positive", baseline=b)
    rows.append({"baseline": b, "F(baseline)": r.diagnostics["f_baseline"][0], "sum of scores": r.scores.sum(),
                 "top token": r.top_tokens(1)[0][0], "top score": r.top_tokens(1)[0][1],
                 "F(x)": r.diagnostics["f_input"][0]})
baselines = pd.DataFrame(rows)
assert baselines["F(baseline)"].nunique() == 3                                    # F(baseline) changes ...
assert np.allclose(baselines["sum of scores"], baselines["F(x)"] - baselines["F(baseline)"], atol=1e-3)  # ... and the sum with it
baselines.drop(columns="F(x)").round(4)
""")

# ============================================================================ 5 smoothgrad
md(r"""
## 5. SmoothGrad

Gradients of deep networks are noisy: a tiny change of the input can change them a lot. SmoothGrad
(Smilkov et al., 2017) averages
the gradient over $N$ noisy copies of the embeddings, then takes the norm per token as saliency does:

$$\hat S_i = \Big\lVert \frac{1}{N}\sum_{k=1}^{N} \nabla_{x_i} F\big(x + \varepsilon_k\big) \Big\rVert_2,
\qquad \varepsilon_k \sim \mathcal N(0, \sigma^2 I),\quad \sigma = \lambda\,(\max x - \min x),$$

where $\lambda$ is the parameter `noise_level` and $\max x - \min x$ the range of the embedding values.
""")

code(r"""
r_sg = xw.explain(text, model=m, method="smoothgrad", target="positive", n_samples=50, noise_level=0.1, seed=0)
r_s = xw.explain(text, model=m, method="saliency", target="positive")
print("sigma =", round(r_sg.params["sigma"], 4))
# the two observations below
assert r_s.scores[0].max() < 0.01 and r_s.probabilities[1] > 0.98            # saturated: tiny gradients
assert (r_sg.scores[0] / r_s.scores[0]).min() > 50                            # SmoothGrad > 50x larger, every token
special = np.array(r_sg.special)
assert r_sg.scores[0][special].min() > 0.4 * r_sg.scores[0].max()             # [CLS], [SEP] score high too
pd.DataFrame({"token": r_sg.tokens, "saliency": r_s.scores[0], "smoothgrad": r_sg.scores[0]}).round(4)
""")

md(r"""
Two things stand out.

* Plain **saliency is tiny** here (below 0.01): the model is 98 % sure, the softmax is flat, so the gradient
  nearly vanishes. This *saturation* is the reason IG integrates along a path instead.
* **SmoothGrad is more than 50 times larger on every token, and even `[CLS]` and `[SEP]` score at least
  40 % of its top score.** Is the noise small? Compare its
  size with the embeddings themselves:
""")

code(r"""
x = m.model.get_input_embeddings()(torch.tensor([m.encode(text).input_ids]))[0].detach()
sigma = r_sg.params["sigma"]
noisy = x + sigma * torch.randn(50, *x.shape, generator=torch.Generator().manual_seed(0))
with torch.no_grad():
    p_noisy = torch.softmax(m.model(inputs_embeds=noisy).logits, dim=-1)[:, 1]
print(f"mean |x_i| = {x.norm(dim=-1).mean():.2f}   mean |noise_i| = {(noisy - x).norm(dim=-1).mean():.2f}")
print(f"p(positive): sentence {r_sg.probabilities[1]:.3f}, noisy copies {p_noisy.mean():.3f} on average "
      f"(min {p_noisy.min():.3f})")
assert 1.8 < float((noisy - x).norm(dim=-1).mean() / x.norm(dim=-1).mean()) < 2.5   # noise ~2x the embedding
assert p_noisy.mean() < r_sg.probabilities[1] - 0.15                                # copies are other "sentences"
""")

md(r"""
With `noise_level=0.1` (the usual choice for images) the noise vector of each token is about twice as long
as the token's embedding: the noisy copies are no longer the same sentence. For token embeddings a much
smaller `noise_level` is needed. In the table below, 0.02 gives back plain saliency (within 20 %), 0.1 is
noise only, and 0.05 lies in between: larger scores, the same top token. That narrow range is why
`xai_widgets` defaults to `noise_level=0.05`:
""")

code(r"""
rows = {f"noise_level={nl}": xw.explain(text, model=m, method="smoothgrad", target="positive", n_samples=50,
                                        noise_level=nl, seed=0).scores[0] for nl in [0.02, 0.05, 0.1]}
sal = r_s.scores[0]
assert np.allclose(rows["noise_level=0.02"], sal, rtol=0.2)          # 0.02: no effect, same as saliency
assert r_sg.tokens[int(np.argmax(rows["noise_level=0.05"]))] == "amazing" == r_sg.tokens[int(np.argmax(sal))]
assert (rows["noise_level=0.05"] / sal).max() < 15                   # 0.05: changed, not yet dominated by noise
pd.DataFrame({"token": r_sg.tokens, "saliency": sal, **rows}).round(4)
""")

md(r"""
Like saliency, SmoothGrad is unsigned. `multiply_by_inputs=True` gives the signed "SmoothGrad × input".
""")

# ============================================================================ 6 gradient shap
md(r"""
## 6. GradientSHAP

GradientSHAP (Lundberg & Lee, 2017; the same idea as the "expected gradients" of Erion et al., 2021) is IG
with a *random* baseline $b$ (drawn from `[PAD]`, `[MASK]`, zero),
a *random* point $\alpha$ on the path and optional noise, averaged:

$$\phi_i = \mathbb{E}_{b,\ \alpha\sim U(0,1),\ \varepsilon}\Big[(x_i - b_i)\cdot
\frac{\partial F\big(b + \alpha(x-b) + \varepsilon\big)}{\partial x_i}\Big] .$$

Completeness now holds only on average: $\sum_i \phi_i \approx F(x) - \mathbb{E}_b[F(b)]$.
""")

code(r"""
rows = []
for n in [50, 500]:
    for seed in [0, 1]:
        r_gs = xw.explain(text, model=m, method="gradient_shap", target="positive", n_samples=n, seed=seed)
        rows.append({"n_samples": n, "seed": seed, "convergence_delta": r_gs.diagnostics["convergence_delta"][0],
                     "score of 'amazing'": r_gs.scores_for("positive")[r_gs.tokens.index("amazing")]})
gs = pd.DataFrame(rows)
rms = gs.groupby("n_samples")["convergence_delta"].apply(lambda d: float(np.sqrt(np.mean(d**2))))
print(f"RMS gap over the two seeds: {rms[50]:.3f} at 50 samples, {rms[500]:.3f} at 500 "
      f"({rms[50] / rms[500]:.1f}x smaller; 1/sqrt(N) predicts {math.sqrt(10):.1f}x)")
ig_gap_50 = abs(r_ig.diagnostics["convergence_delta"][0])
assert gs.groupby("n_samples")["convergence_delta"].nunique().min() == 2     # the gap changes with the seed
assert gs["convergence_delta"].abs().min() > 100 * ig_gap_50                  # ... and dwarfs IG's gap at 50 steps
assert 2 < rms[50] / rms[500] < 8                                              # 10x samples: a few times smaller
gs.round(4)
""")

md(r"""
The gap is random: it changes with the seed, and even at 500 samples it is more than a hundred times IG's
gap at 50 steps (§4.3). Completeness holds only on average, and more samples shrink the gap only slowly:
Monte Carlo error falls like $1/\sqrt{N}$, so 10× more samples should buy about $\sqrt{10} \approx 3$× less
error. The factor printed above is of that size; with only two seeds per row it cannot be measured more
precisely. A deterministic integral (IG) converges much faster than random sampling.
""")

# ============================================================================ 7 occlusion
md(r"""
## 7. Occlusion

The simplest perturbation method (Zeiler & Fergus, 2014, did it with grey squares on images): hide a token
(replace it by `[MASK]`), and measure the drop of the output:

$$a_i = F(x) - F(x_{\setminus i}) .$$

With `window=w`, windows of $w$ consecutive tokens are hidden and each token gets the mean drop of the
windows that cover it.
""")

code(r"""
text = SENTENCES["mixed review"]
enc = m.encode(text)
f_x = m.predict_ids([enc.input_ids])[0, 1]                        # p(positive)
hidden = []
for i in enc.content_positions:
    ids_i = list(enc.input_ids)
    ids_i[i] = m.tokenizer.mask_token_id
    hidden.append(ids_i)
occ_by_hand = f_x - m.predict_ids(hidden)[:, 1]                   # one batched call, no autograd

r_occ = xw.explain(text, model=m, method="occlusion", target="positive", window=1)
assert np.allclose(r_occ.scores[0, enc.content_positions], occ_by_hand, atol=1e-6)
print("by hand == xw.explain(method='occlusion')")
r_occ3 = xw.explain(text, model=m, method="occlusion", target="positive", window=3)
print("window=1 top:", [(t, round(s, 3)) for t, s in r_occ.top_tokens(4)])
print("window=3 top:", [(t, round(s, 3)) for t, s in r_occ3.top_tokens(4)])
""")

md(r"""
Occlusion only sees one token (or one window) missing at a time. When two words say the same thing, hiding
either one changes little, and both look unimportant; LIME and SHAP hide many tokens at once. Exercise 4
measures this on "A great, wonderful film.".
""")

# ============================================================================ 8 LIME
md(r"""
## 8. LIME (seed 000: "This movie is great!")

LIME (Ribeiro et al., 2016) fits a simple surrogate model to the classifier's outputs on perturbed copies of
the input.

### 8.1 The article's code

```python
model = BertModel.from_pretrained('bert-base-uncased')
def predict_proba(texts):
    inputs = tokenizer(texts, return_tensors='pt', padding=True, truncation=True)
    outputs = model(**inputs)
    return outputs.logits.softmax(dim=-1).detach().numpy()
```
""")

code(r"""
def predict_proba_article(texts, model):
    inputs = m.tokenizer(texts, return_tensors="pt", padding=True, truncation=True)
    outputs = model(**inputs)
    return outputs.logits.softmax(dim=-1).detach().numpy()

try:
    predict_proba_article(["This movie is great!"], m.model.bert)   # a BertModel, as in the article
except AttributeError as err:
    print("AttributeError:", err)
""")

md(r"""
> **Pitfall (seed 000).** A `BertModel` has no classification head, so there are no logits and no class
> probabilities. Swapping in `BertForSequenceClassification.from_pretrained('bert-base-uncased')` (as seed 002
> does) makes the code run but is no fix: a base checkpoint carries no trained head, transformers initialises
> it at random, and LIME then explains a random projection (Exercise 2).

With a
*classifier* the function runs, but two problems remain: it records the autograd graph (`detach()` comes
too late) and it sends every sample in one padded batch (LIME's default is 5000 samples).
""")

code(r"""
samples = ["This movie is great!", "This movie is", "movie great!", "This is"]
inputs = m.tokenizer(samples, return_tensors="pt", padding=True)
print("article's output tracks gradients:", m.model(**inputs).logits.requires_grad)

p_article = predict_proba_article(samples, m.model)
p_ours = m.predict_proba(samples)                                 # batched by a token budget, no autograd
assert np.allclose(p_article, p_ours, atol=1e-5)
print("same probabilities; m.predict_proba batches at most", m.batch_tokens, "tokens per forward pass")
""")

md(r"""
`m.predict_proba` has exactly the signature LIME needs (list of strings → array `[n, classes]`), so the
`lime` library can use it directly:
""")

code(r"""
from lime.lime_text import LimeTextExplainer

explainer = LimeTextExplainer(class_names=m.labels, random_state=0)
exp = explainer.explain_instance("This movie is great!", m.predict_proba, num_features=10, num_samples=500, labels=(1,))
lime_words = [(str(word), round(weight, 4)) for word, weight in exp.as_list(label=1)]
lime_words
""")

md(r"""
### 8.2 The LIME objective

Seed 001 gives LIME as a plain least-squares fit, $w = \arg\min_w \sum_{z} \big(f(z) - g(z)\big)^2$. It leaves
out what makes LIME *local*: each perturbed sample $z$ is weighted by its closeness to $x$, and the surrogate
is kept simple:

$$\xi(x) = \arg\min_{g} \sum_{z} \pi_x(z)\,\big(f(z) - g(z')\big)^2 + \Omega(g),
\qquad \pi_x(z) = \exp\!\Big(-\frac{D(x,z)^2}{2\sigma^2}\Big) .$$

Here $z' \in \{0,1\}^d$ says which tokens are kept, $g(z') = w_0 + w^\top z'$, $D$ is the cosine distance
× 100, $\sigma = 25$, and $\Omega$ is a ridge penalty $\lVert w\rVert^2$ (the `lime` library's defaults).
""")

code(r"""
text = SENTENCES["seed 000 (LIME)"]
r_lime = xw.explain(text, model=m, method="lime", target="positive", num_samples=500, seed=0)
print("R² of the local linear fit:", round(r_lime.diagnostics["r2"][0], 3))
r_lime
""")

md(r"""
### 8.3 LIME by hand

Draw the same neighbourhood (drop $k \sim U\{1..d\}$ random tokens, as `LimeTextExplainer` does), hide the
dropped tokens with `[MASK]`, weight by the kernel, fit a weighted ridge regression:
""")

code(r"""
from sklearn.linear_model import Ridge
from sklearn.metrics import pairwise_distances

enc = m.encode(text)
content = enc.content_positions
d, n_samples = len(content), 500
rng = np.random.RandomState(0)
Z = np.ones((n_samples, d), dtype=int)                            # row 0 = the sentence itself
for row, k in enumerate(rng.randint(1, d + 1, n_samples - 1), start=1):
    Z[row, rng.choice(d, k, replace=False)] = 0

masked = np.tile(enc.input_ids, (n_samples, 1))
masked[:, content] = np.where(Z == 1, masked[:, content], m.tokenizer.mask_token_id)
y = m.predict_ids(masked.tolist())[:, 1]                          # f(z) = p(positive)

D = pairwise_distances(Z, Z[:1], metric="cosine").ravel() * 100
pi = np.exp(-D**2 / (2 * 25**2))                                  # the proximity kernel the article omits
surrogate = Ridge(alpha=1.0).fit(Z, y, sample_weight=pi)

assert np.allclose(surrogate.coef_, r_lime.scores[0, content], atol=1e-6)
# the comparison below: the lime library drops "!", and both rank "great" first
assert "!" not in dict(lime_words) and lime_words[0][0] == "great"
assert enc.tokens[content[int(np.argmax(np.abs(surrogate.coef_)))]] == "great"
pd.DataFrame({"token": [enc.tokens[i] for i in content], "by hand": surrogate.coef_,
              "xw lime": r_lime.scores[0, content]}).round(4)
""")

md(r"""
Why do the `lime` library's word weights (§8.1) differ from these? `LimeTextExplainer` splits the *string*
into words (it drops "!") and deletes them, so the model sees shorter sentences; `xai_widgets` hides the
model's own *tokens* with `[MASK]`, keeping positions. Both are valid LIME; they answer slightly different
questions. Both agree that "great" carries the prediction.
""")

# ============================================================================ 9 SHAP
md(r"""
## 9. SHAP

### 9.1 Shapley values

SHAP (Lundberg & Lee, 2017) explains with Shapley values (Shapley, 1953). Seed 001 gives the Shapley value
of token $i$ among the tokens $N$:

$$\phi_i = \sum_{S \subseteq N\setminus\{i\}} \frac{|S|!\,(|N|-|S|-1)!}{|N|!}\Big(f(S\cup\{i\}) - f(S)\Big),$$

where $f(S)$ is the model output when only the tokens in $S$ are kept (the others become `[MASK]`). The
values add up exactly: $\sum_i \phi_i = f(N) - f(\varnothing)$ (efficiency).

With 4 tokens there are only $2^4 = 16$ coalitions: we can enumerate them all.
""")

code(r"""
text = "This movie is great"
enc = m.encode(text)
content = enc.content_positions
n = len(content)

def keep_only(S):
    return [t if (i not in content or content.index(i) in S) else m.tokenizer.mask_token_id
            for i, t in enumerate(enc.input_ids)]

coalitions = [frozenset(c) for k in range(n + 1) for c in itertools.combinations(range(n), k)]
f = dict(zip(coalitions, m.predict_ids([keep_only(S) for S in coalitions])[:, 1]))   # p(positive)

phi = np.zeros(n)
for i in range(n):
    for S in coalitions:
        if i not in S:
            phi[i] += math.factorial(len(S)) * math.factorial(n - len(S) - 1) / math.factorial(n) * (f[S | {i}] - f[S])

r_exact = xw.explain(text, model=m, method="shap", algorithm="exact", target="positive")
assert np.allclose(phi, r_exact.scores[0, content], atol=1e-5)
print(f"efficiency: sum(phi) = {phi.sum():.5f} = f(all) - f(none) = {f[frozenset(range(n))] - f[frozenset()]:.5f}")
assert abs(phi.sum() - (f[frozenset(range(n))] - f[frozenset()])) < 1e-6
pd.DataFrame({"token": [enc.tokens[i] for i in content], "Shapley by enumeration": phi,
              "xw shap (exact)": r_exact.scores[0, content]}).round(5)
""")

md(r"""
### 9.2 Longer texts: the Partition explainer

$2^n$ evaluations are impossible for a long review. The default `algorithm="partition"` uses the `shap`
library's Partition explainer: it splits the text into a hierarchy of token groups and computes Owen values
(Owen, 1977: Shapley values that respect the hierarchy) in `max_evals` model calls. Efficiency still holds:
""")

code(r"""
text = SENTENCES["mixed review"]
r_shap = xw.explain(text, model=m, method="shap", target="positive", max_evals=300, seed=0)
base = r_shap.diagnostics["base_values"][0]
print(f"f(all masked) = {base:.4f}, sum of SHAP values = {r_shap.scores.sum():.4f}, "
      f"f(x) = {r_shap.probabilities[1]:.4f}, gap = {r_shap.diagnostics['convergence_delta'][0]:.1e}")
assert abs(r_shap.scores.sum() - (r_shap.probabilities[1] - base)) < 1e-4
r_shap
""")

md(r"""
These, not seed 002's integrated gradients, are SHAP values.
""")

# ============================================================================ 10 comparison
md(r"""
## 10. All eight methods on one sentence

One call, one widget. `target="all"` explains both classes (switch the class in the widget); the **grid**
view shows every method as one row.
""")

code(r"""
text = SENTENCES["mixed review"]
ALL = ["saliency", "gradient_x_input", "integrated_gradients", "smoothgrad", "gradient_shap",
       "occlusion", "lime", "shap"]
c = xw.explain(text, model=m, methods=ALL, target="all",
               method_params={"lime": {"num_samples": 500}, "shap": {"max_evals": 300}})
print(c, "| explaining:", m.labels[c[0].target], f"p={c[0].probabilities[c[0].target]:.3f}")
c.widget(view="grid")
""")

md(r"""
What each method cost here (wall time for both classes; it differs from run to run and machine to machine):
""")

code(r"""
for r in c:
    print(f"{r.method:>22}: {r.diagnostics['seconds']:.2f} s")
""")
CELLS[-1].metadata["tags"] = ["volatile"]   # timings: not compared with the stored run

md(r"""
The same as a static figure (each row scaled to its own maximum, since the methods use different units):
""")

code(r"""
c.plot()
plt.show()
""")

md(r"""
### 10.1 How far do they agree?

For each method take its 3 tokens with the largest |score|, and count how many of them two methods share.
""")

code(r"""
top = {r.method: {tok for tok, _ in r.top_tokens(3)} for r in c}
overlap = pd.DataFrame([[len(top[a] & top[b]) for b in ALL] for a in ALL], index=ALL, columns=ALL)
overlap
""")

code(r"""
votes = pd.Series([tok for s in top.values() for tok in s]).value_counts()
print("tokens in the top 3 of how many methods:")
print(votes.to_string())
""")

md(r"""
Rank correlation (Spearman) of |score| over the content tokens — the whole ranking, not only the top:
""")

code(r"""
mask = ~np.array(c[0].special)
absolute = pd.DataFrame({r.method: np.abs(r.scores_for("positive"))[mask] for r in c})
absolute.corr(method="spearman").round(2)
""")

md(r"""
And the sign, for the signed methods: does the token push towards *positive* (+) or *negative* (−)?
""")

code(r"""
signed = [r for r in c if r.signed]
words = list(votes.index[:4])
signs = pd.DataFrame({r.method: [np.sign(r.scores_for("positive")[r.tokens.index(w)]) for w in words] for r in signed},
                     index=words).astype(int)
signs
""")

md(r"""
Before reading them together, the checks behind every statement of §10.2 (each line below fails loudly if a
table above stops saying what the text says):
""")

code(r"""
rho = absolute.corr(method="spearman")
absent = ["integrated_gradients", "gradient_shap", "occlusion", "lime", "shap"]
# 1. the methods that compare with "token absent" agree in sign on the four most-voted tokens ...
assert words[0] == "thin" and set(words[1:]) == {"yet", "lands", "emotional"}
assert (signs.loc["thin", absent] == -1).all() and (signs.loc[words[1:], absent] == 1).all().all()
# ... GradientSHAP, occlusion and LIME rank alike; IG and SHAP less so
trio = ["gradient_shap", "occlusion", "lime"]
assert min(rho.loc[a, b] for a in trio for b in trio) > 0.85
assert rho.loc["shap", trio].max() < rho.loc[trio, trio].values[np.triu_indices(3, 1)].min()
assert rho.loc["integrated_gradients", ["occlusion", "lime", "shap"]].max() < 0.7
# 2. gradient x input has the opposite sign on all four
assert (signs["gradient_x_input"] == -signs["occlusion"]).all()
# 3. SmoothGrad (default noise level) ranks like saliency; both only weakly like the perturbation methods
assert rho.loc["smoothgrad", "saliency"] > 0.85
assert rho.loc[["saliency", "smoothgrad"], ["occlusion", "lime", "shap"]].values.max() < 0.5
# 4. "wooden": next to nothing from the signed perturbation methods and GradientSHAP, a lot from the unsigned ones
share = {r.method: abs(r.scores_for("positive")[r.tokens.index("wooden")]) / np.abs(r.scores_for("positive")[mask]).max()
         for r in c}
assert max(share[k] for k in ["gradient_shap", "occlusion", "lime", "shap"]) < 0.07
assert "wooden" in top["smoothgrad"] and share["saliency"] > 0.4
print("share of each method's largest |score| that 'wooden' gets:",
      {k: round(float(v), 2) for k, v in share.items()})
""")

md(r"""
### 10.2 What to make of it

Read the tables above together (the cell before this one checks each statement):

* **The methods that compare with "token absent" agree on the sign.** IG, GradientSHAP, occlusion, LIME and
  SHAP give the same sign to the four most-voted tokens: "thin" pushes towards *negative*; "yet", "lands" and
  "emotional" towards *positive*. Their rankings agree less evenly: GradientSHAP, occlusion and LIME
  correlate strongly with each other (Spearman above 0.85), SHAP (Owen values from 300 evaluations) less
  so, and IG's ranking correlates below 0.7 with occlusion, LIME and SHAP.
* **Gradient × input disagrees**, even in sign, on all four tokens. A single gradient at the input of a
  saturated transformer is a poor linear picture (§3); do not use it alone.
* **Saliency and SmoothGrad are unsigned**: they mark tokens the output is *sensitive* to, in either
  direction. At its default noise level (0.05) SmoothGrad ranks the tokens much as saliency does (Spearman
  above 0.85); both correlate only weakly (below 0.5) with occlusion, LIME and SHAP.
* **"wooden"**, clearly negative to a human reader, gets next to nothing (under 7 % of each method's largest
  score) from GradientSHAP, occlusion, LIME and SHAP. Only the unsigned methods rank it high (SmoothGrad puts
  it in its top 3): the output is *sensitive* to the word's embedding, but removing the word changes little.
  The cell below shows why: on its own the model does read "wooden" as negative, but next to "thin" it adds
  almost nothing. Explanations describe how the model uses a word *in this sentence*, not what the word
  means.
* Disagreement is not a bug: the methods answer different questions (local sensitivity, path integral,
  effect of removal) and use different notions of "absent" (`[PAD]` embedding vs `[MASK]` token). Read an
  explanation with at least two methods from different families before trusting it.
""")

code(r"""
probe = ["The acting is wooden.",
         "The plot is thin and the acting wooden.",
         "The plot is thin and the acting [MASK].",
         "The plot is [MASK] and the acting wooden."]
p_probe = m.predict_proba(probe)
assert p_probe[0, 0] > 0.8                               # alone, "wooden" reads negative
assert abs(p_probe[1, 1] - p_probe[2, 1]) < 0.01         # next to "thin", removing "wooden" changes < 0.01
assert p_probe[3, 1] - p_probe[1, 1] > 0.2               # removing "thin" changes a lot
pd.DataFrame(p_probe, index=probe, columns=m.labels).round(3)
""")

md(r"""
**Try it:** put another review into `text` at the start of §10 and re-run the section.
""")

# ============================================================================ 11 merge words
md(r"""
## 11. Words instead of word pieces

The tokenizer splits rare words into pieces ("overlong" → "over" + "long"). Attributions are additive, so
`merge_words()` sums the pieces of each word:
""")

code(r"""
review = "An overlong, lackluster melodrama, but the heartfelt performances are mesmerizing."
r_pieces = xw.explain(review, model=m, method="integrated_gradients")
r_words = r_pieces.merge_words()
print(len(r_pieces.tokens), "tokens ->", len(r_words.tokens), "words")
print(r_words.tokens)
assert m.tokenizer.tokenize("overlong") == ["over", "##long"] and "overlong" in r_words.tokens
assert np.allclose(r_pieces.scores.sum(axis=1), r_words.scores.sum(axis=1))
r_words
""")

# ============================================================================ 12 export + summary
md(r"""
## 12. Share the results

`xw.save_html` writes one self-contained page (no internet needed) with the widgets:
""")

code(r"""
page = xw.save_html("01_token_attributions.html", r_ig, c, title="Tutorial 01: token attributions")
print("written:", page)
""")

md(r"""
## Summary

| Method | Family | Signed | Formula in one line | Cost here |
|---|---|---|---|---|
| saliency | gradient | no | $\lVert\nabla_{x_i}F\rVert$ | 1 backward |
| gradient × input | gradient | yes | $x_i\cdot\nabla_{x_i}F$ | 1 backward |
| integrated gradients | gradient | yes | $(x_i-x_i^b)\cdot\int_0^1\nabla_{x_i}F(x^b+\alpha(x-x^b))\,d\alpha$ | `n_steps` backwards |
| SmoothGrad | gradient | no | $\lVert\frac1N\sum_k\nabla_{x_i}F(x+\varepsilon_k)\rVert$ | `n_samples` backwards |
| GradientSHAP | gradient | yes | $\mathbb E[(x_i-b_i)\cdot\nabla_{x_i}F(b+\alpha(x-b)+\varepsilon)]$ | `n_samples` backwards |
| occlusion | perturbation | yes | $F(x)-F(x_{\setminus i})$ | one call per window |
| LIME | perturbation | yes | weighted ridge fit of $F$ on kept/hidden patterns | `num_samples` calls |
| SHAP | perturbation | yes | Shapley / Owen values of $F$ over token coalitions | `max_evals` calls |

Next tutorials: attention, Grad-CAM-style layer attributions and concept vectors (TCAV), and evaluating
explanations.
""")

# ============================================================================ exercises
md(r"""
## Exercises

Each exercise runs in a few seconds. Write down your prediction *before* running the solution; the solutions
(below, under **Solutions**) check their answers with asserts.

**Exercise 1 — IG does not show interactions (seed 003's claim).** Take two functions of two inputs,
$F_a(x_1, x_2) = x_1 x_2$ (the inputs matter only *together*) and $F_b(x_1, x_2) = (x_1 + x_2)/2$ (each matters
on its own). Predict their IG scores at $x = (1, 1)$ with baseline $(0, 0)$. Then compute them by hand with a
midpoint Riemann sum (as in §4.4). Can IG tell the two functions apart? What *does* measure the interaction?
Measure it for "thin" and "wooden" in "The plot is thin and the acting wooden.".

**Exercise 2 — an untrained head explains noise (seeds 000 and 002).** Load the base all-MiniLM-L6-v2
checkpoint (the encoder our classifier was fine-tuned from) the way the articles load `bert-base-uncased`:
`BertForSequenceClassification.from_pretrained(...)`, so the classification head is new and random. Do it for two
seeds. Predict: what probabilities does it give, and do the occlusion scores of "This movie is great!" under the
two random heads agree with each other, or with the trained model?

**Exercise 3 — saliency of the loss (seed 003's variant).** Seed 003 back-propagates
`F.cross_entropy(output, target)` instead of the probability. Compute that saliency by hand for "Hello, my dog is
cute" (on the embeddings, target = the predicted class) and compare it token by token with
`xw.explain(..., method="saliency")` from §2.3. Predict the ratio before you run it.

**Exercise 4 — redundant words fool occlusion (§7).** In "A great, wonderful film." two words say the same
thing. Predict the occlusion scores of "great" and "wonderful", and what happens when *both* are hidden. Then
compute the exact Shapley values of the six content tokens by enumerating all $2^6$ coalitions (as in §9.1).

**Exercise 5 — predict the trapezoid error (§4.3).** From the table in §4.3, predict the trapezoid rule's gap
at 256 steps on "This movie is amazing!", and whether Gauss–Legendre at 256 steps improves on 128. Then run both.
""")

md(r"""
## Solutions

**Solution 1.** Along the straight path $x^b + \alpha(x - x^b)$ the gradient of $x_1 x_2$ with respect to $x_1$ is
$\alpha$, whose average over $[0, 1]$ is $1/2$; the same holds for $x_2$. $F_b$ has gradient $1/2$ everywhere.
Both get IG $= (0.5, 0.5)$: IG splits the interaction equally and reports no trace of it. An interaction is a
property of a *pair*: $F(\text{both}) - F(\text{only }1) - F(\text{only }2) + F(\text{none})$, which is 1 for
$F_a$ and 0 for $F_b$. On the model, four calls give the interaction of "thin" and "wooden".
""")

code(r"""
def ig_toy(F, x, b, steps=100):
    a = (torch.arange(steps, dtype=torch.float64) + 0.5) / steps          # midpoint rule
    path = (b + a[:, None] * (x - b)).requires_grad_(True)
    with torch.enable_grad():
        (g,) = torch.autograd.grad(F(path).sum(), path)
    return ((x - b) * g.mean(dim=0)).numpy()

x_toy, b_toy = torch.tensor([1.0, 1.0], dtype=torch.float64), torch.zeros(2, dtype=torch.float64)
F_a = lambda z: z[:, 0] * z[:, 1]
F_b = lambda z: (z[:, 0] + z[:, 1]) / 2
ig_a, ig_b = ig_toy(F_a, x_toy, b_toy), ig_toy(F_b, x_toy, b_toy)
print("IG of x1*x2:", ig_a.round(6), "| IG of (x1+x2)/2:", ig_b.round(6))
assert np.allclose(ig_a, [0.5, 0.5]) and np.allclose(ig_b, [0.5, 0.5])   # identical: IG cannot tell them apart

def interaction(F):
    pt = lambda v: torch.tensor([v], dtype=torch.float64)
    return float(F(pt([1, 1])) - F(pt([1, 0])) - F(pt([0, 1])) + F(pt([0, 0])))
assert interaction(F_a) == 1.0 and interaction(F_b) == 0.0

both, only_thin, only_wooden, none = m.predict_proba([
    "The plot is thin and the acting wooden.", "The plot is thin and the acting [MASK].",
    "The plot is [MASK] and the acting wooden.", "The plot is [MASK] and the acting [MASK]."])[:, 1]
inter = both - only_thin - only_wooden + none
print(f"interaction of 'thin' and 'wooden' on p(positive): {inter:+.3f}")
assert inter > 0.1     # far from additive: together they lower p(positive) much less than the sum of their effects
""")

md(r"""
**Solution 2.** A random head on top of the encoder gives logits close to zero, so every sentence gets a
probability near 0.5. The occlusion scores are then tiny, their ranking depends on the seed of the head, and
neither head agrees with the trained model, which puts "great" far ahead. transformers says so when it loads the
model: `classifier.weight` and `classifier.bias` are missing from the checkpoint and newly initialised (its
loading report, printed below). An explanation of such a model explains a random projection; always check the model's accuracy before
explaining it. Testing an explanation against a randomised model is the idea of the sanity checks of Adebayo
et al. (2018), in tutorial 03.
""")

code(r"""
from transformers import BertForSequenceClassification
from xai_widgets.models.default import base_model_dir, quiet_transformers

text = "This movie is great!"
checks = ["This movie is great!", "A dull, lifeless film.", "Hello, my dog is cute"]
random_heads = {}
for head_seed in [0, 1]:
    with torch.random.fork_rng(), quiet_transformers():   # seed the new head, leave the notebook's RNG alone
        torch.manual_seed(head_seed)
        raw, info = BertForSequenceClassification.from_pretrained(base_model_dir(), num_labels=2,
                                                                  output_loading_info=True)
    print(f"seed {head_seed}: weights not in the checkpoint, newly initialised:", sorted(info["missing_keys"]))
    assert set(info["missing_keys"]) == {"classifier.weight", "classifier.bias"}
    random_heads[head_seed] = xw.load_model(raw, m.tokenizer, labels=m.labels)

occ = {f"random head (seed {k})": xw.explain(text, model=u, method="occlusion", target="positive") for k, u in random_heads.items()}
occ["trained"] = xw.explain(text, model=m, method="occlusion", target="positive")
for k, u in random_heads.items():
    p_u = u.predict_proba(checks)
    print(f"random head (seed {k}) p(positive):", p_u[:, 1].round(3))
    assert np.abs(p_u - 0.5).max() < 0.02                               # no opinion at all
tops = {name: r.top_tokens(1)[0][0] for name, r in occ.items()}
print("top token:", tops)
assert tops["random head (seed 0)"] != tops["random head (seed 1)"]     # the "explanation" depends on the seed
assert tops["trained"] == "great"
assert max(np.abs(occ[f"random head (seed {k})"].scores).max() for k in (0, 1)) < 0.02 < 0.2 < occ["trained"].scores.max()
pd.DataFrame({name: r.scores[0] for name, r in occ.items()}, index=occ["trained"].tokens).round(4)
""")

md(r"""
**Solution 3.** With $L = -\log F$ (cross-entropy of the true class), $\nabla L = -\nabla F / F$: every token's
gradient is divided by the same number $F(x)$, so the ratio is $1/F(x)$ for every token and the ranking is
unchanged.
""")

code(r"""
text = SENTENCES["seed 004 (saliency)"]
enc = m.encode(text)
target = int(np.argmax(m.predict_proba([text])[0]))
x = m.model.get_input_embeddings()(torch.tensor([enc.input_ids])).detach().requires_grad_(True)
with torch.enable_grad():
    loss = torch.nn.functional.cross_entropy(m.model(inputs_embeds=x).logits, torch.tensor([target]))
    (g_loss,) = torch.autograd.grad(loss, x)
loss_saliency = g_loss[0].norm(dim=-1).numpy()
ratio = loss_saliency / r_sal.scores[0]
p_target = r_sal.probabilities[target]
print(f"ratio per token: {ratio.round(4)} | 1 / F(x) = {1 / p_target:.4f}")
assert np.allclose(ratio, 1 / p_target, rtol=1e-3)
assert (np.argsort(loss_saliency) == np.argsort(r_sal.scores[0])).all()   # same ranking
""")

md(r"""
**Solution 4.** Hiding "great" alone or "wonderful" alone hardly moves the prediction, because the other word
still carries it: occlusion gives both almost nothing. Hiding both drops $p(\text{positive})$ by far more than
the two single drops together. Shapley values average over all coalitions, including those where the other
word is already hidden, so they give each word a large, nearly equal share.
""")

code(r"""
text = "A great, wonderful film."
enc = m.encode(text)
content = enc.content_positions
words4 = [enc.tokens[i] for i in content]
great, wonderful = content[words4.index("great")], content[words4.index("wonderful")]
r_occ4 = xw.explain(text, model=m, method="occlusion", target="positive")

def hide(positions):
    return [m.tokenizer.mask_token_id if i in positions else t for i, t in enumerate(enc.input_ids)]
p_full, p_both_hidden = m.predict_ids([enc.input_ids, hide({great, wonderful})])[:, 1]
drop_both = p_full - p_both_hidden

n = len(content)
coalitions = [frozenset(c) for k in range(n + 1) for c in itertools.combinations(range(n), k)]
f = dict(zip(coalitions, m.predict_ids([hide({content[j] for j in range(n) if j not in S}) for S in coalitions])[:, 1]))
phi4 = np.array([sum(math.factorial(len(S)) * math.factorial(n - len(S) - 1) / math.factorial(n) * (f[S | {i}] - f[S])
                     for S in coalitions if i not in S) for i in range(n)])
print(f"drop when both are hidden: {drop_both:.3f}")
table4 = pd.DataFrame({"token": words4, "occlusion": r_occ4.scores[0, content], "Shapley": phi4}).round(3)
occ_g, occ_w = r_occ4.scores[0, great], r_occ4.scores[0, wonderful]
assert max(abs(occ_g), abs(occ_w)) < 0.01                  # each alone: almost nothing
assert drop_both > 0.1 and drop_both > 10 * (abs(occ_g) + abs(occ_w))   # both: a large drop
assert min(phi4[words4.index("great")], phi4[words4.index("wonderful")]) > 0.08
assert abs(phi4.sum() - (f[frozenset(range(n))] - f[frozenset()])) < 1e-6
table4
""")

md(r"""
**Solution 5.** In §4.3 the trapezoid gap fell about 4× from 64 to 128 steps ($h^2$), so at 256 it should be
about a quarter of the 128-step gap. Gauss–Legendre was already at the rounding level of float32 at 128 steps:
more steps cannot improve on rounding, so it stays about where it was, far below the trapezoid gap.
""")

code(r"""
text = SENTENCES["seed 002 (IG)"]
predicted = gaps.loc[128, "riemann_trapezoid"] / 4
trap256, gl256 = ig_gap(text, "riemann_trapezoid", 256), ig_gap(text, "gausslegendre", 256)
print(f"trapezoid at 256 steps: predicted {predicted:.1e}, measured {trap256:.1e} | Gauss-Legendre: {gl256:.1e}")
assert predicted / 1.5 < trap256 < predicted * 1.5
assert gl256 < 1e-6 and gl256 * 10 < trap256
assert gl256 > gaps.loc[128, "gausslegendre"] / 10      # no real gain: already at float32 rounding
""")

code(r"""
print(f"notebook computed in {time.perf_counter() - T0:.1f} s")
""")

# ============================================================================ references
md(r"""
## References

Methods, in the order they appear:

* **Saliency** — K. Simonyan, A. Vedaldi, A. Zisserman. *Deep Inside Convolutional Networks: Visualising Image
  Classification Models and Saliency Maps.* ICLR Workshop, 2014. arXiv:1312.6034.
* **Gradient × input** — A. Shrikumar, P. Greenside, A. Shcherbina, A. Kundaje. *Not Just a Black Box:
  Learning Important Features Through Propagating Activation Differences.* arXiv:1605.01713, 2016.
* **Integrated gradients** — M. Sundararajan, A. Taly, Q. Yan. *Axiomatic Attribution for Deep Networks.*
  ICML, 2017.
* **SmoothGrad** — D. Smilkov, N. Thorat, B. Kim, F. Viégas, M. Wattenberg. *SmoothGrad: removing noise by
  adding noise.* ICML Workshop on Visualization for Deep Learning, 2017. arXiv:1706.03825.
* **SHAP and GradientSHAP** — S. M. Lundberg, S.-I. Lee. *A Unified Approach to Interpreting Model
  Predictions.* NeurIPS (NIPS), 2017.
* **Expected gradients** — G. Erion, J. D. Janizek, P. Sturmfels, S. M. Lundberg, S.-I. Lee. *Improving
  performance of deep learning models with axiomatic attribution priors and expected gradients.* Nature
  Machine Intelligence 3, 2021 (arXiv:1906.10670, 2019).
* **Occlusion** — M. D. Zeiler, R. Fergus. *Visualizing and Understanding Convolutional Networks.* ECCV, 2014.
* **LIME** — M. T. Ribeiro, S. Singh, C. Guestrin. *"Why Should I Trust You?": Explaining the Predictions of
  Any Classifier.* KDD, 2016.
* **Shapley values** — L. S. Shapley. *A Value for n-Person Games.* In: Contributions to the Theory of Games
  II, Annals of Mathematics Studies 28, Princeton University Press, 1953.
* **Owen values** (the Partition explainer) — G. Owen. *Values of Games with a Priori Unions.* In: R. Henn,
  O. Moeschlin (eds.), Mathematical Economics and Game Theory, Lecture Notes in Economics and Mathematical
  Systems 141, Springer, 1977.
* **Sanity checks with randomised models** (Exercise 2) — J. Adebayo, J. Gilmer, M. Muelly, I. Goodfellow,
  M. Hardt, B. Kim. *Sanity Checks for Saliency Maps.* NeurIPS, 2018.

Quadrature (§4.3):

* L. N. Trefethen. *Is Gauss Quadrature Better than Clenshaw–Curtis?* SIAM Review 50(1), 2008.
* L. N. Trefethen, J. A. C. Weideman. *The Exponentially Convergent Trapezoidal Rule.* SIAM Review 56(3), 2014.

Software, model and data:

* N. Kokhlikyan et al. *Captum: A unified and generic model interpretability library for PyTorch.*
  arXiv:2009.07896, 2020.
* W. Wang, F. Wei, L. Dong, H. Bao, N. Yang, M. Zhou. *MiniLM: Deep Self-Attention Distillation for
  Task-Agnostic Compression of Pre-Trained Transformers.* NeurIPS, 2020 (all-MiniLM-L6-v2 is the
  sentence-transformers model built on it: N. Reimers, I. Gurevych, *Sentence-BERT*, EMNLP-IJCNLP, 2019).
* B. Pang, L. Lee. *Seeing stars: Exploiting class relationships for sentiment categorization with respect to
  rating scales.* ACL, 2005 (the Rotten Tomatoes sentence-polarity data).
""")


if __name__ == "__main__":
    CELLS.main(OUT)
