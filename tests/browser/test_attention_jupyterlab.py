"""The attention explorer in a real JupyterLab: the widget renders through anywidget, the matrix view asks the
kernel for its head with a custom message and draws the float16 buffer it gets back, a layer switch fetches the
next one, and the kernel-side counters agree (two requests, 2 bytes a weight)."""
import re

import pytest

from lab_helpers import lab_serving, write_notebook
from test_jupyterlab_smoke import JS_KERNEL_PRINT, open_and_run_all

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NOTEBOOK = "attention.ipynb"
CELLS = [
    "import xai_widgets as xw",
    'maps = xw.attention("This movie is great!")',
    "w = maps.widget(head=2)\nw",
]


@pytest.fixture(scope="module")
def lab(browser, tmp_path_factory):
    from xai_widgets.widgets.attention_explorer import BUNDLE

    yield from lab_serving(BUNDLE, tmp_path_factory)


def test_explorer_fetches_weights_from_the_kernel(lab, context_factory):
    write_notebook(lab.root / NOTEBOOK, CELLS)
    page = context_factory(viewport={"width": 1280, "height": 1000}).new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        assert open_and_run_all(page, lab, NOTEBOOK, run_ms=90_000) == "done"
        out = page.locator(".jp-Notebook .jp-CodeCell").nth(2)
        out.locator(".xw-ae[data-drawn='matrix:0:2']").wait_for(timeout=20_000)
        tokens = page.evaluate(JS_KERNEL_PRINT, "print('|'.join(maps.tokens))").strip().split("|")
        assert out.locator(".xw-row-label").all_text_contents() == tokens and tokens[0] == "[CLS]"
        canvas = out.locator("[data-role=matrix-canvas]")
        box = canvas.bounding_box()
        cell = int(out.locator("[data-role=matrix]").get_attribute("data-cell"))
        page.mouse.move(box["x"] + 2.5 * cell, box["y"] + 3.5 * cell)  # from token 3 to token 2
        tip = out.locator(".xw-tooltip")
        tip.wait_for(state="visible", timeout=5_000)
        shown = float(re.search(r"weight ([0-9.e\-]+)", tip.text_content()).group(1))
        expected = float(page.evaluate(JS_KERNEL_PRINT, "print(float(maps.attentions[0, 2, 3, 2]))"))
        assert shown == pytest.approx(expected, rel=2e-2, abs=1e-3)
        out.locator("select[data-role=layer]").select_option("3")
        out.locator(".xw-ae[data-drawn='matrix:3:2']").wait_for(timeout=10_000)
        counters = page.evaluate(JS_KERNEL_PRINT, "print(w.requests, w.bytes_sent, len(w.tokens), w.layer)").split()
        n = int(counters[2])
        assert counters[0] == "2" and int(counters[1]) == 2 * 2 * n * n and counters[3] == "3"
        assert not [e for e in errors if re.search(r"xw|anywidget|attention", e, re.I)], errors
    except Exception as exc:
        shot = lab.base / "attention-failure.png"
        page.screenshot(path=str(shot), full_page=True)
        raise AssertionError(f"{exc}\nscreenshot: {shot}\nserver log tail:\n{lab.log_tail(2000)}") from exc
