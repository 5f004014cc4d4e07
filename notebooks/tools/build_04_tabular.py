"""Writes notebooks/04_tabular.ipynb (without outputs) from the cells below.

Edit the cells here, then run from the repository root:

    .venv/bin/python notebooks/tools/build_04_tabular.py

tests/test_notebooks.py executes the notebook (about 40 s on 2 cores) and checks that it equals this source.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from nbtools import Cells  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "04_tabular.ipynb"
CELLS = Cells()
md, code = CELLS.md, CELLS.code

md(r"""
# Tutorial 04 — Explaining tabular models: importances, LIME, SHAP, weights and clusters

Seed article **001** (《模型解释性》, "model interpretability") explains a random forest on a table of numbers in
three code blocks: **feature importances** (§4.1), a **local explanation** with LIME (§4.2) and a **global
explanation** with SHAP (§4.3); its §3 gives the formulas of weight analysis, permutation importance, gradient
importance, LIME, the Shapley value and K-means clustering. Seed article **000** adds the "feature contribution"
$C_i = \sum_j w_{ij} x_{ij}$ of a linear model. This notebook runs all of it, correctly, with `xai_widgets`:

1. the article's data and random forest, with what had to be fixed;
2. impurity importance (§4.1) and LIME on one test row (§4.2) in a widget;
3. TreeSHAP over the test set (§4.3): the beeswarm and the additivity check;
4. the Shapley formula (§3.3) enumerated by hand on a small model, matched to TreeSHAP and KernelSHAP;
5. weight analysis $|W|$, permutation importance and normalised gradients side by side (§3.2), and why impurity
   and permutation importance disagree on correlated features;
6. article 000's contributions $C_i$ on a linear model;
7. K-means as a global explanation (§3.4);
8. how faithful the local explanations are (the evaluation of tutorial 03, on a table).

Every number the text states is computed in a cell and checked by an `assert`; exercises with worked solutions and
the references (paper and year of every method) are at the end. Runtime: about 40 s on a 2-core CPU.
""")

CELLS.colab()

md(r"""
## 1. The data and the model — and what the article's code gets wrong

The article loads the Boston housing prices with `from sklearn.datasets import load_boston`. That function **no
longer exists**: scikit-learn deprecated it in 1.0 and removed it in 1.2, because one of its columns (`B`) was built
from the share of Black residents by a formula that assumed racial self-segregation raises house prices. We use
`load_diabetes` instead, also a regression table that ships inside scikit-learn (no download): 442 patients, 10
baseline measurements (age, sex, body-mass index `bmi`, blood pressure `bp` and six blood serum measurements
`s1`…`s6`, all centred and scaled), and a measure of disease progression one year later as the target.

> **Pitfall.** The article's first line, `from sklearn.datasets import load_boston`, fails with an `ImportError` on
> any scikit-learn since 1.2; copying it from an older tutorial also copies the `B` column's racist premise.

Otherwise we keep the article's code: the same split (`test_size=0.2, random_state=42`) and the same forest
(`n_estimators=100, random_state=42`).
""")

code(r"""
import numpy as np
import pandas as pd
from scipy.stats import spearmanr
from sklearn.datasets import load_diabetes
from sklearn.ensemble import RandomForestRegressor
from sklearn.model_selection import train_test_split

import xai_widgets as xw

data = load_diabetes(as_frame=True)
X, y = data.data, data.target
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
model = RandomForestRegressor(n_estimators=100, random_state=42).fit(X_train, y_train)
r2 = model.score(X_test, y_test)
print(f"{X.shape[0]} rows, {X.shape[1]} features; test R^2 of the forest: {r2:.3f}")
assert X.shape == (442, 10) and abs(r2 - 0.44) < 0.015
""")

md(r"""
The forest explains about 44 % of the variance of the held-out targets (the test $R^2$ above): a real but far from
perfect model, which is what explanations are for.

`xw.load_model` wraps any object with `predict` or `predict_proba` (a scikit-learn estimator or pipeline, or a torch
module on float features). `data` is the **background sample**: what a hidden feature is replaced by, what SHAP and
LIME sample from. The adapter says what the model offers, and the registry offers the methods that need only that:
""")

code(r"""
tab = xw.load_model(model, data=X_train)
print(tab)
print("capabilities:", sorted(tab.capabilities))
print("local methods: ", xw.available_methods(tab, scope="local"))
print("global methods:", xw.available_methods(tab, scope="global"))
assert "tree_shap" in xw.available_methods(tab) and "saliency" not in xw.available_methods(tab)
""")

md(r"""
A random forest is piecewise constant: its gradient is zero almost everywhere, so gradient methods do not apply,
and asking for one says so and lists what does:
""")

code(r"""
try:
    xw.explain(X_test.iloc[0], model=tab, method="saliency")
except xw.CapabilityError as err:
    print(err)
""")

md(r"""
## 2. Feature importances (§4.1) and one local explanation (§4.2)

The article's §4.1 plots `model.feature_importances_`: the **mean decrease in impurity**, how much the splits on each
feature reduce the variance of the training targets, averaged over the trees (it sums to 1). `explain_global`
returns the same numbers, with their spread over the 100 trees:
""")

code(r"""
impurity = xw.explain_global(tab, method="impurity_importance")
assert np.allclose(impurity.importances, model.feature_importances_)
impurity.to_pandas().round(3)
""")

code(r"""
top2 = [f for f, _ in impurity.top_features(2)]
print("largest impurity importances:", top2)
assert top2 == ["bmi", "s5"]
impurity  # the FeatureImportance widget: bars with the spread over the trees
""")

md(r"""
`bmi` and `s5` (a serum triglyceride measure) carry most of the forest's splits, as the cell above checks.

§4.2 explains the first test row with `lime.lime_tabular.LimeTabularExplainer(X_train, feature_names=...,
class_names=['price'], mode='regression')` and `explain_instance(X_test[0], model.predict, num_features=5)`, then
calls `explanation.show_in_notebook(...)`. Two problems: `show_in_notebook` writes an HTML page with scripts that a
saved notebook, GitHub and VS Code do not run; and without a `random_state` LIME gives different weights on every
run.

> **Pitfall.** An unseeded `LimeTabularExplainer` (as in the article) samples new perturbations on every call, so the
> five "most important features" it prints can change when the cell is re-run (exercise 2 below shows how much the
> weights move with the seed). Always pass `random_state`.

`method="lime"` (Ribeiro et al., 2016) runs the same `LimeTabularExplainer`, seeded (its sampling and its discretizer), and shows the
result in our widget. We check it against lime called directly with the same seed:
""")

code(r"""
from lime.lime_tabular import LimeTabularExplainer

row = X_test.iloc[0]
local = xw.explain(row, model=tab, method="lime", num_features=5, seed=0)
explainer = LimeTabularExplainer(X_train.to_numpy(), feature_names=list(X.columns), class_names=["progression"],
                                 mode="regression", random_state=0)
predict = lambda rows: model.predict(pd.DataFrame(rows, columns=X.columns))  # noqa: E731
direct = explainer.explain_instance(row.to_numpy(), predict, num_features=5)
weights = dict(direct.local_exp[1])
assert np.allclose([local.scores[0][i] for i in weights], list(weights.values()))
assert (local.scores[0] != 0).sum() == 5
again = xw.explain(row, model=tab, method="lime", num_features=5, seed=0)
assert np.array_equal(again.scores, local.scores)  # same seed, same explanation
print(f"prediction for this patient: {local.probabilities[0]:.1f}; LIME's top 5:", local.top_tokens(5))
local
""")

md(r"""
LIME's weights multiply binary features of the form "this patient's `bmi` falls in the same quartile of the
training data as the explained value": they say how the prediction moves, *near this patient*, when a feature
leaves its quartile. They are not SHAP values and do not add up to the prediction.

## 3. SHAP over the test set (§4.3)

The article's §4.3 calls (Lundberg et al., 2020; Lundberg & Lee, 2017) `shap.TreeExplainer(model).shap_values(X_test)` and `shap.summary_plot(...)`. TreeSHAP
computes the Shapley values of tree ensembles **exactly** and fast. `explain_global(..., method="tree_shap")` is
the same computation (checked below), kept with the feature values for the beeswarm widget, which replaces
`summary_plot`: one dot per patient and feature, at its SHAP value, coloured by the feature's value.
""")

code(r"""
import shap

shap_global = xw.explain_global(tab, X_test, method="tree_shap")
reference = shap.TreeExplainer(model).shap_values(X_test.to_numpy())
assert np.allclose(shap_global.values, reference, atol=1e-10)
additivity = np.abs(shap_global.values.sum(axis=1) + shap_global.base_value - model.predict(X_test)).max()
print(f"expected value E[f] = {shap_global.base_value:.2f}; max |sum of SHAP + E[f] - prediction| = {additivity:.1e}")
assert additivity < 1e-8
shap_global
""")

md(r"""
The second number above is the **additivity** check: for every test patient the SHAP values plus the expected
prediction give back the forest's prediction, to floating-point precision. This is what makes a SHAP value an
*attribution*: it splits the prediction's deviation from the average among the features.
""")

code(r"""
by_shap = [f for f, _ in shap_global.top_features(2)]
rho = spearmanr(shap_global.importances, impurity.importances)[0]
print("largest mean |SHAP|:", by_shap, f"; Spearman rho between mean |SHAP| and impurity importance: {rho:.2f}")
assert by_shap == ["bmi", "s5"] and rho > 0.7
shap_global.plot("beeswarm");
""")

md(r"""
Mean |SHAP| and impurity importance rank the features alike here (the rank correlation above), but they measure
different things: impurity importance is about the **training** splits, mean |SHAP| about how much each feature
moves the **predictions** on the test rows.

## 4. The Shapley formula by hand (§3.3)

The article states the Shapley value of feature $i$:

$$\phi_i(x) = \sum_{S \subseteq N \setminus \{i\}} \frac{|S|!\,(|N|-|S|-1)!}{|N|!}\,\big(f(S \cup \{i\}) - f(S)\big)$$

but not what $f(S)$, "the model on a subset $S$ of the features", is. A model needs every feature, so $f(S)$ must
say what happens to the others. Two answers are in use, and we enumerate both on a forest trained on four
features (`bmi`, `bp`, `s5`, `s3`): $2^4 = 16$ subsets.

* **Path-dependent** (what `shap.TreeExplainer(model)` of §4.3 computes): walk down each tree; at a split on a
  feature in $S$ follow $x$'s branch, at a split on any other feature take both branches, weighted by how many
  training samples went each way. This is $E[f(X) \mid X_S = x_S]$ under the trees' own partition of the data.
* **Interventional** (what KernelSHAP computes): fill the missing features from background rows and average,
  $f(S) = \frac{1}{|B|}\sum_{b \in B} f(x_S, b_{N \setminus S})$.
""")

code(r"""
from itertools import combinations
from math import factorial

four = ["bmi", "bp", "s5", "s3"]
small = RandomForestRegressor(n_estimators=50, max_depth=5, random_state=0).fit(X_train[four], y_train)
small_tab = xw.load_model(small, data=X_train[four].iloc[:50])  # 50 background patients
x = X_test[four].iloc[0].to_numpy()

def shapley(f, n):
    phi = np.zeros(n)
    for i in range(n):
        others = [j for j in range(n) if j != i]
        for size in range(n):
            for S in combinations(others, size):
                phi[i] += factorial(size) * factorial(n - size - 1) / factorial(n) * (f(set(S) | {i}) - f(set(S)))
    return phi

def path_dependent(S):
    x32 = x.astype(np.float32)  # scikit-learn's trees compare float32 values
    def down(t, node):
        if t.children_left[node] == -1:
            return t.value[node][0][0]
        j, left, right = t.feature[node], t.children_left[node], t.children_right[node]
        if j in S:
            return down(t, left if x32[j] <= t.threshold[node] else right)
        wl, wr = t.weighted_n_node_samples[left], t.weighted_n_node_samples[right]
        return (wl * down(t, left) + wr * down(t, right)) / (wl + wr)
    return np.mean([down(tree.tree_, 0) for tree in small.estimators_])

def interventional(S):
    rows = small_tab.background.copy()
    rows[:, list(S)] = x[list(S)]
    return small.predict(pd.DataFrame(rows, columns=four)).mean()

phi_path, phi_int = shapley(path_dependent, 4), shapley(interventional, 4)
tree = xw.explain(x, model=small_tab, method="tree_shap")
kernel = xw.explain(x, model=small_tab, method="kernel_shap")
print(pd.DataFrame({"path-dependent, by hand": phi_path, "TreeSHAP": tree.scores[0],
                    "interventional, by hand": phi_int, "KernelSHAP": kernel.scores[0]}, index=four).round(4))
assert np.allclose(phi_path, tree.scores[0], atol=1e-9) and np.allclose(phi_int, kernel.scores[0], atol=1e-9)
assert kernel.diagnostics["exact"]  # all 14 proper subsets were enumerated
prediction = small.predict(X_test[four].iloc[[0]])[0]
assert abs(phi_path.sum() - (prediction - path_dependent(set()))) < 1e-9
assert abs(phi_int.sum() - (prediction - interventional(set()))) < 1e-9
gap = np.abs(phi_path - phi_int).max()
print(f"largest difference between the two games' values: {gap:.2f}")
assert gap > 0.5
""")

md(r"""
Each library column equals its hand enumeration to $10^{-9}$: TreeSHAP's fast algorithm computes exactly the
path-dependent game, and KernelSHAP, whose weighted regression over the 14 proper subsets is the Shapley formula
rewritten as least squares, enumerates them all when they fit its budget (`diagnostics["exact"]`). The next two
asserts are *efficiency*: each set of values adds up to $f(x) - f(\emptyset)$, the prediction minus that game's
average prediction. The two games give different values (the last line): "the Shapley values of the model" are
not defined until $f(S)$ is (Sundararajan & Najmi, 2020; Janzing et al., 2020).

> **Pitfall.** The article's formula leaves $f(S)$ undefined and then reads `TreeExplainer`'s output as "the" Shapley
> values; they are the path-dependent game's, which differ from KernelSHAP's interventional ones (the table above).

(shap's TreeExplainer also has an `"interventional"` mode; on forests like this one it
fails its own additivity check, a known shap bug, shap#3267, so `xai_widgets` reports that as an error instead of
returning the values, and KernelSHAP is the exact interventional reference.)
""")

md(r"""
## 5. Weights, permutations and gradients (§3.2)

§3.2 lists three global importances:

- **weight analysis**: for a linear model, $importance_i = |W_i|$;
- **permutation importance** (Breiman, 2001): $importance_i = performance_{original} - performance_{permuted}$, the drop in the
  score when feature $i$ is shuffled (scikit-learn's `permutation_importance`, $R^2$ here);
- **gradient importance** (the saliency of Simonyan et al., 2014, normalised): $importance_i = \frac{|\nabla f(x)_i|}{\sum_j |\nabla f(x)_j|}$, averaged over rows.

$|W_i|$ is only comparable between features on the same scale (here every column is already scaled, and the
library multiplies by each feature's standard deviation anyway: $|W_i|$ on standardised features). Gradients need a
differentiable model: we train a small torch network on the same split.
""")

code(r"""
import torch
from sklearn.linear_model import LinearRegression

linear_model = LinearRegression().fit(X_train, y_train)
lin = xw.load_model(linear_model, data=X_train)
weights = xw.explain_global(lin, method="linear_weights")

permutation = xw.explain_global(tab, X_test, y_test, method="permutation_importance", n_repeats=10, seed=0)

torch.manual_seed(0)
net = torch.nn.Sequential(torch.nn.Linear(10, 32), torch.nn.Tanh(), torch.nn.Linear(32, 1))
Xt = torch.tensor(X_train.to_numpy(), dtype=torch.float32)
yt = torch.tensor(((y_train - y_train.mean()) / y_train.std()).to_numpy(), dtype=torch.float32)
opt = torch.optim.Adam(net.parameters(), lr=0.01, weight_decay=1e-3)
for epoch in range(400):
    opt.zero_grad()
    loss = torch.nn.functional.mse_loss(net(Xt)[:, 0], yt)
    loss.backward()
    opt.step()
mlp = xw.load_model(net.eval(), data=X_train)
gradients = xw.explain_global(mlp, X_test, method="gradient_importance")

table = pd.DataFrame({"|W| (linear)": weights.importances, "permutation (forest)": permutation.importances,
                      "gradient (network)": gradients.importances}, index=X.columns)
table.sort_values("permutation (forest)", ascending=False).round(3)
""")

code(r"""
ranks = table.rank(ascending=False)
print(ranks.loc[["bmi", "s5", "s1", "s2"]])
coef = dict(zip(X.columns, linear_model.coef_))
print(f"linear coefficients: s1 = {coef['s1']:.0f}, s2 = {coef['s2']:.0f}; corr(s1, s2) = {X['s1'].corr(X['s2']):.2f}")
assert set(ranks.index[ranks["permutation (forest)"] <= 2]) == {"bmi", "s5"}
assert set(ranks.index[ranks["gradient (network)"] <= 3]) >= {"bmi", "s5"}
assert coef["s1"] * coef["s2"] < 0 and abs(coef["s1"]) > 400 and X["s1"].corr(X["s2"]) > 0.85
assert ranks.loc["s1", "|W| (linear)"] == 1
""")

md(r"""
`bmi` and `s5` are the two most important features for the forest's permutation importance, and among the three
most important for the network's gradients (the asserts above). The weight analysis disagrees: it ranks `s1` first.
The reason is in the second line printed: `s1` and `s2` (total and LDL cholesterol) are correlated at 0.9, and the
least-squares fit gives them large coefficients **of opposite sign** that largely cancel. $|W|$ reads the size of a
coefficient as importance, which collinearity makes meaningless; permutation importance asks the model, on data.

> **Pitfall.** §3.2 presents $|W_i|$ as *the* importance of a linear model. With correlated features (here `s1`,
> `s2`) it ranks a feature first whose effect is mostly cancelled by its neighbour's opposite coefficient.

### Why impurity and permutation importance disagree on correlated features

An experiment makes the difference visible: add a noisy copy of `bmi` (correlation about 0.99) and refit the
forest.
""")

code(r"""
rng = np.random.RandomState(0)
X2 = X.assign(bmi_copy=X["bmi"] + rng.normal(0, 0.1 * X["bmi"].std(), len(X)))
X2_train, X2_test = X2.loc[X_train.index], X2.loc[X_test.index]
forest2 = xw.load_model(RandomForestRegressor(n_estimators=100, random_state=42).fit(X2_train, y_train),
                        data=X2_train)
imp2 = xw.explain_global(forest2, method="impurity_importance").to_pandas().set_index("feature")["importance"]
perm2 = xw.explain_global(forest2, X2_test, y_test, method="permutation_importance", n_repeats=10, seed=0)
perm2 = perm2.to_pandas().set_index("feature")["importance"]
imp1 = impurity.to_pandas().set_index("feature")["importance"]
perm1 = permutation.to_pandas().set_index("feature")["importance"]
compare = pd.DataFrame({"impurity": [imp1["bmi"], imp2["bmi"], imp2["bmi_copy"], imp2["bmi"] + imp2["bmi_copy"]],
                        "permutation": [perm1["bmi"], perm2["bmi"], perm2["bmi_copy"], perm2["bmi"] + perm2["bmi_copy"]]},
                       index=["bmi alone", "bmi with its copy", "the copy", "bmi + copy"])
print(f"corr(bmi, copy) = {X2['bmi'].corr(X2['bmi_copy']):.3f}")
assert X2["bmi"].corr(X2["bmi_copy"]) > 0.98
share_imp = compare.loc["bmi + copy", "impurity"] / compare.loc["bmi alone", "impurity"]
share_perm = compare.loc["bmi + copy", "permutation"] / compare.loc["bmi alone", "permutation"]
print(f"bmi + copy keep {share_imp:.0%} of bmi's impurity importance but {share_perm:.0%} of its permutation importance")
assert share_imp > 0.9 and share_perm < 0.75
compare.round(3)
""")

md(r"""
Impurity importance **splits** bmi's importance between the two copies and keeps the total (the share printed above,
checked to be over 90 %): the trees split on either copy. Permutation importance **loses** much of it (the total falls to under
three quarters): shuffling one copy hurts little, because the forest can use the other one. Neither is wrong; they
answer different questions ("what did the trees split on?" and "what does the score need?"). With correlated
features, permute groups of features together, or report both (Strobl et al., 2007, study the biases of impurity
importance).

> **Pitfall.** The article's §4.1 bar chart of `feature_importances_` is impurity importance on the *training* data:
> it says nothing about what the model needs on new data, and it favours features with many split points.

## 6. Article 000's feature contributions on a linear model

Article 000 defines the contribution of feature $i$ as $C_i = \sum_j w_{ij} x_{ij}$. For a linear model
$f(x) = w \cdot x + b$ the useful version, per row, is $C_i = w_i\,(x_i - \bar x_i)$ with $\bar x$ the mean of the
training data: the contributions then add up to $f(x) - f(\bar x)$, the prediction's distance from the average
prediction (without centring they add up to $f(x) - b$, a distance from the prediction for an all-zero input, which
is no patient at all).
""")

code(r"""
x0 = X_test.iloc[0]
contrib = xw.explain(x0, model=lin, method="linear")
mean = X_train.mean()
by_hand = linear_model.coef_ * (x0 - mean)
assert np.allclose(contrib.scores[0], by_hand)
gap = linear_model.predict(X_test.iloc[[0]])[0] - linear_model.predict(mean.to_frame().T)[0]
print(f"sum of C_i = {contrib.scores.sum():.2f} = f(x) - f(mean) = {gap:.2f}")
assert abs(contrib.scores.sum() - gap) < 1e-9
shap_linear = xw.explain(x0, model=lin, method="kernel_shap", replacement="mean")
assert np.allclose(shap_linear.scores, contrib.scores, atol=1e-8)  # for a linear model they are its SHAP values
contrib
""")

md(r"""
The last assert shows what these contributions are: for a linear model with the mean as the reference they are
exactly its SHAP values (KernelSHAP with features replaced by their mean gives the same numbers).

## 7. K-means as a global explanation (§3.4)

§3.4 proposes to cluster the model's predictions with K-means (MacQueen, 1967), $C = \arg\min_C \sum_k \sum_{x\in C_k}\lVert x-\mu_k
\rVert^2$, without saying what to do with the clusters. `method="kmeans"` clusters the rows on their (standardised)
inputs **and** the model's prediction, and describes each cluster: its size, its mean prediction, the features that
set it apart (the difference of the cluster's mean from the overall mean, in standard deviations), and a shallow
decision tree that predicts the cluster from the inputs, whose *fidelity* says how well three levels of rules
describe the grouping.
""")

code(r"""
clusters = xw.explain_global(tab, X_test, method="kmeans", n_clusters=3, seed=0)
summary = clusters.to_pandas("clusters")[["cluster", "size", "mean_prediction", "distinctive"]]
print(summary.to_string(index=False))
print(f"surrogate tree fidelity: {clusters.surrogate['fidelity']:.2f}")
means = summary.set_index("cluster")["mean_prediction"]
assert summary["size"].sum() == len(X_test) and clusters.surrogate["fidelity"] > 0.9
assert means.max() - means.min() > 50
fastest = clusters.clusters[int(means.idxmax())]["distinctive"][0]
print(f"the cluster predicted to progress fastest is set apart most by {fastest['feature']} ({fastest['effect']:+.2f} sd)")
assert fastest["feature"] == "s5" and fastest["effect"] > 0.5
print(clusters.surrogate["rules"])
""")

md(r"""
The clusters separate patients whose predicted progression differs by more than 50 points (checked above), and a
depth-3 tree reproduces the assignment for over 90 % of the test patients. The cluster with the fastest predicted
progression is the one with high `s5` (more than half a standard deviation above the mean, checked above): a global
summary that a reader can check against the printed rules.

## 8. Are the local explanations faithful?

Tutorial 03 measured faithfulness (comprehensiveness, DeYoung et al., 2020) by hiding the tokens an explanation ranks highest. The same metrics work on a
table through the adapter's masks: a hidden feature is replaced by the background rows (the prediction is averaged
over them; occlusion, Zeiler & Fergus, 2014, hides one feature at a time). For a regressor the "probability" of tutorial 03 becomes the prediction itself.
""")

code(r"""
report = xw.evaluate(tab, X=X_test.iloc[:20], methods=["tree_shap", "kernel_shap", "lime", "occlusion"],
                     method_params={"kernel_shap": {"n_samples": 300}, "lime": {"num_samples": 1000}})
means = report.summary()
timing = [c for c in means.columns if c.startswith("seconds")]  # this cell is not about time
print(means.drop(columns=timing).round(2).to_string())
agree = report.agreement()
print(f"Kendall tau between TreeSHAP and KernelSHAP: {agree.loc['tree_shap', 'kernel_shap']:.2f}")
assert agree.loc["tree_shap", "kernel_shap"] > max(agree.loc["tree_shap", "lime"], agree.loc["kernel_shap", "lime"])
assert (means["comprehensiveness \u2191"] > 0).all()
report
""")

md(r"""
Every method's comprehensiveness is positive: hiding the features it ranks highest lowers the prediction. The two
Shapley estimators (TreeSHAP exact, KernelSHAP from 300 coalitions with a different value function) agree with each
other more than either agrees with LIME (the assert above), whose weights explain quartile membership rather than
the prediction's decomposition.

## What was fixed in the article's code

| article | problem | here |
|---|---|---|
| `load_boston` | removed from scikit-learn 1.2 (and ethically flawed) | `load_diabetes` |
| `explanation.show_in_notebook(...)` | scripts that saved notebooks, GitHub and VS Code do not run; unseeded | seeded `method="lime"`, our widget |
| `shap.summary_plot(shap_values, X_test, ...)` | a static image only | the beeswarm widget, plus `plot("beeswarm")` |
| §3.2 gradient importance | a random forest has no gradients | a torch network, `method="gradient_importance"` |
| §3.3 "$f(S)$" | undefined | the interventional value function, enumerated |
| §3.4 K-means | no interpretation of the clusters | sizes, distinctive features, a surrogate tree |
| 000's $C_i = \sum_j w_{ij}x_{ij}$ | sums to $f(x) - b$ | $w_i (x_i - \bar x_i)$, sums to $f(x) - f(\bar x)$ |
""")

md(r"""
## Exercises

Each exercise runs in a few seconds; try it before reading its solution below.

**Exercise 1 (predict, then check).** Take the second test patient, `X_test.iloc[[1]]`. Without running anything:
what do its ten TreeSHAP values plus `shap_global.base_value` add up to? Check it, and say which feature moves this
patient's prediction most.

**Exercise 2 (change a parameter).** Run `method="lime"` on `row` with `seed=1` instead of `seed=0`. Are the weights the
same? Are the five selected features the same? What does this say about the article's unseeded LIME?

**Exercise 3 (by hand, then compare).** Compute the permutation importance of `bmi` for the forest yourself: shuffle
the `bmi` column of `X_test` 10 times (`np.random.RandomState(0)`), and average the drop of `model.score`. Compare it
with `permutation` from section 5.

## Solutions
""")

code(r"""
# Exercise 1: additivity holds row by row, so the values add up to the forest's prediction for this patient.
one = shap_global.values[1]
print(f"sum of SHAP + E[f] = {one.sum() + shap_global.base_value:.2f}; prediction = {model.predict(X_test.iloc[[1]])[0]:.2f}")
assert abs(one.sum() + shap_global.base_value - model.predict(X_test.iloc[[1]])[0]) < 1e-8
print("largest |SHAP| for this patient:", X.columns[np.abs(one).argmax()])
""")

md(r"""
The sum is the prediction (efficiency, the property that makes SHAP values an attribution of $f(x) - E[f]$). Which
feature dominates is a property of the patient, not of the model: the global ranking of section 3 need not hold row
by row.
""")

code(r"""
# Exercise 2: another seed draws other perturbations, hence other weights.
other = xw.explain(row, model=tab, method="lime", num_features=5, seed=1)
moved = np.abs(other.scores[0] - local.scores[0]).max()
same_features = set(np.flatnonzero(other.scores[0])) == set(np.flatnonzero(local.scores[0]))
print(f"largest change of a weight: {moved:.2f}; same five features: {same_features}")
assert not np.array_equal(other.scores, local.scores)
""")

md(r"""
The weights change with the seed (the largest change is printed), because LIME fits a weighted regression to a random
sample of perturbations. An unseeded run in a notebook is therefore not reproducible; report the seed, or average over
several.
""")

code(r"""
# Exercise 3: permutation importance of bmi by hand.
from sklearn.metrics import r2_score

rs = np.random.RandomState(0)
base = r2_score(y_test, model.predict(X_test))
drops = []
for _ in range(10):
    shuffled = X_test.copy()
    shuffled["bmi"] = rs.permutation(shuffled["bmi"].to_numpy())
    drops.append(base - r2_score(y_test, model.predict(shuffled)))
library = permutation.to_pandas().set_index("feature")["importance"]["bmi"]
print(f"by hand: {np.mean(drops):.3f} +- {np.std(drops):.3f}; library: {library:.3f}")
assert np.mean(drops) > 0 and abs(np.mean(drops) - library) < 3 * np.std(drops) + 0.02
""")

md(r"""
The two agree within the spread of the shuffles (other random permutations, the same definition): permutation
importance is a Monte-Carlo estimate, and its standard deviation over the repeats says how far to trust the second
digit.

## References

- Breiman, L. (2001). Random forests. *Machine Learning* 45, 5–32. (impurity and permutation importance)
- DeYoung, J. et al. (2020). ERASER: A benchmark to evaluate rationalized NLP models. *ACL 2020*. (comprehensiveness, sufficiency)
- Janzing, D., Minorics, L. & Blöbaum, P. (2020). Feature relevance quantification in explainable AI: a causal problem. *AISTATS 2020*.
- Lundberg, S. M. & Lee, S.-I. (2017). A unified approach to interpreting model predictions. *NeurIPS 2017*. (SHAP, KernelSHAP)
- Lundberg, S. M. et al. (2020). From local explanations to global understanding with explainable AI for trees. *Nature Machine Intelligence* 2, 56–67. (TreeSHAP)
- MacQueen, J. (1967). Some methods for classification and analysis of multivariate observations. *5th Berkeley Symposium*. (K-means)
- Ribeiro, M. T., Singh, S. & Guestrin, C. (2016). "Why should I trust you?": Explaining the predictions of any classifier. *KDD 2016*. (LIME)
- Shapley, L. S. (1953). A value for n-person games. *Contributions to the Theory of Games II*, 307–317.
- Simonyan, K., Vedaldi, A. & Zisserman, A. (2014). Deep inside convolutional networks: visualising image classification models and saliency maps. *ICLR 2014 workshop*. (gradients)
- Strobl, C. et al. (2007). Bias in random forest variable importance measures. *BMC Bioinformatics* 8, 25.
- Sundararajan, M. & Najmi, A. (2020). The many Shapley values for model explanation. *ICML 2020*.
- Zeiler, M. D. & Fergus, R. (2014). Visualizing and understanding convolutional networks. *ECCV 2014*. (occlusion)
""")

if __name__ == "__main__":
    CELLS.main(OUT)
