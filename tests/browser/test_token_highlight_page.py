"""The token highlight widget in an offline page, driven in headless Debian chromium."""
import pytest

from xw_pages import LOCAL_SCHEMES, TOKENS, is_blue, is_red, rgb, token

pytestmark = pytest.mark.browser


def test_renders_tokens_and_header(page, open_export, make_result):
    open_export(page, make_result(truncated=True, n_truncated_tokens=7, max_length=9))
    assert page.locator(".xw-token").all_text_contents() == TOKENS
    assert page.locator("[data-role=predicted]").text_content() == "positive"
    assert page.locator(".xw-prob").count() == 2
    assert page.locator("[data-role=truncation]").text_content() == \
        "input truncated: 7 tokens beyond max length 9 were dropped"


def test_hover_tooltip_shows_token_score_and_rank(page, open_export, make_result):
    open_export(page, make_result())
    tip = page.locator(".xw-tooltip")
    assert tip.is_hidden()
    page.hover(token(2))
    assert tip.is_visible()
    text = tip.text_content()
    assert '"movie"' in text and "score -0.3 for positive" in text and "rank 3 of 7" in text
    assert page.evaluate("window.xaiWidgets.models[0].get('hovered')") == 2
    page.mouse.move(0, 0)
    assert tip.is_hidden()
    assert page.evaluate("window.xaiWidgets.models[0].get('hovered')") == -1


def test_colour_sign_of_positive_and_negative_tokens(page, open_export, make_result):
    open_export(page, make_result())
    assert is_blue(rgb(page, token(4)))  # "amaz" +0.8
    assert is_red(rgb(page, token(2)))  # "movie" -0.3
    assert rgb(page, token(3)) == [255, 255, 255]  # "is" 0


def test_target_switch_changes_colours(page, open_export, make_result):
    open_export(page, make_result())
    before = rgb(page, token(4))
    page.select_option("select[data-role=target]", label="negative")
    after = rgb(page, token(4))
    assert is_blue(before) and is_red(after)
    assert page.evaluate("window.xaiWidgets.models[0].get('target')") == 0


def test_method_switch_and_grid_view(page, open_export, make_result):
    unsigned = make_result("saliency", "Saliency", signed=False, targets=[1],
                           scores=[[0.0, 0.1, 0.9, 0.0, 0.2, 0.1, 0.0, 0.3, 0.0]])
    open_export(page, [make_result(), make_result("occlusion", "Occlusion"), unsigned])
    page.select_option("select[data-role=method]", label="Saliency")
    assert page.locator("[data-role=row]").get_attribute("data-method") == "saliency"
    assert is_blue(rgb(page, token(2)))  # unsigned: "movie" is now the strongest, on the positive side
    page.click("[data-role=view-toggle]")
    rows = page.locator("[data-role=row]")
    assert rows.count() == 3
    assert page.locator(".xw-row-label").all_text_contents() == ["Integrated Gradients", "Occlusion", "Saliency"]
    assert is_red(rgb(page, token(2, row=0))) and is_blue(rgb(page, token(2, row=2)))
    page.hover(token(4, row=1))
    assert "Occlusion" in page.locator(".xw-tooltip").text_content()


def test_html_in_a_token_is_inert(page, open_export, make_result):
    open_export(page, make_result())
    assert page.locator(token(6)).text_content() == "<img src=x onerror=alert(1)>"
    assert page.locator("img").count() == 0
    page.hover(token(6))
    assert "<img src=x onerror=alert(1)>" in page.locator(".xw-tooltip").text_content()
    page.wait_for_timeout(50)
    assert page.dialogs == [] and page.errors == []


def test_keyboard_focus_shows_tooltip_and_arrows_move(page, open_export, make_result):
    open_export(page, make_result())
    page.focus(token(1))
    tip = page.locator(".xw-tooltip")
    assert tip.is_visible() and '"This"' in tip.text_content()
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.dataset.tokenIndex") == "2"
    assert '"movie"' in tip.text_content()
    assert page.evaluate("window.xaiWidgets.models[0].get('hovered')") == 2
    page.keyboard.press("Escape")
    assert tip.is_hidden()


def test_themes_follow_the_page_and_the_trait(context_factory, open_export, make_result):
    from xai_widgets.widgets.token_highlight import token_highlight_state

    class Forced:  # any object with _export_spec() is exportable
        def _export_spec(self):
            return "token_highlight", token_highlight_state(make_result(), theme="light")

    page = context_factory(color_scheme="dark").new_page()
    open_export(page, make_result(), Forced())
    roots = page.locator(".xw-th")
    assert roots.nth(0).get_attribute("data-resolved-theme") == "dark"
    assert roots.nth(1).get_attribute("data-resolved-theme") == "light"
    assert max(rgb(page, ".xw-mount >> nth=0 >> .xw-th")) < 60
    assert rgb(page, ".xw-mount >> nth=1 >> .xw-th") == [255, 255, 255]
    assert is_blue(rgb(page, token(4))) and is_red(rgb(page, token(2)))


def test_offline_file_renders_with_all_network_blocked(offline_page, open_export, make_result):
    page = offline_page
    open_export(page, make_result(), [make_result(), make_result("occlusion", "Occlusion")])
    assert page.locator(".xw-th").count() == 2
    assert page.locator(".xw-mount >> nth=1 >> .xw-token").count() == len(TOKENS)
    assert page.blocked == []
    assert all(u.startswith(LOCAL_SCHEMES) for u in page.requests), page.requests


def test_noscript_fallback_lists_tokens_and_scores(context_factory, open_export, make_result):
    page = context_factory(java_script_enabled=False).new_page()
    open_export(page, make_result(), wait=False)
    table = page.locator("table.xw-fallback")
    assert table.count() == 1
    cells = table.locator("td").all_text_contents()
    assert "<img src=x onerror=alert(1)>" in cells and "0.8" in cells and "-0.3" in cells
    assert page.locator("img").count() == 0


def test_auto_theme_follows_jupyterlab_variables(page, open_export, make_result):
    open_export(page, make_result())
    root = page.locator(".xw-th")
    assert root.get_attribute("data-resolved-theme") == "light"
    # what JupyterLab does when switching to its dark theme: new --jp-* variables and a body attribute
    page.add_style_tag(content="body { --jp-layout-color0: #111111; --jp-ui-font-color0: #eeeeee; }")
    page.evaluate("document.body.setAttribute('data-jp-theme-light', 'false')")
    page.wait_for_selector(".xw-th[data-resolved-theme=dark]", timeout=2000)
    assert rgb(page, ".xw-th") == [17, 17, 17]
    assert max(rgb(page, token(3))) < 80  # a zero score blends into the dark background
