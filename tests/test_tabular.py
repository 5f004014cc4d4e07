"""Tabular models: the adapter, every local and global method against its reference, bad input, and what the user
passed left as it was."""
import pickle
from itertools import combinations
from math import factorial

import numpy as np
import pandas as pd
import pytest
import torch

import xai_widgets as xw

shap = pytest.importorskip("shap")
from sklearn.datasets import load_breast_cancer, load_diabetes, load_wine  # noqa: E402
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier, RandomForestRegressor  # noqa: E402
from sklearn.inspection import permutation_importance  # noqa: E402
from sklearn.linear_model import LinearRegression, LogisticRegression  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402


@pytest.fixture(scope="module")
def diabetes():
    d = load_diabetes(as_frame=True)
    return train_test_split(d.data, d.target, test_size=0.2, random_state=42)


@pytest.fixture(scope="module")
def forest(diabetes):
    Xtr, Xte, ytr, yte = diabetes
    rf = RandomForestRegressor(n_estimators=30, max_depth=6, random_state=42).fit(Xtr, ytr)
    return rf, xw.load_model(rf, data=Xtr)


@pytest.fixture(scope="module")
def cancer():
    d = load_breast_cancer()
    Xtr, Xte, ytr, yte = train_test_split(d.data, d.target, test_size=0.25, random_state=0)
    return Xtr, Xte, ytr, yte, list(d.feature_names), list(d.target_names)


@pytest.fixture(scope="module")
def logistic(cancer):
    Xtr, Xte, ytr, yte, names, classes = cancer
    pipe = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)).fit(Xtr, ytr)
    return pipe, xw.load_model(pipe, data=Xtr, feature_names=names, class_names=classes)


def small_mlp(seed=0):
    d = load_wine()
    X = StandardScaler().fit_transform(d.data).astype(np.float32)
    torch.manual_seed(seed)
    net = torch.nn.Sequential(torch.nn.Linear(13, 12), torch.nn.Tanh(), torch.nn.Dropout(0.2), torch.nn.Linear(12, 3))
    opt = torch.optim.Adam(net.parameters(), 1e-2)
    for _ in range(150):
        opt.zero_grad()
        torch.nn.functional.cross_entropy(net(torch.tensor(X)), torch.tensor(d.target)).backward()
        opt.step()
    return net.eval(), X, d.target, list(d.feature_names), list(d.target_names)


@pytest.fixture(scope="module")
def mlp():
    net, X, y, names, classes = small_mlp()
    return net, X, y, xw.load_model(net, data=X, feature_names=names, class_names=classes)


# ------------------------------------------------------------------------------------------ adapter
def test_adapter_infers_task_names_and_capabilities(forest, logistic, mlp):
    _, tab = forest
    assert tab.task == "regression" and tab.labels == ["prediction"] and tab.feature_names[:3] == ["age", "sex", "bmi"]
    assert {"trees", "impurity", "mask"} <= tab.capabilities and "gradients" not in tab.capabilities
    _, lg = logistic
    assert lg.task == "classification" and lg.labels == ["malignant", "benign"]
    assert {"linear", "probabilities"} <= lg.capabilities and "trees" not in lg.capabilities
    assert {"gradients", "parameters", "probabilities"} <= mlp[3].capabilities
    assert set(xw.available_methods(tab, scope="global")) == {"impurity_importance", "kmeans",
                                                              "permutation_importance", "tree_shap"}
    assert "saliency" in xw.available_methods(mlp[3], scope="local")


def test_rows_in_every_form_give_the_same_explanation(forest, diabetes):
    _, tab = forest
    _, Xte, _, _ = diabetes
    row = Xte.iloc[3]
    a = xw.explain(row, model=tab, method="occlusion")
    for form in (row.to_numpy(), list(row), Xte.iloc[[3]], row[::-1]):  # a Series in another order, by name
        np.testing.assert_array_equal(xw.explain(form, model=tab, method="occlusion").scores, a.scores)
    assert a.feature_values == [float(v) for v in row]


def test_bad_input_is_a_clear_error(forest, diabetes):
    rf, tab = forest
    Xtr, Xte, ytr, _ = diabetes
    with pytest.raises(ValueError, match=r"x has 9 features; the model takes 10"):
        xw.explain(Xte.iloc[0, :9].to_numpy(), model=tab, method="occlusion")
    bad = Xte.iloc[0].to_numpy().copy()
    bad[2] = np.nan
    with pytest.raises(ValueError, match=r"NaN or infinite values \(first in feature"):
        xw.explain(bad, model=tab, method="tree_shap")
    strings = Xte.iloc[[0]].astype(object)
    strings.iloc[0, 4] = "high"
    with pytest.raises(ValueError, match=r"feature 's1' holds 'high', not a number"):
        xw.explain(strings, model=tab, method="occlusion")
    with pytest.raises(ValueError, match="one row; the DataFrame has 2 rows"):
        xw.explain(Xte.iloc[:2], model=tab, method="occlusion")
    with pytest.raises(ValueError, match="not fitted yet"):
        xw.load_model(RandomForestRegressor(), data=Xtr)
    with pytest.raises(ValueError, match="needs data=X_train"):
        xw.load_model(rf, kind="tabular")
    with pytest.raises(TypeError, match="wrap a RandomForestRegressor first"):
        xw.explain(Xte.iloc[0], model=rf)
    with pytest.raises(ValueError, match="lacks the columns"):
        xw.load_model(rf, data=Xtr.drop(columns=["bmi"]), feature_names=list(Xtr.columns))
    with pytest.raises(xw.CapabilityError, match=r"permutation_importance is a global method.*explain_global"):
        xw.explain(Xte.iloc[0], model=tab, method="permutation_importance")
    with pytest.raises(xw.CapabilityError, match=r"linear is a local method.*xw.explain\("):
        xw.explain_global(tab, Xte, method="linear")
    with pytest.raises(xw.CapabilityError, match="does not apply to tabular models"):
        xw.explain(Xte.iloc[0], model=tab, method="shap")
    with pytest.raises(TypeError, match="unknown parameter"):
        xw.explain(Xte.iloc[0], model=tab, method="occlusion", n_steps=3)


def test_nothing_the_user_passed_is_changed(diabetes):
    Xtr, Xte, ytr, yte = diabetes
    rf = RandomForestRegressor(n_estimators=10, random_state=0).fit(Xtr, ytr)
    before_model, before_X, before_test = pickle.dumps(rf), Xtr.copy(), Xte.copy()
    tab = xw.load_model(rf, data=Xtr)
    state = np.random.get_state()
    for m in ("tree_shap", "kernel_shap", "lime", "occlusion"):
        xw.explain(Xte.iloc[0], model=tab, method=m, **({"n_samples": 64} if m == "kernel_shap" else {}))
    for m in ("permutation_importance", "impurity_importance", "tree_shap", "kmeans"):
        xw.explain_global(tab, Xte, yte, method=m)
    assert pickle.dumps(rf) == before_model
    pd.testing.assert_frame_equal(Xtr, before_X)
    pd.testing.assert_frame_equal(Xte, before_test)
    after = np.random.get_state()
    assert after[0] == state[0] and np.array_equal(after[1], state[1]) and after[2:] == state[2:]


# ------------------------------------------------------------------------------------------ TreeSHAP
def test_tree_shap_is_additive_and_equals_shap_called_directly(forest, diabetes):
    rf, tab = forest
    _, Xte, _, _ = diabetes
    r = xw.explain(Xte.iloc[0], model=tab, method="tree_shap")
    direct = shap.TreeExplainer(rf).shap_values(Xte.iloc[[0]].to_numpy())
    np.testing.assert_allclose(r.scores[0], np.asarray(direct)[0], atol=1e-10)
    assert r.base_values[0] + r.scores.sum() == pytest.approx(rf.predict(Xte.iloc[[0]])[0], abs=1e-8)
    g = xw.explain_global(tab, Xte, method="tree_shap")
    full = shap.TreeExplainer(rf).shap_values(Xte.to_numpy())
    np.testing.assert_allclose(g.values, full, atol=1e-10)
    np.testing.assert_allclose(g.importances, np.abs(full).mean(axis=0))
    np.testing.assert_allclose(g.values.sum(axis=1) + g.base_value, rf.predict(Xte), atol=1e-8)
    assert g.to_pandas().iloc[0]["feature"] == g.top_features(1)[0][0]


def test_tree_shap_units_for_forests_and_boosting(cancer):
    Xtr, Xte, ytr, yte, names, classes = cancer
    rf = RandomForestClassifier(n_estimators=20, max_depth=4, random_state=0).fit(Xtr, ytr)
    r = xw.explain(Xte[0], model=xw.load_model(rf, data=Xtr), method="tree_shap", target="all")
    assert r.params["output"] == "probability"
    np.testing.assert_allclose(np.array(r.base_values) + r.scores.sum(axis=1), rf.predict_proba(Xte[:1])[0][r.targets])
    gb = GradientBoostingClassifier(n_estimators=20, random_state=0).fit(Xtr, ytr)
    r = xw.explain(Xte[0], model=xw.load_model(gb, data=Xtr), method="tree_shap", target="all")
    margin = gb.decision_function(Xte[:1])[0]
    assert r.params["output"] == "log_odds"
    expected = {0: -margin, 1: margin}
    for k, t in enumerate(r.targets):
        assert r.base_values[k] + r.scores[k].sum() == pytest.approx(expected[t], abs=1e-6)


# ------------------------------------------------------------------------------------------ exact Shapley
def exact_shapley(value, m):
    """phi_i = sum_{S in N \\ {i}} |S|! (m - |S| - 1)! / m! (v(S u {i}) - v(S)), enumerated."""
    phi = np.zeros(m)
    for i in range(m):
        rest = [j for j in range(m) if j != i]
        for size in range(m):
            for S in combinations(rest, size):
                w = factorial(size) * factorial(m - size - 1) / factorial(m)
                phi[i] += w * (value(set(S) | {i}) - value(set(S)))
    return phi


@pytest.fixture(scope="module")
def four_features():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(300, 4))
    y = X[:, 0] * X[:, 1] + np.sin(2 * X[:, 2]) + 0.5 * X[:, 3] ** 2
    rf = RandomForestRegressor(n_estimators=20, max_depth=5, random_state=0).fit(X, y)
    tab = xw.load_model(rf, data=X[:40])
    return rf, tab, X


def interventional_value(rf, x, background):
    def value(S):
        rows = background.copy()
        for j in S:
            rows[:, j] = x[j]
        return rf.predict(rows).mean()
    return value


def test_kernel_shap_matches_exact_shapley_enumeration(four_features):
    rf, tab, X = four_features
    x = X[100]
    exact = exact_shapley(interventional_value(rf, x, tab.background), 4)
    enumerated = xw.explain(x, model=tab, method="kernel_shap")  # 2^4 - 2 coalitions fit: every one enumerated
    assert enumerated.diagnostics["exact"]
    np.testing.assert_allclose(enumerated.scores[0], exact, atol=1e-9)
    sampled = xw.explain(x, model=tab, method="kernel_shap", n_samples=12, seed=3)  # fewer than 14: sampled
    assert not sampled.diagnostics["exact"]
    assert sampled.scores.sum() == pytest.approx(exact.sum(), abs=1e-9)  # efficiency holds exactly
    np.testing.assert_allclose(sampled.scores[0], exact, atol=0.15 * np.abs(exact).max())


def path_dependent_value(rf, x):
    """TreeSHAP's default value function: E[f(x) | x_S] by the trees' cover (weighted_n_node_samples)."""
    x = np.asarray(x, dtype=np.float32)

    def expect(t, S, n=0):
        if t.children_left[n] == -1:
            return t.value[n][0][0]
        j, left, right = t.feature[n], t.children_left[n], t.children_right[n]
        if j in S:
            return expect(t, S, left if x[j] <= t.threshold[n] else right)
        wl, wr = t.weighted_n_node_samples[left], t.weighted_n_node_samples[right]
        return (wl * expect(t, S, left) + wr * expect(t, S, right)) / (wl + wr)

    return lambda S: np.mean([expect(e.tree_, set(S)) for e in rf.estimators_])


def test_tree_shap_is_the_shapley_value_of_its_path_dependent_game(four_features):
    rf, tab, X = four_features
    x = X[7]
    exact = exact_shapley(path_dependent_value(rf, x), 4)
    ts = xw.explain(x, model=tab, method="tree_shap")
    np.testing.assert_allclose(ts.scores[0], exact, atol=1e-9)
    assert ts.base_values[0] == pytest.approx(path_dependent_value(rf, x)(set()), abs=1e-9)


def test_kernel_shap_agrees_with_shap_kernel_explainer(logistic, cancer):
    pipe, lg = logistic
    Xtr, Xte, *_ = cancer
    ours = xw.explain(Xte[0], model=lg, method="kernel_shap", target="benign", n_samples=4000, seed=0)
    ke = shap.KernelExplainer(lambda a: pipe.predict_proba(a)[:, 1], lg.background)
    with np.errstate(all="ignore"):  # l1_reg=False: shap's default drops features by an AIC path first
        theirs = ke.shap_values(Xte[:1], nsamples=4000, silent=True, l1_reg=False)[0]
    assert np.corrcoef(ours.scores[0], theirs)[0, 1] > 0.95  # two samplers of 30 features, 4000 coalitions each
    assert ours.scores.sum() == pytest.approx(theirs.sum(), abs=1e-6)


# ------------------------------------------------------------------------------------------ linear, LIME
def test_linear_contributions_follow_the_formula_and_add_up(diabetes, logistic, cancer):
    Xtr, Xte, ytr, _ = diabetes
    lr = LinearRegression().fit(Xtr, ytr)
    tab = xw.load_model(lr, data=Xtr)
    x = Xte.iloc[0].to_numpy()
    r = xw.explain(x, model=tab, method="linear")
    mean = Xtr.to_numpy().mean(axis=0)
    np.testing.assert_allclose(r.scores[0], lr.coef_ * (x - mean))
    assert r.scores.sum() == pytest.approx(lr.predict(Xte.iloc[[0]])[0] - lr.predict(pd.DataFrame([mean],
                                                                                                  columns=Xtr.columns))[0])
    pipe, lg = logistic
    x = cancer[1][0]
    r = xw.explain(x, model=lg, method="linear", target="all")
    decision = pipe.decision_function(x[None, :])[0]
    at_mean = pipe.decision_function(lg.data.mean(axis=0)[None, :])[0]
    row = r.targets.index(1)
    assert r.params["output"] == "log_odds"
    assert r.scores[row].sum() == pytest.approx(decision - at_mean, abs=1e-9)
    assert r.scores[1 - row].sum() == pytest.approx(at_mean - decision, abs=1e-9)


def test_tabular_lime_is_seeded(forest, diabetes):
    _, tab = forest
    x = diabetes[1].iloc[0]
    a = xw.explain(x, model=tab, method="lime", num_samples=500, seed=0)
    b = xw.explain(x, model=tab, method="lime", num_samples=500, seed=0)
    c = xw.explain(x, model=tab, method="lime", num_samples=500, seed=1)
    np.testing.assert_array_equal(a.scores, b.scores)
    assert not np.array_equal(a.scores, c.scores)
    five = xw.explain(x, model=tab, method="lime", num_features=5, seed=0)
    assert (five.scores[0] != 0).sum() == 5


# ------------------------------------------------------------------------------------------ global
def test_permutation_importance_equals_sklearn(forest, diabetes):
    rf, tab = forest
    _, Xte, _, yte = diabetes
    g = xw.explain_global(tab, Xte, yte, method="permutation_importance", n_repeats=4, seed=7)
    ref = permutation_importance(rf, Xte, yte, n_repeats=4, random_state=7)
    np.testing.assert_allclose(g.importances, ref.importances_mean)
    np.testing.assert_allclose(g.importances_std, ref.importances_std)
    with pytest.raises(ValueError, match="needs the true targets"):
        xw.explain_global(tab, Xte, method="permutation_importance")


def test_model_importances(forest, logistic, diabetes):
    rf, tab = forest
    g = xw.explain_global(tab, method="impurity_importance")
    np.testing.assert_allclose(g.importances, rf.feature_importances_)
    assert g.importances_std is not None and len(g.importances_std) == 10
    pipe, lg = logistic
    w = xw.explain_global(lg, method="linear_weights")
    W, _ = lg.linear_weights()
    np.testing.assert_allclose(w.importances, np.abs(pipe[-1].coef_[0]))  # the scaler folded: |w| * std = |w_z|
    np.testing.assert_allclose(W[0] * pipe[0].scale_, pipe[-1].coef_[0])


def test_gradient_importance_matches_finite_differences(mlp):
    net, X, y, tab = mlp
    net.double()  # the adapter follows the module's dtype: float64 gradients, float64 finite differences
    try:
        g = xw.explain_global(tab, X[:20], method="gradient_importance")
        x = torch.tensor(X[:1].astype(np.float64))
        t = int(tab.predict(X[:1]).argmax())
        f = lambda z: torch.softmax(net(z), -1)[0, t].item()  # noqa: E731
        eye = torch.eye(13, dtype=torch.float64)
        fd = np.array([(f(x + 1e-5 * eye[i]) - f(x - 1e-5 * eye[i])) / 2e-5 for i in range(13)])
        exact = torch.autograd.functional.jacobian(lambda z: torch.softmax(net(z), -1)[0, t], x)[0].numpy()
    finally:
        net.float()
    np.testing.assert_allclose(g.values[0], np.abs(exact) / np.abs(exact).sum(), rtol=1e-9)
    np.testing.assert_allclose(g.values[0], np.abs(fd) / np.abs(fd).sum(), rtol=1e-3)
    np.testing.assert_allclose(g.importances, g.values.mean(axis=0))


def test_kmeans_global_explanation(forest, diabetes):
    _, tab = forest
    _, Xte, _, _ = diabetes
    g = xw.explain_global(tab, Xte, method="kmeans", n_clusters=3, seed=0)
    assert sum(c["size"] for c in g.clusters) == len(Xte)
    assert 0.5 < g.surrogate["fidelity"] <= 1.0 and "|---" in g.surrogate["rules"]
    again = xw.explain_global(tab, Xte, method="kmeans", n_clusters=3, seed=0)
    assert again.diagnostics["assignment"] == g.diagnostics["assignment"]
    assert g.importances.sum() == pytest.approx(1.0)
    assert len(g.to_pandas("clusters")) == 3


def test_torch_tabular_gradients_and_eval_mode(mlp):
    net, X, y, tab = mlp
    net.train()  # the user left it training, with dropout
    try:
        a = xw.explain(X[0], model=tab, method="integrated_gradients", n_steps=64)
        b = xw.explain(X[0], model=tab, method="integrated_gradients", n_steps=64)
        np.testing.assert_array_equal(a.scores, b.scores)  # dropout off: deterministic
        assert abs(a.diagnostics["convergence_delta"][0]) < 1e-4
        assert a.base_values[0] + a.scores.sum() == pytest.approx(a.probabilities[a.target], abs=1e-4)
        assert net.training and net[2].training
    finally:
        net.eval()
    s = xw.explain(X[0], model=tab, method="saliency")
    x = torch.tensor(X[:1]).requires_grad_(True)
    torch.softmax(net(x), -1)[0, s.target].backward()
    np.testing.assert_allclose(s.scores[0], x.grad.abs()[0].numpy(), rtol=1e-5)


# ------------------------------------------------------------------------------------------ evaluation, export
def test_tabular_faithfulness_by_hand(diabetes):
    Xtr, Xte, ytr, _ = diabetes
    lr = LinearRegression().fit(Xtr, ytr)
    tab = xw.load_model(lr, data=Xtr)
    r = xw.explain(Xte.iloc[0], model=tab, method="linear")
    from xai_widgets.evaluation import faithfulness

    res = faithfulness(tab, r, metrics=["deletion_auc"], replacement="mean")
    order = np.argsort(-r.scores[0], kind="stable")
    x, mean = Xte.iloc[0].to_numpy(), Xtr.to_numpy().mean(axis=0)
    ys = []
    for j in range(11):
        z = x.copy()
        z[order[:j]] = mean[order[:j]]
        ys.append(lr.predict(pd.DataFrame([z], columns=Xtr.columns))[0])
    np.testing.assert_allclose(res.curves["deletion"][1], ys)
    # a linear model's average over the background rows equals its value at the background rows' mean
    bg = faithfulness(tab, r, metrics=["deletion_auc"])
    bmean = tab.background.mean(axis=0)
    ys = []
    for j in range(11):
        z = x.copy()
        z[order[:j]] = bmean[order[:j]]
        ys.append(lr.predict(pd.DataFrame([z], columns=Xtr.columns))[0])
    np.testing.assert_allclose(bg.curves["deletion"][1], ys, rtol=1e-9)


def test_evaluate_a_tabular_model_and_its_report(forest, diabetes, tmp_path):
    _, tab = forest
    _, Xte, _, _ = diabetes
    ev = xw.evaluate(tab, X=Xte.iloc[:6], methods=["tree_shap", "occlusion", "kernel_shap"],
                     method_params={"kernel_shap": {"n_samples": 200}})
    s = ev.summary()
    assert list(s.index) == ["tree_shap", "occlusion", "kernel_shap"] and s.notna().all().all()
    assert ev.texts[0] == "row 0" and ev.attribution("occlusion", 2).layout == "table"
    w = ev.widget()
    assert w.examples[0]["results"][0]["layout"] == "table"
    path = xw.save_html(tmp_path / "e.html", ev, xw.explain_global(tab, Xte, method="tree_shap"))
    html = path.read_text(encoding="utf-8")
    assert "xw-bundle-evaluation_report" in html and "xw-bundle-feature_importance" in html
    with pytest.raises(TypeError, match="pass X="):
        xw.evaluate(tab, ["a text"])


def test_html_in_feature_names_stays_text(diabetes, tmp_path):
    Xtr, Xte, ytr, _ = diabetes
    names = ["<img src=x onerror=alert(1)>"] + list(Xtr.columns[1:])
    rf = RandomForestRegressor(n_estimators=5, random_state=0).fit(Xtr.to_numpy(), ytr)
    tab = xw.load_model(rf, data=Xtr.to_numpy(), feature_names=names)
    r = xw.explain(Xte.to_numpy()[0], model=tab, method="tree_shap")
    g = xw.explain_global(tab, Xte.to_numpy(), method="tree_shap")
    for obj in (r, g):
        static = obj._static_html()
        assert "<img" not in static and "&lt;img src=x onerror=alert(1)&gt;" in static
        html = obj.to_html(tmp_path / "p.html").read_text(encoding="utf-8")
        assert "<img" not in html  # in the JSON state as \\u003c, in the fallback escaped
    bundle = r._repr_mimebundle_()
    assert "<img" not in bundle["text/html"] and "text/plain" in bundle


def test_global_result_round_trips(forest, diabetes):
    _, tab = forest
    g = xw.explain_global(tab, diabetes[1], method="tree_shap")
    back = xw.GlobalExplanation.from_json(g.to_json())
    np.testing.assert_allclose(back.values, g.values)
    assert back.feature_names == g.feature_names and back.base_value == g.base_value
    import matplotlib

    matplotlib.use("Agg")
    assert g.plot().get_title().startswith("TreeSHAP")
    assert g.plot("bar") is not None
    from xai_widgets.widgets import FeatureImportance

    w = FeatureImportance(g)
    assert w.mode == "global" and w.chart == "beeswarm" and len(w.values) == 4 * g.values.size
    np.testing.assert_allclose(np.frombuffer(w.values, "<f4").reshape(g.values.shape), g.values, rtol=1e-6)
    name, state = w._export_spec()
    assert name == "feature_importance" and isinstance(state["values"], str)  # base64 in the page
    assert w.hovered_row_values is None
    w.hovered_row = 3
    hov = w.hovered_row_values
    assert hov["row"] == 3 and hov["values"]["bmi"] == pytest.approx(g.values[3, 2], rel=1e-6)
    assert hov["feature_values"]["bmi"] == pytest.approx(g.data[3, 2], rel=1e-6)


def test_fingerprint_tells_models_and_data_apart(diabetes, tmp_path):
    Xtr, Xte, ytr, _ = diabetes
    a = xw.load_model(RandomForestRegressor(n_estimators=5, random_state=0).fit(Xtr, ytr), data=Xtr)
    b = xw.load_model(RandomForestRegressor(n_estimators=5, random_state=1).fit(Xtr, ytr), data=Xtr)
    c = xw.load_model(a.model, data=Xtr.iloc[:50])
    assert a.fingerprint() == xw.load_model(a.model, data=Xtr).fingerprint()
    assert len({a.fingerprint(), b.fingerprint(), c.fingerprint()}) == 3
    ea = xw.evaluate(a, X=Xte.iloc[:2], methods=["occlusion"], cache=str(tmp_path))
    eb = xw.evaluate(b, X=Xte.iloc[:2], methods=["occlusion"], cache=str(tmp_path))
    assert not eb.times()["cached"].any()  # same class, same name: not served the other model's explanations
    assert not np.allclose(ea.attribution("occlusion", 0).scores, eb.attribution("occlusion", 0).scores)


# ------------------------------------------------------------------------------------------ review findings
def test_columns_are_matched_by_name_whatever_the_data_order(diabetes):
    Xtr, Xte, ytr, _ = diabetes
    lr = LinearRegression().fit(Xtr, ytr)
    shuffled = xw.load_model(lr, data=Xtr[list(reversed(Xtr.columns))])
    assert shuffled.feature_names == list(Xtr.columns)
    np.testing.assert_allclose(shuffled.predict(Xte.iloc[:5])[:, 0], lr.predict(Xte.iloc[:5]))
    r = xw.explain(Xte.iloc[0], model=shuffled, method="linear")
    assert r.scores.sum() + r.base_values[0] == pytest.approx(lr.predict(Xte.iloc[[0]])[0])
    with pytest.raises(ValueError, match="differ from the names the model was fitted with"):
        xw.load_model(lr, data=Xtr, feature_names=list(reversed(Xtr.columns)))


def test_tree_shap_follows_a_refitted_model(diabetes):
    Xtr, Xte, ytr, _ = diabetes
    rf = RandomForestRegressor(n_estimators=5, random_state=0).fit(Xtr, ytr)
    tab = xw.load_model(rf, data=Xtr)
    xw.explain(Xte.iloc[0], model=tab, method="tree_shap")
    rf.fit(Xtr, -ytr)  # refitted in place
    r = xw.explain(Xte.iloc[0], model=tab, method="tree_shap")
    assert r.base_values[0] + r.scores.sum() == pytest.approx(rf.predict(Xte.iloc[[0]])[0], abs=1e-8)


def test_scalers_without_centring_fold_exactly(cancer):
    Xtr, Xte, ytr, *_ = cancer
    for scaler in (StandardScaler(with_mean=False), StandardScaler(with_std=False)):
        pipe = make_pipeline(scaler, LogisticRegression(max_iter=3000)).fit(Xtr, ytr)
        W, b = xw.load_model(pipe, data=Xtr).linear_weights()
        np.testing.assert_allclose(Xte @ W[0] + b[0], pipe.decision_function(Xte), rtol=1e-9, atol=1e-9)


def test_more_bad_input_is_a_clear_error(forest, diabetes):
    _, tab = forest
    _, Xte, _, yte = diabetes
    with pytest.raises(TypeError, match="one row of 10 features"):
        xw.explain({"bmi": 1.0}, model=tab, method="occlusion")
    with pytest.raises(ValueError, match="X has no rows"):
        xw.explain_global(tab, Xte.iloc[:0], method="tree_shap")
    with pytest.raises(ValueError, match=r"seed must be an integer in \[0, 2\*\*32\)"):
        xw.explain_global(tab, Xte, yte, method="permutation_importance", seed=-1)
    with pytest.raises(ValueError, match="unknown scoring 'r3'"):
        xw.explain_global(tab, Xte, yte, method="permutation_importance", scoring="r3")
    with pytest.raises(ValueError, match="feature_selection must be one of"):
        xw.explain(Xte.iloc[0], model=tab, method="lime", feature_selection="bogus")
    with pytest.raises(ValueError, match="does not name the model's features"):
        xw.explain(pd.Series(np.zeros(10), index=list("abcdefghij")), model=tab, method="occlusion")
    with pytest.raises(xw.CapabilityError, match="sanity_examples"):
        xw.evaluate(tab, X=Xte.iloc[:2], methods=["occlusion"], sanity_examples=1)
    d = load_wine()
    gb = GradientBoostingClassifier(n_estimators=5, random_state=0).fit(d.data, d.target)
    with pytest.raises(xw.CapabilityError, match="tree_shap needs trees"):
        xw.explain(d.data[0], model=xw.load_model(gb, data=d.data), method="tree_shap")
