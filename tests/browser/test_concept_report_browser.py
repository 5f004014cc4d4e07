"""The concept report (TCAV) in an offline page, driven in headless Debian chromium with every non-local request
blocked: the grid against the random bands, a click on a cell opens its aligned examples, a click on an example
shows its tokens coloured by concept sensitivity, and concept names stay inert."""
import pytest
from test_concept_report_widget import EVIL, make_scores
from xw_pages import LOCAL_SCHEMES, is_blue, is_red, rgb

from xai_widgets import export

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not (export.STATIC_DIR / "concept_report.js").is_file(),
                                 reason="front end not built: cd js && npm ci && npm run build")]

MODEL = "window.xaiWidgets.models[0]"


def cell(ci, li):
    return f"[data-role=cell][data-ci='{ci}'][data-li='{li}']"


def test_grid_shows_scores_marks_and_bands(offline_page, open_export):
    page, scores = offline_page, make_scores()
    open_export(page, scores, title="TCAV")
    df = scores.to_pandas()
    assert page.locator(".xw-cr").count() == 1
    meta = page.locator("[data-role=meta]").text_content()
    assert "class positive" in meta and "7 examples" in meta and "4 random runs" in meta and "logistic" in meta
    assert page.locator("[data-role=cell]").count() == 4
    for _, row in df.iterrows():
        ci, li = scores.concepts.index(row.concept), scores.layers.index(row.layer)
        c = page.locator(cell(ci, li))
        assert float(c.locator("[data-role=score]").text_content().split(" ")[0]) == pytest.approx(row.tcav_score, abs=5e-3)
        assert float(c.locator("[data-role=p]").text_content().split()[-1]) == pytest.approx(row.p_holm, rel=5e-3)
        assert c.get_attribute("data-significant") == str(row.significant).lower()
        assert c.get_attribute("data-near-chance") == str(row.cav_near_chance).lower()
        assert (c.locator("[data-role=near-chance]").count() == 1) == row.cav_near_chance
        # the band spans the random mean +- 2 sd of the layer (clipped to the 0..1 strip)
        strip = page.eval_on_selector(cell(ci, li) + " [data-role=strip]", "s => s.getBoundingClientRect().width")
        band = page.eval_on_selector(cell(ci, li) + " [data-role=band]",
                                     "b => { const r = b.getBoundingClientRect(), p = b.parentElement; "
                                     "return [r.left - p.getBoundingClientRect().left - p.clientLeft, r.width]; }")
        lo = max(0.0, row.random_mean - 2 * row.random_std)
        hi = min(1.0, row.random_mean + 2 * row.random_std)
        inner = strip - 2  # 1px border on each side
        assert band[0] == pytest.approx(lo * inner, abs=1.5) and band[1] == pytest.approx((hi - lo) * inner, abs=1.5)
    assert page.locator(cell(0, 0) + " [data-role=mark]").text_content().startswith("\u2713 significant")
    # the set test's line: its Holm p-value and mark as to_pandas() has them, in a smaller font than the cell's
    row = df[(df.concept == scores.concepts[0]) & (df.layer == scores.layers[1])].iloc[0]
    line = page.locator(cell(0, 1) + " [data-role=p-set]")
    text = line.text_content()
    assert text.startswith("set test: p = ")
    assert float(text.split("=")[1].split()[0]) == pytest.approx(row.p_set_holm, rel=5e-3)
    assert text.endswith("\u2713" if row.significant_set else "\u2717")
    assert page.locator(cell(0, 1)).get_attribute("data-significant-set") == str(row.significant_set).lower()
    first = df[(df.concept == scores.concepts[0]) & (df.layer == scores.layers[0])].iloc[0]
    assert page.locator(cell(0, 0) + " [data-role=p-set]").text_content().endswith(
        "\u2713" if first.significant_set else "\u2717")
    size = "e => parseFloat(getComputedStyle(e).fontSize)"
    assert page.eval_on_selector(cell(0, 1) + " [data-role=p-set]", size) < page.eval_on_selector(cell(0, 1), size)
    assert line.is_visible()
    legend = page.locator("[data-role=legend]").text_content()
    assert "set test" in legend and "same size" in legend
    assert page.locator(cell(1, 0) + " [data-role=mark]").text_content() == "\u2717 not significant"
    # the concept named like a tag is text; nothing was fetched or run
    assert page.locator("[data-role=concept] >> nth=1").text_content() == EVIL
    assert page.locator(".xw-cr img").count() == 0
    assert page.dialogs == [] and page.errors == []
    assert page.blocked == [] and all(u.startswith(LOCAL_SCHEMES) for u in page.requests), page.requests


def test_click_a_cell_then_an_example_shows_coloured_tokens(offline_page, open_export):
    page, scores = offline_page, make_scores()
    open_export(page, scores)
    assert page.locator("[data-role=drilldown]").count() == 0
    page.click(cell(1, 1))
    assert page.evaluate(f"[{MODEL}.get('concept_index'), {MODEL}.get('layer_index')]") == [1, 1]
    drill = page.locator("[data-role=drilldown]")
    assert EVIL in drill.locator("[data-role=drill-title]").text_content()
    expected = scores.aligned_examples(EVIL, 3, k=5)
    for kind, name in (("most", "most aligned"), ("least", "least aligned")):
        rows = drill.locator(f"[data-role={kind}-aligned] tr[data-role=example]")
        assert rows.count() == 5
        want = expected[expected.kind == name]
        assert rows.locator("[data-role=example-text]").all_text_contents() == list(want.text)
        shown = [float(v) for v in rows.locator("[data-role=alignment]").all_text_contents()]
        assert shown == pytest.approx(list(want.alignment), abs=5e-3)
        sens = [float(v) for v in rows.locator("[data-role=sensitivity]").all_text_contents()]
        assert sens == pytest.approx(list(want.sensitivity), rel=5e-3, abs=5e-3)
    assert page.locator(".xw-token").count() == 0
    first = drill.locator("[data-role=most-aligned] tr[data-role=example] >> nth=0")
    i = int(first.get_attribute("data-example"))
    first.click()
    assert page.evaluate(f"{MODEL}.get('example')") == i
    panel = page.locator("[data-role=tokens-panel]")
    assert panel.get_attribute("data-example") == str(i)
    tokens = panel.locator(".xw-token")
    assert tokens.all_text_contents() == scores.example_tokens[i]
    sens = scores.token_sensitivity[i][1, 1]
    special = scores.example_special[i]
    top = max(abs(s) for s, sp in zip(sens, special) if not sp)
    coloured = 0
    for t, s in enumerate(sens):
        if special[t] or abs(s) < 0.3 * top:  # faint colours are too close to white to tell
            continue
        colour = rgb(page, f"[data-role=tokens-panel] .xw-token[data-token-index='{t}']")
        assert is_blue(colour) if s > 0 else is_red(colour), (t, s, colour)
        coloured += 1
    assert coloured >= 1
    page.hover("[data-role=tokens-panel] .xw-token[data-token-index='1']")
    assert page.locator("[data-role=tokens-panel] .xw-tooltip").is_visible()
    page.click("[data-role=drilldown] [data-role=close]")
    assert page.locator("[data-role=drilldown]").count() == 0
    assert page.errors == [] and page.dialogs == [] and page.blocked == []


def test_example_text_is_inert_and_the_dark_theme_applies(offline_page, open_export):
    page, scores = offline_page, make_scores()
    bold = scores.examples.index("<b>bold</b> claims")
    from xai_widgets.widgets.concept_report import ConceptReport

    open_export(page, ConceptReport(scores, concept=EVIL, layer=1, example=bold, theme="dark"))
    assert page.locator(".xw-cr").get_attribute("data-resolved-theme") == "dark"
    bg = rgb(page, ".xw-cr")
    assert sum(bg) < 150  # a dark background
    assert page.locator("[data-role=tokens-panel]").get_attribute("data-example") == str(bold)
    assert page.locator("[data-role=tokens-panel] .xw-token").all_text_contents() == scores.example_tokens[bold]
    assert "<b>" in scores.example_tokens[bold]
    texts = page.locator("[data-role=example-text]").all_text_contents()
    assert "<b>bold</b> claims" in texts
    assert page.locator(".xw-cr b, .xw-cr img").count() == 0
    # both tests in the drill-down; the set test's mark takes the dark theme's green
    stats = page.locator("[data-role=cell-stats]")
    assert "t-test over runs: p " in stats.locator("[data-role=runs-test]").text_content()
    assert stats.locator("[data-role=set-test]").text_content() == "set test: Holm 1: not significant"
    assert "random set of the same size" in page.locator("[data-role=tests-help]").text_content()
    colour = page.eval_on_selector(cell(0, 0) + " [data-role=set-mark]", "e => getComputedStyle(e).color")
    assert colour == "rgb(63, 185, 80)"  # --xw-sig of the dark theme
    assert page.errors == [] and page.dialogs == []
