"""The evaluation report in an offline page, driven in headless Debian chromium: sorting, drill-down and the
checks (agreement, sanity) the page shows."""
import pytest

import xai_widgets as xw

pytestmark = pytest.mark.browser

TEXTS = ["the film is great but the plot is dull", "a boring film", "fun but the plot is dull"]


@pytest.fixture(scope="module")
def report():
    from toy_bow import bow_adapter

    res = xw.evaluate(bow_adapter(), TEXTS, methods=["gradient_x_input", "saliency", "occlusion"], sanity_examples=1)
    return res, res.widget()


def _order(page):
    return page.eval_on_selector_all("[data-role=method-row]", "rows => rows.map(r => r.dataset.method)")


def test_table_marks_directions_and_sorts_on_click(page, open_export, report):
    res, widget = report
    open_export(page, widget)
    assert _order(page) == ["gradient_x_input", "saliency", "occlusion"]
    assert page.locator("th[data-metric=comprehensiveness] .xw-dir").text_content() == "\u2191"
    assert page.locator("th[data-metric=deletion_auc] .xw-dir").text_content() == "\u2193"
    summary = res.summary()
    page.click("button[data-metric=deletion_auc]")
    expected = list(summary["deletion_auc \u2193"].sort_values(kind="stable").index)
    assert _order(page) == expected
    assert page.locator("th[data-metric=deletion_auc]").get_attribute("aria-sort") == "ascending"
    model = "window.xaiWidgets.models[0]"
    assert page.evaluate(f"{model}.get('sort_by')") == "deletion_auc"
    page.click("button[data-metric=deletion_auc]")
    assert _order(page) == list(summary["deletion_auc \u2193"].sort_values(ascending=False, kind="stable").index)
    # the Python side computes the same order from the same traits
    widget.sort_by, widget.sort_desc = "deletion_auc", False
    assert widget.sorted_methods() == expected
    best = page.locator("tr[data-method=saliency] td[data-metric=comprehensiveness]")
    assert "xw-best" not in (best.get_attribute("class") or "")
    assert page.locator("[data-role=curve-deletion] polyline").count() == 3
    assert page.locator("[data-role=curve-insertion] polyline").count() == 3


def test_clicking_an_example_shows_the_methods_side_by_side(page, open_export, report):
    res, widget = report
    open_export(page, widget)
    assert page.locator("[data-role=drilldown]").count() == 0
    page.click("tr[data-role=example][data-example='1']")
    drill = page.locator("[data-role=drilldown]")
    assert drill.get_attribute("data-example") == "1"
    assert page.evaluate("window.xaiWidgets.models[0].get('selected')") == 1
    rows = drill.locator("[data-role=row]")
    assert rows.count() == 3  # one TokenHighlight row per method
    assert drill.locator(".xw-th [data-role=row] >> nth=0 >> .xw-token").all_text_contents() == \
        ["[CLS]", "a", "boring", "film", "[SEP]"]
    value = res.to_pandas().query("example == 1 and method == 'occlusion' and metric == 'comprehensiveness'")
    cell = drill.locator("[data-role=example-metrics] tr[data-method=occlusion] td[data-metric=comprehensiveness]")
    assert float(cell.text_content()) == pytest.approx(float(value["value"].iloc[0]), rel=5e-3)
    page.hover("[data-role=drilldown] .xw-token >> nth=2")
    assert page.locator("[data-role=drilldown] .xw-tooltip").is_visible()
    page.click("[data-role=drilldown] [data-role=close]")
    assert page.locator("[data-role=drilldown]").count() == 0
    page.focus("tr[data-role=example][data-example='2']")
    page.keyboard.press("Enter")
    assert page.locator("[data-role=drilldown]").get_attribute("data-example") == "2"
    assert not page.errors


def test_the_checks_show_what_python_computed(page, open_export, report):
    res, widget = report
    open_export(page, widget)
    agreement = res.agreement()
    cell = page.locator("[data-role=agreement] tbody tr >> nth=0 >> td >> nth=2").text_content()
    assert float(cell) == pytest.approx(agreement.loc["gradient_x_input", "occlusion"], abs=5e-3)
    sanity = res.sanity_summary()
    rows = page.locator("[data-role=sanity-row]")
    assert rows.count() == 3
    for method in ["gradient_x_input", "occlusion"]:
        cells = page.locator(f"[data-role=sanity-row][data-method={method}] td").all_text_contents()
        assert float(cells[1]) == pytest.approx(sanity.loc[method].iloc[0], abs=5e-3)
        flagged = int(sanity.loc[method, "flagged"])
        assert cells[-1] == (f"FLAGGED {flagged} of 1" if flagged else "0 of 1")
    assert page.locator("[data-role=stability]").count() == 0  # not run
    assert not page.errors
