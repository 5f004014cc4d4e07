"""The what-if widget in a real JupyterLab with a real kernel: an edit typed into the page reaches the kernel after
the debounce, the kernel recomputes the prediction and the occlusion attribution, and the page repaints them; the
kernel's history lists every version; the pin button's custom message reaches the kernel. Prints the
edit-to-repaint latency (from the debounced send to the repaint; bench/README.md records it; not asserted, timing
is not a unit test)."""
import re
import statistics

import pytest

from lab_helpers import lab_serving, write_notebook
from test_jupyterlab_smoke import JS_KERNEL_PRINT, open_and_run_all

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NOTEBOOK = "what_if.ipynb"
CELLS = [
    "import xai_widgets as xw",
    'w = xw.what_if("The plot is dull and the acting is wooden.")\nw',
]
EDITS = [
    "The plot is slow and the acting is wooden, but the score and the cast are a joy to watch.",
    "The plot is slow and the acting is superb, and the score and the cast are a joy to watch.",
    "The plot is dull and the acting is wooden, and the score and the cast are a chore to watch.",
]

# Time the repaint of a typed edit: from the input event plus DEBOUNCE_MS (when the update leaves) to the moment
# the widget draws the kernel's new version.
JS_WATCH = """([version, debounce]) => {
  const root = document.querySelectorAll('.jp-Notebook .jp-CodeCell')[1];
  window.__wi = null;
  const start = performance.now();
  const obs = new MutationObserver(() => {
    const c = root.querySelector('[data-role=current]');
    if (c && c.getAttribute('data-version') === String(version) && c.getAttribute('data-stale') === 'false') {
      obs.disconnect();
      window.__wi = performance.now() - start - debounce;
    }
  });
  obs.observe(root, {subtree: true, attributes: true, childList: true});
}"""


@pytest.fixture(scope="module")
def lab(browser, tmp_path_factory):
    from xai_widgets import export

    yield from lab_serving(export.STATIC_DIR / "what_if.js", tmp_path_factory)


def test_edits_round_trip_through_the_kernel(lab, context_factory):
    write_notebook(lab.root / NOTEBOOK, CELLS)
    page = context_factory(viewport={"width": 1280, "height": 1000}).new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append("console " + m.type + ": " + m.text) if m.type in ("error", "warning") else None)
    try:
        assert open_and_run_all(page, lab, NOTEBOOK, run_ms=120_000) == "done"
        out = page.locator(".jp-Notebook .jp-CodeCell").nth(1)
        out.locator("[data-role=current][data-version='1']").wait_for(timeout=30_000)
        debounce = 400
        latencies = []
        for k, text in enumerate(EDITS):
            page.evaluate(JS_WATCH, [k + 2, debounce])
            out.locator("[data-role=editor]").fill(text)  # real input events, as typing gives
            try:
                latencies.append(page.wait_for_function("() => window.__wi", timeout=30_000).json_value())
            except Exception:
                state = page.evaluate(JS_KERNEL_PRINT, "print(repr(w.text), len(w.history), w.error, w.busy)")
                raise AssertionError(f"edit {k} not repainted; kernel state: {state}; page errors: {errors}")
            shown = out.locator("[data-role=current]").text_content()
            expected = page.evaluate(JS_KERNEL_PRINT, "print(w.history['prediction'].iloc[-1])").strip()
            assert expected in shown, (shown, expected)
        out.locator("button[data-role=pin]").click()  # a custom message to the kernel, answered by the pinned trait
        out.locator("[data-role=pinned]").wait_for(timeout=15_000)
        pinned = page.evaluate(JS_KERNEL_PRINT, "print([p['version'] for p in w.pinned], w.error == '')").strip()
        assert pinned == f"[{1 + len(EDITS)}] True", pinned
        rows = page.evaluate(JS_KERNEL_PRINT, "print(len(w.history), '|'.join(w.history['text']))").strip()
        n, texts = rows.split(" ", 1)
        assert int(n) == 1 + len(EDITS) and texts.split("|")[1:] == EDITS
        print(f"\nwhat-if edit-to-repaint after the debounce (ms): {[round(x) for x in latencies]}, "
              f"median {statistics.median(latencies):.0f}")
        assert not [e for e in errors if re.search(r"xw|anywidget|what", e, re.I)], errors
    except Exception as exc:
        shot = lab.base / "what-if-failure.png"
        page.screenshot(path=str(shot), full_page=True)
        raise AssertionError(f"{exc}\nscreenshot: {shot}\nserver log tail:\n{lab.log_tail(2000)}") from exc
