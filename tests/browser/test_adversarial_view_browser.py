"""The adversarial view in an offline page, in headless Debian chromium with every non-local request blocked: the
header, both texts with the changed words marked, the chart's points along the search against the decision line,
both predictions, the two attributions side by side as coloured tokens, and texts that stay inert."""
import pytest
from test_adversarial_view_widget import ADVERSARIAL, EVIL, ORIGINAL, make_example
from xw_pages import LOCAL_SCHEMES, SCORES, TOKENS, is_blue, is_red, result_dict, rgb

from xai_widgets import export

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not (export.STATIC_DIR / "adversarial_view.js").is_file(),
                                 reason="front end not built: cd js && npm ci && npm run build")]


def view(**kw):
    from xai_widgets.widgets.adversarial_view import AdversarialView

    a = result_dict(text=ORIGINAL, targets=[1], scores=[SCORES], method="occlusion", label="Occlusion")
    b = result_dict(text=ADVERSARIAL, targets=[1], scores=[[-v for v in SCORES]], probabilities=[0.7, 0.3],
                    predicted=0, method="occlusion", label="Occlusion")
    return AdversarialView(make_example(), attribution=(a, b), **kw)


def box(page, selector):
    return page.eval_on_selector(selector, "e => { const r = e.getBoundingClientRect(); "
                                           "return {x: r.x, y: r.y, w: r.width, h: r.height}; }")


def test_texts_marks_chart_and_predictions(offline_page, open_export):
    page = offline_page
    open_export(page, view(), title="attack")
    assert page.locator(".xw-av").count() == 1
    assert "synonym" in page.locator("[data-role=title]").text_content()
    assert page.locator("[data-role=status]").get_attribute("data-success") == "true"
    assert page.locator("[data-role=words-changed]").text_content() == "2 words changed"
    assert page.locator("[data-role=calls]").text_content() == "42 model calls"
    adv = page.locator("[data-role=adversarial-text]")
    assert adv.text_content() == ADVERSARIAL and page.locator("[data-role=original-text]").text_content() == ORIGINAL
    marks = adv.locator("[data-role=changed]")
    assert marks.all_text_contents() == ["decent", "okay"]
    assert marks.first.get_attribute("title") == "great \u2192 decent"
    # a marked word stands out from the text around it
    assert rgb(page, "[data-role=adversarial-text] [data-role=changed]") != rgb(page, "[data-role=adversarial-text]")
    olds = page.locator("[data-role=original-text] [data-role=changed]")
    assert olds.all_text_contents() == ["great", "fine"]
    assert "line-through" in page.eval_on_selector("[data-role=original-text] [data-role=changed]",
                                                   "e => getComputedStyle(e).textDecorationLine")
    assert page.locator("[data-role=change]").all_text_contents() == ["great \u2192 decent (word 1)",
                                                                    "fine \u2192 okay (word 8)"]
    # the chart: one point per step, lower for a lower probability, the 0.5 line between 0.6 and 0.3
    points = page.locator("[data-role=chart] [data-role=point]")
    assert points.count() == 3
    ys = [box(page, f"[data-role=point][data-step='{i}']")["y"] for i in range(3)]
    xs = [box(page, f"[data-role=point][data-step='{i}']")["x"] for i in range(3)]
    assert ys[0] < ys[1] < ys[2] and xs[0] < xs[1] < xs[2]
    assert abs((ys[1] - ys[0]) - (ys[2] - ys[1])) < 1.0  # linear in the probability
    line = box(page, "[data-role=chart] [data-role=threshold]")
    assert ys[1] < line["y"] < ys[2]
    chart = box(page, "[data-role=chart]")
    assert all(chart["y"] <= y <= chart["y"] + chart["h"] for y in ys)
    assert page.locator("[data-role=chart]").is_visible()
    rows = page.locator("[data-role=prediction-row]")
    assert rows.count() == 2
    assert rows.nth(1).locator("[data-role=p-original] .xw-value").text_content() == "90.0%"
    assert rows.nth(1).locator("[data-role=p-adversarial] .xw-value").text_content() == "30.0%"
    assert page.dialogs == [] and page.errors == []
    assert page.blocked == [] and all(u.startswith(LOCAL_SCHEMES) for u in page.requests), page.requests


def test_attributions_side_by_side_and_inert_text(offline_page, open_export):
    page = offline_page
    open_export(page, view(theme="dark"))
    assert page.locator(".xw-av").get_attribute("data-resolved-theme") == "dark"
    left, right = box(page, "[data-role=attribution-original]"), box(page, "[data-role=attribution-adversarial]")
    assert left["x"] + left["w"] <= right["x"] + 1 and abs(left["y"] - right["y"]) < 2  # side by side
    lt = page.locator("[data-role=attribution-original] .xw-token")
    assert lt.all_text_contents() == TOKENS  # the token named like a tag shows literally
    big = SCORES.index(max(SCORES))
    assert is_blue(rgb(page, f"[data-role=attribution-original] .xw-token[data-token-index='{big}']"))
    assert is_red(rgb(page, f"[data-role=attribution-adversarial] .xw-token[data-token-index='{big}']"))
    page.hover(f"[data-role=attribution-adversarial] .xw-token[data-token-index='{big}']")
    assert page.locator("[data-role=attribution-adversarial] .xw-tooltip").is_visible()
    assert EVIL in page.locator("[data-role=adversarial-text]").text_content()
    assert page.locator(".xw-av img").count() == 0
    assert page.dialogs == [] and page.errors == [] and page.blocked == []
