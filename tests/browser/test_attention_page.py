"""The attention explorer in headless chromium: hover, lazy layer fetches, head toggles, model-view click,
inert token text and the offline export."""
import numpy as np
import pytest
from attention_harness import Harness

from xai_widgets.attention import AttentionMaps
from xai_widgets.widgets.attention_explorer import BUNDLE, AttentionExplorer

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not BUNDLE.is_file(), reason="front end not built: cd js && npm ci && npm run build")]

TOKENS = ["[CLS]", "This", "movie", "<img src=x onerror=alert(1)>", "great", "!", "[SEP]"]
N = len(TOKENS)


def make_maps(causal=False):
    rng = np.random.RandomState(0)
    att = rng.dirichlet(np.ones(N) * 0.5, size=(3, 4, N)).astype(np.float32)  # 3 layers x 4 heads
    att[1] = np.eye(N)[None]  # layer 1: every head attends to the token itself
    if causal:
        att = np.tril(att)
        att /= att.sum(-1, keepdims=True)
    return AttentionMaps(text="This movie <img src=x onerror=alert(1)> great!", tokens=TOKENS, attentions=att,
                         special=[t in ("[CLS]", "[SEP]") for t in TOKENS], causal=causal, model_name="hand-made")


def hover_cell(page, i, j):
    box = page.locator("[data-role=matrix-canvas]").bounding_box()
    cell = int(page.locator("[data-role=matrix]").get_attribute("data-cell"))
    page.mouse.move(box["x"] + (j + 0.5) * cell, box["y"] + (i + 0.5) * cell)
    return page.locator(".xw-tooltip").text_content()


def pixel(page, i, j):
    return page.evaluate("""([i, j]) => {
        const c = document.querySelector("[data-role=matrix-canvas]");
        const cell = Number(document.querySelector("[data-role=matrix]").dataset.cell);
        return [...c.getContext("2d").getImageData((j + 0.5) * cell, (i + 0.5) * cell, 1, 1).data].slice(0, 3);
    }""", [i, j])


def test_cell_hover_shows_tokens_and_weight(page):
    maps = make_maps()
    h = Harness(page, AttentionExplorer(maps, head=2)).open("matrix:0:2")
    text = hover_cell(page, 2, 4)
    assert '"movie" (#2)' in text and '"great" (#4)' in text
    shown = float(text.split("weight ")[1])
    assert shown == pytest.approx(float(maps.attentions[0, 2, 2, 4]), rel=2e-2, abs=1e-3)
    assert h.messages == [{"type": "request", "layer": 0, "head": 2}]
    assert not page.errors


def test_layer_switch_fetches_and_draws_the_new_layer(page):
    h = Harness(page, AttentionExplorer(make_maps())).open("matrix:0:-1")
    page.select_option("select[data-role=layer]", "1")
    h.wait_drawn("matrix:1:-1")
    assert h.messages[-1] == {"type": "request", "layer": 1, "head": -1}
    diag, off = pixel(page, 3, 3), pixel(page, 3, 4)
    assert diag[2] > diag[0] + 80 and off == [255, 255, 255]  # layer 1 is the identity
    assert h.widget.requests == 2 and h.widget.bytes_sent == 2 * 2 * N * N  # float16: 2 bytes a weight


def test_head_view_toggles_and_token_hover(page):
    h = Harness(page, AttentionExplorer(make_maps(), layer=1, view="head")).open("head:1:all")
    canvas = page.locator("[data-role=hv-canvas]")
    assert canvas.get_attribute("data-lines") == str(4 * N)  # identity: one line per token and head
    page.click("[data-role=head-toggle][data-head='0']")
    page.wait_for_selector("[data-role=head-toggle][data-head='0'][aria-pressed=false]")
    assert canvas.get_attribute("data-heads") == "1,2,3" and canvas.get_attribute("data-lines") == str(3 * N)
    page.hover("[data-role=hv-from] .xw-hv-token[data-index='2']")
    page.wait_for_selector("[data-role=hv-from] .xw-hv-token[data-index='2'][data-focus='1']")
    assert page.locator("[data-role=hv-canvas]").get_attribute("data-lines") == "3"
    assert [m["head"] for m in h.messages] == ["all"]


def test_model_view_click_opens_the_head_in_the_matrix_view(page):
    h = Harness(page, AttentionExplorer(make_maps(), view="model")).open("model:0:-1")
    assert page.locator("[data-role=thumb]").count() == 12
    page.click("[data-role=thumb][data-layer='2'][data-head='3']")
    h.wait_drawn("matrix:2:3")
    assert page.locator("[data-role=matrix-canvas]").get_attribute("data-head") == "3"
    assert page.locator("select[data-role=layer]").input_value() == "2"


def test_token_text_is_inert(page):
    Harness(page, AttentionExplorer(make_maps())).open("matrix:0:-1")
    labels = page.locator(".xw-row-label").all_text_contents()
    assert labels == TOKENS
    page.click("[data-role=view][data-view=head]")
    page.wait_for_selector(".xw-ae[data-drawn='head:0:all']")
    assert page.locator(".xw-ae img").count() == 0 and page.dialogs == []
    assert "<img src=x onerror=alert(1)>" in page.locator("[data-role=hv-from]").text_content()


def test_causal_masked_cells_and_stats_view(page):
    Harness(page, AttentionExplorer(make_maps(causal=True), head=0)).open("matrix:0:0")
    assert "masked" in hover_cell(page, 1, 5)
    page.click("[data-role=view][data-view=stats]")
    assert page.locator("[data-role=stats-row]").count() == 12
    page.click("[data-role=stats-row][data-layer='1'][data-head='1']")
    page.wait_for_selector(".xw-ae[data-drawn='matrix:1:1']")


def test_offline_export_draws_the_inlined_layer(page, open_export):
    open_export(page, make_maps())
    page.wait_for_selector(".xw-ae[data-drawn='matrix:0:-1']")
    text = hover_cell(page, 1, 1)
    assert "weight" in text
    page.select_option("select[data-role=layer]", "2")
    assert "only the exported layers" in page.locator("[data-role=status]").text_content()


def test_keyboard_moves_between_cells_and_hover_leaves_restore_all_lines(page):
    maps = make_maps()
    h = Harness(page, AttentionExplorer(maps, head=1)).open("matrix:0:1")
    page.focus("[data-role=matrix-canvas]")
    page.keyboard.press("ArrowDown")  # first key shows cell (0, 0)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowRight")
    text = page.locator(".xw-tooltip").text_content()
    assert '"This" (#1)' in text and '"This" (#1)' in text.split("to ")[1]
    assert float(text.split("weight ")[1]) == pytest.approx(float(maps.attentions[0, 1, 1, 1]), rel=2e-2, abs=1e-3)
    page.click("[data-role=view][data-view=head]")
    h.wait_drawn("head:0:all")
    before = page.locator("[data-role=hv-canvas]").get_attribute("data-lines")
    page.hover("[data-role=hv-to] .xw-hv-token[data-index='3']")
    assert page.locator("[data-role=hv-canvas]").get_attribute("data-lines") != before
    page.mouse.move(5, 5)
    assert page.locator("[data-role=hv-canvas]").get_attribute("data-lines") == before
