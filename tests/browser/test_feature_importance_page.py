"""The feature importance widget in an offline page, driven in headless Debian chromium: local bars and waterfall
of a real tabular model's attributions, and a GlobalExplanation's beeswarm (canvas) and bar chart."""
import numpy as np
import pytest

from xai_widgets import export
from xai_widgets.results.global_explanation import GlobalExplanation
from xai_widgets.widgets.feature_importance import FeatureImportance

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not (export.STATIC_DIR / "feature_importance.js").is_file(),
                                 reason="front end not built: cd js && npm ci && npm run build")]

XSS = "<img src=x onerror=alert(1)>"
FEATURES = ["age", "income", XSS, "tenure"]
MODEL = "window.xaiWidgets.models[0]"


@pytest.fixture(scope="module")
def comparison():
    pd = pytest.importorskip("pandas")
    pytest.importorskip("sklearn")
    from sklearn.linear_model import LogisticRegression

    import xai_widgets as xw

    rng = np.random.default_rng(0)
    X = pd.DataFrame(rng.normal(size=(200, 4)), columns=FEATURES)
    y = (X["age"] - 2 * X["income"] + 0.5 * X[XSS] > 0).astype(int)
    tab = xw.load_model(LogisticRegression().fit(X, y), data=X)
    return xw.explain(X.iloc[0], model=tab, methods=["kernel_shap", "linear", "occlusion"])


def global_explanation(n=300, names=None, seed=0, **over):
    names = names or FEATURES
    rng = np.random.default_rng(seed)
    data = rng.normal(size=(n, len(names)))
    data[rng.random(size=data.shape) < 0.05] = np.nan
    values = np.nan_to_num(data) * np.linspace(1.0, 0.2, len(names)) + 0.05 * rng.normal(size=data.shape)
    imp = np.abs(values).mean(axis=0)
    fields = dict(method="tree_shap", feature_names=names, importances=imp, importances_std=np.abs(values).std(axis=0) / 4,
                  values=values, data=data, importance_label="mean |SHAP value|", model_name="hand-made")
    fields.update(over)
    return GlobalExplanation(**fields)


def label(name, value):
    return f"{name} = {value:.4g}"


def python_order(scores):
    return list(np.argsort(-np.abs(np.asarray(scores)), kind="stable"))


# ------------------------------------------------------------------ local


def test_bars_show_the_features_and_scores_python_computed(page, open_export, comparison):
    open_export(page, FeatureImportance(comparison))
    r = comparison[0]
    scores = r.scores_for()
    order = python_order(scores)
    rows = page.locator("[data-role=chart] [data-role=bar]")
    assert rows.locator(".xw-label").all_text_contents() == [label(r.tokens[i], r.feature_values[i]) for i in order]
    shown = [float(x) for x in rows.evaluate_all("els => els.map(e => e.dataset.score)")]
    assert shown == pytest.approx([scores[i] for i in order], rel=1e-12)
    signs = rows.evaluate_all("els => els.map(e => Number(e.dataset.sign))")
    assert signs == [int(np.sign(scores[i])) for i in order]
    assert page.locator("[data-role=predicted]").text_content() == r.predicted_label
    assert page.locator("[data-role=predicted-value]").text_content().strip() == f"{r.probabilities[r.predicted] * 100:.1f}%"
    assert page.locator("img").count() == 0


def test_hovering_a_bar_shows_its_tooltip(page, open_export, comparison):
    open_export(page, FeatureImportance(comparison))
    r = comparison[0]
    order = python_order(r.scores_for())
    tip = page.locator(".xw-tooltip")
    assert tip.is_hidden()
    i = order[0]
    page.hover(f"[data-role=bar][data-feature-index='{i}'] >> [data-role=bar-fill]")
    assert tip.is_visible()
    lines = tip.locator("div").all_text_contents()
    assert lines[0] == r.tokens[i]
    assert lines[1] == f"value = {r.feature_values[i]:.4g}"
    assert lines[2].startswith("contribution ") and lines[2].endswith(f"to p({r.labels[r.target]})")
    assert lines[3] == f"rank 1 of {len(r.tokens)} by |score|"
    assert page.evaluate(f"{MODEL}.get('hovered')") == i
    page.mouse.move(0, 0)
    assert tip.is_hidden()
    assert page.evaluate(f"{MODEL}.get('hovered')") == -1
    page.focus(f"[data-role=bar][data-feature-index='{order[1]}']")  # keyboard: the same tooltip on focus
    assert tip.is_visible() and tip.locator("div").first.text_content() == r.tokens[order[1]]


def test_waterfall_runs_from_the_base_value_to_the_model_output(page, open_export, comparison):
    open_export(page, FeatureImportance(comparison))
    page.click("button[data-chart=waterfall]")
    r = comparison[0]
    base = float(page.get_attribute("[data-role=base]", "data-value"))
    end = float(page.get_attribute("[data-role=output]", "data-value"))
    assert base == pytest.approx(r.base_values[0], rel=1e-12)
    assert end == pytest.approx(r.base_values[0] + r.scores_for().sum(), rel=1e-9)
    assert end == pytest.approx(r.probabilities[r.target], abs=1e-6)  # KernelSHAP is additive
    assert page.locator("[data-role=additivity]").count() == 0
    page.select_option("select[data-role=method]", label="Occlusion")  # no base value: bars again
    assert page.locator("[data-role=chart]").get_attribute("data-chart") == "bars"
    assert page.locator("button[data-chart=waterfall]").is_disabled()


def test_grid_view_compares_every_method(page, open_export, comparison):
    open_export(page, FeatureImportance(comparison))
    page.click("[data-role=view-toggle]")
    charts = page.locator("[data-role=chart]")
    assert charts.count() == 3
    assert page.locator(".xw-chart-title").all_text_contents() == [r.method_label for r in comparison]
    orders = [charts.nth(k).locator("[data-role=bar]").evaluate_all("els => els.map(e => e.dataset.featureIndex)")
              for k in range(3)]
    assert orders[0] == orders[1] == orders[2]
    assert not page.errors


# ------------------------------------------------------------------ global


def dot_position(page, slot=0):
    """Viewport position and row of a dot of `slot` whose position hit-tests to itself."""
    page.locator("[data-role=beeswarm-canvas]").scroll_into_view_if_needed()
    return page.evaluate("""(slot) => {
        const c = document.querySelector("[data-role=beeswarm-canvas]");
        const L = c.__xwLayout;
        const rect = c.getBoundingClientRect();
        for (let r = 0; r < L.nRows; r++) {
            const p = L.pointOf(slot, r);
            if (!p) continue;
            const x = Math.round(rect.left + p.x), y = Math.round(rect.top + p.y);  // mouse events have integer coordinates
            if (L.hitTest(x - rect.left, y - rect.top) === p.p) return { x, y, row: r, px: p.x, py: p.y };
        }
        return null;
    }""", slot)


def test_hovering_a_beeswarm_dot_shows_its_row(page, open_export):
    g = global_explanation()
    open_export(page, FeatureImportance(g))
    canvas = page.locator("[data-role=beeswarm-canvas]")
    assert canvas.get_attribute("data-drawn") == str(300 * 4)
    order = list(g.order())
    assert page.locator("[data-role=swarm-label]").all_text_contents() == [g.feature_names[i] for i in order]
    pos = dot_position(page)
    assert pos is not None
    rgba = page.evaluate("""([x, y]) => [...document.querySelector("[data-role=beeswarm-canvas]").getContext("2d")
        .getImageData(Math.round(x * devicePixelRatio), Math.round(y * devicePixelRatio), 1, 1).data]""", [pos["px"], pos["py"]])
    assert rgba[3] > 0  # a dot is painted there
    page.mouse.move(pos["x"], pos["y"])
    tip = page.locator(".xw-tooltip")
    assert tip.is_visible()
    row, j = pos["row"], order[0]
    lines = tip.locator("div").all_text_contents()
    assert lines[0] == f"row {row}"
    value = g.data[row, j]
    assert lines[1] == f"{g.feature_names[j]} = " + ("missing" if np.isnan(value) else f"{np.float32(value):.4g}")
    assert lines[2].startswith("attribution ")
    assert float(lines[2].split()[1]) == pytest.approx(g.values[row, j], rel=5e-3, abs=1e-6)
    assert page.evaluate(f"{MODEL}.get('hovered_row')") == row
    assert page.get_attribute(".xw-swarm-overlay", "data-highlighted") == "4"  # the row in every feature
    page.mouse.move(0, 0)
    assert tip.is_hidden()
    assert page.evaluate(f"{MODEL}.get('hovered_row')") == -1
    assert not page.errors


def test_global_bar_chart_of_mean_importance(page, open_export):
    g = global_explanation()
    open_export(page, FeatureImportance(g, chart="bar"))
    order = list(g.order())
    rows = page.locator("[data-role=chart][data-chart=bar] [data-role=bar]")
    assert rows.locator(".xw-label").all_text_contents() == [g.feature_names[i] for i in order]
    shown = [float(x) for x in rows.evaluate_all("els => els.map(e => e.dataset.score)")]
    assert shown == pytest.approx([g.importances[i] for i in order], rel=1e-12)
    assert page.locator("[data-role=whisker]").count() == 4
    assert page.locator("[data-role=axis-title]").text_content() == "mean |SHAP value|"
    page.click("button[data-chart=beeswarm]")
    assert page.locator("[data-role=beeswarm-canvas]").count() == 1


def test_html_in_a_feature_name_is_inert(page, open_export):
    clusters = [{"cluster": 0, "size": 200, "mean_prediction": 0.3, "distinctive": [{"feature": XSS, "effect": 1.5}]},
                {"cluster": 1, "size": 100, "mean_prediction": 0.7, "distinctive": []}]
    surrogate = {"fidelity": 0.9, "depth": 2, "rules": f"|--- {XSS} <= 0.10\n|   |--- class: 0\n"}
    g = global_explanation(clusters=clusters, surrogate=surrogate)
    open_export(page, FeatureImportance(g), FeatureImportance(g, chart="bar"))
    assert page.locator("img").count() == 0
    assert XSS in page.locator("[data-role=swarm-label]").all_text_contents()
    assert XSS in page.locator(".xw-mount >> nth=1 >> [data-role=bar] .xw-label").all_text_contents()
    assert page.locator(".xw-mount >> nth=0 >> [data-role=rules]").text_content() == surrogate["rules"]
    assert f"{XSS} +1.5 sd" in page.locator(".xw-mount >> nth=0 >> [data-role=cluster-row]").all_text_contents()[0]
    page.hover(f".xw-mount >> nth=1 >> [data-role=bar][data-feature-index='2']")
    assert page.locator(".xw-mount >> nth=1 >> .xw-tooltip .xw-tt-title").text_content() == XSS
    page.wait_for_timeout(50)
    assert page.dialogs == [] and page.errors == [] and page.locator("img").count() == 0


def test_a_10000_by_10_beeswarm_renders_fast(page, open_export):
    g = global_explanation(n=10_000, names=[f"feature_{k}" for k in range(10)], seed=1)
    open_export(page, FeatureImportance(g, max_features=10))
    canvas = page.locator("[data-role=beeswarm-canvas]")
    assert canvas.get_attribute("data-drawn") == str(10_000 * 10)
    layout_ms, paint_ms = float(canvas.get_attribute("data-layout-ms")), float(canvas.get_attribute("data-paint-ms"))
    redraw = page.evaluate("""async () => {
        const m = window.xaiWidgets.models[0];
        const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
        await frame();
        const times = [];
        for (let k = 0; k < 3; k++) {
            m.set("chart", "bar");
            await frame();
            const t0 = performance.now();
            m.set("chart", "beeswarm");  // the whole view, synchronously, then one painted frame
            await frame();
            times.push(performance.now() - t0);
        }
        return times;
    }""")
    pos = dot_position(page, slot=3)
    hover = page.evaluate("""([x, y]) => {
        const c = document.querySelector("[data-role=beeswarm-canvas]");
        const t0 = performance.now();
        for (let k = 0; k < 1000; k++) c.__xwLayout.hitTest(x, y);
        return (performance.now() - t0) / 1000;
    }""", [pos["px"], pos["py"]])
    print(f"\n10,000 x 10 beeswarm, first render: layout {layout_ms:.0f} ms, paint {paint_ms:.0f} ms; "
          f"full re-render to a painted frame "
          f"{', '.join(f'{t:.0f}' for t in redraw)} ms, hit-test {hover * 1000:.1f} us")
    assert layout_ms + paint_ms < 1500 and min(redraw) < 2000 and hover < 0.5  # ms
    page.mouse.move(pos["x"], pos["y"])
    assert page.locator(".xw-tooltip").text_content().startswith(f"row {pos['row']}")
