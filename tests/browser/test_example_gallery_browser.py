"""The example gallery in an offline page, driven in headless Debian chromium with every non-local request blocked:
the rows as the result holds them, sorting by a click on a column header, the kind toggles, the search box and the
misclassified filter, hovering a row previews and clicking pins its tokens coloured by their attribution (computed
on a tiny BERT), texts stay inert, and the dark theme follows the page's colour scheme live."""
import pytest
from test_example_gallery_widget import EVIL, QUERY, make_set, tiny_bert2
from xw_pages import LOCAL_SCHEMES, is_blue, is_red, rgb

from xai_widgets import export

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not (export.STATIC_DIR / "example_gallery.js").is_file(),
                                 reason="front end not built: cd js && npm ci && npm run build")]

MODEL = "window.xaiWidgets.models[0]"
ROWS = "tr[data-role=example]"


def row(i):
    return f"{ROWS}[data-row='{i}']"


@pytest.fixture(scope="module")
def gallery():
    from xai_widgets.widgets.example_gallery import ExampleGallery

    bert = tiny_bert2()
    return ExampleGallery(make_set(model_name=bert.name), model=bert, max_attributions=4)


def shown(page):
    return [int(r) for r in page.eval_on_selector_all(ROWS, "rs => rs.map(r => r.getAttribute('data-row'))")]


def scores(page):
    return [float(s) for s in page.locator(f"{ROWS} [data-role=score]").all_text_contents()]


def test_rows_sort_and_filter_offline(offline_page, open_export, gallery):
    page, es = offline_page, gallery.result
    open_export(page, gallery, title="examples")
    assert page.locator(".xw-eg").count() == 1
    assert page.locator("[data-role=title]").text_content() == "Influential training examples"
    assert page.locator("[data-role=query]").text_content() == QUERY
    assert page.locator("[data-role=query-prediction]").text_content() == es.query_prediction
    assert page.locator("[data-role=query-tokens] .xw-token").count() == len(gallery.query_attribution["tokens"])
    assert shown(page) == list(range(6))
    assert page.locator(f"{ROWS} [data-role=text]").all_text_contents() == es.texts
    assert page.locator(f"{ROWS} [data-role=rank]").all_text_contents() == ["1", "2", "3", "1", "2", "1"]
    assert page.locator(f"{ROWS} [data-role=score]").all_text_contents()[:4] == ["+0.9", "+0.5", "+0.25", "-0.7"]
    # the text that is an HTML tag is text; nothing ran or was fetched
    assert page.locator(row(2) + " [data-role=text]").text_content() == EVIL
    assert page.locator(".xw-eg img").count() == 0
    # misclassified rows are marked, visibly
    assert page.eval_on_selector_all(f"{ROWS}.xw-miss", "rs => rs.map(r => +r.dataset.row)") == [1, 4]
    assert page.locator(row(1) + " [data-role=miss-mark]").is_visible()
    assert rgb(page, row(1)) != rgb(page, row(0))
    # a bar per score: the longest for the largest |score|, red for negative
    widths = page.eval_on_selector_all(f"{ROWS} [data-role=bar]", "bs => bs.map(b => b.getBoundingClientRect().width)")
    assert max(widths) == widths[0] and widths[3] > widths[1] > widths[5]
    assert is_red(rgb(page, row(3) + " [data-role=bar]")) and is_blue(rgb(page, row(0) + " [data-role=bar]"))
    # sorting: score descending first, then ascending; rank; text
    page.click("[data-role=sort][data-key=score]")
    assert scores(page) == sorted(es.scores, reverse=True)
    assert page.get_attribute("th[data-key=score]", "aria-sort") == "descending"
    page.click("[data-role=sort][data-key=score]")
    assert scores(page) == sorted(es.scores)
    page.click("[data-role=sort][data-key=text]")
    assert page.locator(f"{ROWS} [data-role=text]").first.text_content() == EVIL
    page.click("[data-role=sort][data-key=rank]")
    assert page.locator(f"{ROWS} [data-role=rank]").all_text_contents() == ["1", "1", "1", "2", "2", "3"]
    # filters: a kind toggle, the search box, misclassified only
    page.click("[data-role=kind-toggle][data-kind=opponent]")
    assert sorted(shown(page)) == [0, 1, 2, 5]
    assert page.locator("[data-role=count]").text_content() == "showing 4 of 6"
    page.fill("[data-role=search]", "FUN")
    assert shown(page) == [1]
    page.fill("[data-role=search]", "")
    page.click("[data-role=kind-toggle][data-kind=opponent]")
    page.click("[data-role=misclassified-only]")
    assert sorted(shown(page)) == [1, 4]
    page.click("[data-role=misclassified-only]")
    assert len(shown(page)) == 6
    assert page.dialogs == [] and page.errors == []
    assert page.blocked == [] and all(u.startswith(LOCAL_SCHEMES) for u in page.requests), page.requests


def test_hover_previews_and_click_pins_coloured_tokens(offline_page, open_export, gallery):
    page = offline_page
    open_export(page, gallery)
    detail = page.locator("[data-role=detail]")
    assert detail.get_attribute("data-mode") == "none"
    page.hover(row(1) + " [data-role=text]")
    assert detail.get_attribute("data-mode") == "preview" and detail.get_attribute("data-row") == "1"
    attr = gallery.attributions[1]
    tokens = detail.locator("[data-role=token-view] .xw-token")
    assert tokens.all_text_contents() == [t if t else "\u2205" for t in attr["tokens"]]
    assert page.evaluate(f"{MODEL}.get('selected')") == -1
    # click pins: the selected trait, the row marked, its tokens coloured by their sign
    page.click(row(3))
    assert page.evaluate(f"{MODEL}.get('selected')") == 3
    assert page.get_attribute(row(3), "aria-selected") == "true"
    assert detail.get_attribute("data-mode") == "pinned" and detail.get_attribute("data-row") == "3"
    attr = gallery.attributions[3]
    s, special = attr["scores"][0], attr["special"]
    top = max(abs(v) for v, sp in zip(s, special) if not sp)
    coloured = 0
    for t, v in enumerate(s):
        if special[t] or abs(v) < 0.3 * top:  # faint colours are too close to white to tell
            continue
        colour = rgb(page, f"[data-role=detail] .xw-token[data-token-index='{t}']")
        assert is_blue(colour) if v > 0 else is_red(colour), (t, v, colour)
        coloured += 1
    assert coloured >= 1
    page.hover("[data-role=detail] .xw-token[data-token-index='1']")
    assert page.locator("[data-role=detail] .xw-tooltip").is_visible()
    # hovering another row previews it; leaving the table shows the pinned row again
    page.hover(row(0))
    assert detail.get_attribute("data-mode") == "preview" and detail.get_attribute("data-row") == "0"
    page.hover("[data-role=title]")
    assert detail.get_attribute("data-mode") == "pinned" and detail.get_attribute("data-row") == "3"
    # a row beyond max_attributions: its text and why there are no tokens; the text stays inert
    page.hover(row(2))
    assert detail.locator("[data-role=detail-text]").text_content() == EVIL
    assert "max_attributions" in detail.locator("[data-role=detail-note]").text_content()
    page.click(row(3))  # again: unpinned
    assert page.evaluate(f"{MODEL}.get('selected')") == -1
    page.click(row(5))
    page.click("[data-role=unpin]")
    assert page.evaluate(f"{MODEL}.get('selected')") == -1
    assert page.locator(".xw-eg img").count() == 0
    assert page.errors == [] and page.dialogs == [] and page.blocked == []


def test_dark_theme_follows_the_colour_scheme_live(offline_page, open_export, gallery):
    from xai_widgets.widgets.example_gallery import ExampleGallery

    page = offline_page
    page.emulate_media(color_scheme="dark")
    open_export(page, ExampleGallery(gallery.result.to_json(), attribution=None, selected=0))
    root = page.locator(".xw-eg")
    assert root.get_attribute("data-resolved-theme") == "dark"
    assert sum(rgb(page, ".xw-eg")) < 150
    assert "text only" in page.locator("[data-role=detail-note]").text_content()
    page.emulate_media(color_scheme="light")
    page.wait_for_function("() => document.querySelector('.xw-eg').dataset.resolvedTheme === 'light'", timeout=3000)
    assert sum(rgb(page, ".xw-eg")) > 600
    assert page.locator("[data-role=detail]").get_attribute("data-row") == "0"  # the pin survives the redraw
    assert page.errors == [] and page.dialogs == []
