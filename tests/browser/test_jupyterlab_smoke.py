"""Smoke test in a real JupyterLab: a notebook explains a sentence with the default model, the TokenHighlight
widget renders in the output area through anywidget, and hovering a token shows its tooltip (and syncs
``hovered`` back to the kernel).

Runs a ``jupyter lab`` server from this venv (isolated config/data/runtime/IPython dirs in a temporary folder)
and drives it with headless Debian chromium through Playwright (reusing the session ``browser`` fixture).
Set ``XW_LAB_SCREENSHOT=/tmp/some.png`` to keep a screenshot of the rendered notebook; on failure one is written
next to the server log in pytest's temporary folder and both paths are in the message.
"""
import os
import re

import pytest

from lab_helpers import REQUIRED_LABEXTENSIONS, run_with_failure_report, running_lab, write_notebook

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NOTEBOOK = "smoke.ipynb"
CELLS = [
    "import xai_widgets as xw",
    'r = xw.explain("This movie is great!", method="integrated_gradients")',
    "r",
    "w = r.widget()\nw",
]
R_CELL, W_CELL = 2, 3  # cells whose output is a TokenHighlight widget

# Bounded waits (ms). Generous for a loaded 2-core machine; the whole test normally takes ~20-30 s.
LAB_READY_MS = 45_000
KERNEL_IDLE_MS = 45_000
RUN_ALL_MS = 90_000
RENDER_MS = 20_000
UI_MS = 5_000

JS_NOTEBOOK_READY = """(path) => {
  const app = window.jupyterapp;
  const w = app && app.shell && app.shell.currentWidget;
  return !!(w && w.context && w.context.path === path && w.context.isReady && w.content && w.sessionContext);
}"""

JS_KERNEL_IDLE = """() => {
  const s = window.jupyterapp.shell.currentWidget.sessionContext;
  return !!(s.session && s.session.kernel && s.kernelDisplayStatus === 'idle');
}"""

# Fire and forget: the command's promise only settles when every cell ran, so it is not awaited here.
JS_RUN_ALL = """() => {
  window.__xwRunAll = 'pending';
  window.jupyterapp.commands.execute('notebook:run-all-cells')
    .then(() => { window.__xwRunAll = 'done'; }, (e) => { window.__xwRunAll = 'failed: ' + e; });
  return true;
}"""

# Truthy when the run is over: every code cell has an execution count and the kernel is idle, or a cell failed
# (JupyterLab then stops running the following cells) or the command itself failed.
JS_RUN_FINISHED = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const cells = w.content.widgets.filter((c) => c.model.type === 'code');
  const idle = w.sessionContext.kernelDisplayStatus === 'idle';
  const failed = cells.some((c) => c.model.outputs.toJSON().some((o) => o.output_type === 'error'));
  if (String(window.__xwRunAll).startsWith('failed')) return window.__xwRunAll;
  if (idle && failed) return 'error output';
  const counted = cells.every((c) => c.model.executionCount !== null && c.model.executionCount !== undefined);
  return idle && counted && window.__xwRunAll === 'done' ? 'done' : false;
}"""

JS_ERROR_OUTPUTS = """() => window.jupyterapp.shell.currentWidget.content.widgets.flatMap((c, i) =>
  c.model.type !== 'code' ? [] : c.model.outputs.toJSON()
    .filter((o) => o.output_type === 'error')
    .map((o) => `cell ${i}: ${o.ename}: ${o.evalue}`))"""

JS_CELL_OUTPUTS = """() => window.jupyterapp.shell.currentWidget.content.widgets.map((c) =>
  c.model.type !== 'code' ? [] : c.model.outputs.toJSON().map((o) => o.output_type +
    (o.data ? ' ' + Object.keys(o.data).join(',') : '') + (o.text ? ' ' + String(o.text).slice(0, 200) : '')))"""

def open_and_run_all(page, lab, notebook: str, run_ms: int = RUN_ALL_MS):
    """Open ``notebook`` in the lab, wait for its kernel, run every cell; returns JS_RUN_FINISHED's outcome
    ("done", or why the run stopped)."""
    page.goto(f"{lab.url}/lab/tree/{notebook}", wait_until="domcontentloaded")
    page.wait_for_function(JS_NOTEBOOK_READY, arg=notebook, timeout=LAB_READY_MS)
    page.wait_for_function(JS_KERNEL_IDLE, timeout=KERNEL_IDLE_MS)
    lab.remember_children()  # the kernel now exists: make sure teardown can reach it
    page.evaluate(JS_RUN_ALL)
    return page.wait_for_function(JS_RUN_FINISHED, timeout=run_ms).json_value()


# Runs code in the notebook's kernel outside any cell (nothing is shown in the notebook); returns its stdout.
JS_KERNEL_PRINT = """async (code) => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const future = kernel.requestExecute({ code, silent: false, store_history: false });
  let out = '';
  future.onIOPub = (msg) => {
    if (msg.header.msg_type === 'stream') out += msg.content.text;
    if (msg.header.msg_type === 'error') out += 'ERROR ' + msg.content.ename + ': ' + msg.content.evalue;
  };
  const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), 10000));
  return (await Promise.race([future.done.then(() => 'ok'), timeout])) === 'ok' ? out : 'TIMEOUT ' + out;
}"""


@pytest.fixture(scope="module")
def lab(browser, tmp_path_factory):
    """A running JupyterLab (after `browser`, so a missing chromium or bundle skips before the server starts)."""
    pytest.importorskip("jupyterlab", reason="jupyterlab is not installed in this environment")
    pytest.importorskip("anywidget", reason="anywidget is not installed in this environment")
    yield from running_lab(tmp_path_factory)


def test_token_highlight_hover_in_jupyterlab(lab, context_factory):
    missing = set(REQUIRED_LABEXTENSIONS) - lab.labextension_names()
    assert not missing, f"lab extensions not found by the server: {missing} (data path must include sys.prefix)"
    write_notebook(lab.root / NOTEBOOK, CELLS)

    page = context_factory(viewport={"width": 1280, "height": 1000}).new_page()
    run_with_failure_report(page, lab, _run)


def _run(page, lab, errors):
    from playwright.sync_api import expect

    outcome = open_and_run_all(page, lab, NOTEBOOK)
    assert page.evaluate(JS_ERROR_OUTPUTS) == [], "a cell raised"
    assert outcome == "done", f"run all: {outcome}; outputs: {page.evaluate(JS_CELL_OUTPUTS)}"

    cells = page.locator(".jp-Notebook .jp-CodeCell")
    r_cell, w_cell = cells.nth(R_CELL), cells.nth(W_CELL)
    for cell in (r_cell, w_cell):
        cell.locator(".jp-OutputArea-output .xw-token[data-token-index]").first.wait_for(timeout=RENDER_MS)
    tokens = r_cell.locator(".xw-token").all_text_contents()
    assert [t.strip() for t in tokens] == ["[CLS]", "This", "movie", "is", "great", "!", "[SEP]"]
    assert r_cell.locator(".xw-error, [data-xw-error]").count() == 0

    great = r_cell.locator(".xw-token[data-token-index]").filter(has_text=re.compile(r"^\s*great\s*$"))
    tip = r_cell.locator(".xw-tooltip")
    expect(great).to_have_count(1)
    expect(tip).to_be_hidden()
    great.hover()
    expect(tip).to_be_visible(timeout=UI_MS)
    expect(tip).to_contain_text('"great"', timeout=UI_MS)
    text = tip.text_content()
    assert re.search(r"score [+\-\u2212]?\d", text), f"no score in tooltip: {text!r}"
    if os.environ.get("XW_LAB_SCREENSHOT"):
        page.screenshot(path=os.environ["XW_LAB_SCREENSHOT"])

    # hovered syncs back to Python: hover the same token in the widget bound to `w`, then ask the kernel
    w_cell.locator(".xw-token[data-token-index]").filter(has_text=re.compile(r"^\s*great\s*$")).hover()
    expect(w_cell.locator(".xw-tooltip")).to_be_visible(timeout=UI_MS)
    seen = None
    for _ in range(20):  # bounded: the front end may batch the state update while the kernel is busy
        seen = page.evaluate(JS_KERNEL_PRINT, "print(repr(w.hovered_token))").strip()
        if seen == "'great'":
            break
        page.wait_for_timeout(250)
    assert seen == "'great'", f"w.hovered_token in the kernel: {seen!r}"

    widget_errors = [e for e in errors if re.search(r"xw|anywidget|token_highlight|widget", e, re.I)]
    assert widget_errors == [], widget_errors
