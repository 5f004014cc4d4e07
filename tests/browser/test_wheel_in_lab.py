"""The built wheel in a real JupyterLab: the kernel is the fresh venv's python from tests/test_wheel.py (the wheel
built from a clean copy of the repository, installed there with ``--no-deps``), the server is this environment's
``jupyter lab`` (its anywidget lab extension). A notebook shows where ``xai_widgets`` comes from and displays a
TokenHighlight; chromium must see its tokens rendered by the wheel's bundle (no "Error displaying widget"), escaped
as text, and the tooltip on hover.
"""
import json

import pytest

from lab_helpers import REQUIRED_LABEXTENSIONS, LabServer, run_with_failure_report, write_notebook
from test_jupyterlab_smoke import (JS_CELL_OUTPUTS, JS_ERROR_OUTPUTS, JS_KERNEL_PRINT, RENDER_MS, UI_MS,
                                   open_and_run_all)
from test_wheel import RESULT, built_and_installed

pytestmark = [pytest.mark.browser, pytest.mark.slow]

KERNEL = "xw-wheel-venv"
NOTEBOOK = "wheel.ipynb"
CELLS = [
    'import sys, xai_widgets as xw\nprint("XW_FILE", xw.__file__)\nprint("XW_PREFIX", sys.prefix)',
    f"from xai_widgets.widgets.token_highlight import TokenHighlight\nw = TokenHighlight({RESULT!r})\nw",
]
W_CELL = 1


@pytest.fixture(scope="module")
def wheel_lab(browser, tmp_path_factory):
    """A JupyterLab whose kernel ``KERNEL`` runs the fresh venv's python (after `browser`, so a missing chromium
    skips before anything is built)."""
    pytest.importorskip("jupyterlab", reason="jupyterlab is not installed in this environment")
    info = built_and_installed(tmp_path_factory)
    server = LabServer(tmp_path_factory.mktemp("wheel-lab"), extra_env={"XAI_WIDGETS_PROGRESS": "0"})
    server.env.pop("PYTHONPATH", None)  # the kernel must find xai_widgets where the wheel put it, nowhere else
    spec = server.base / "data" / "kernels" / KERNEL / "kernel.json"
    spec.parent.mkdir(parents=True)
    spec.write_text(json.dumps({"argv": [str(info["python"]), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                                "display_name": "xai-widgets wheel venv", "language": "python"}), encoding="utf-8")
    try:
        server.start()
        yield server, info
    finally:
        server.stop()


def test_wheel_widget_renders_in_jupyterlab(wheel_lab, context_factory):
    lab, info = wheel_lab
    missing = set(REQUIRED_LABEXTENSIONS) - lab.labextension_names()
    assert not missing, f"lab extensions not found by the server: {missing}"
    path = write_notebook(lab.root / NOTEBOOK, CELLS)
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["metadata"]["kernelspec"] = {"name": KERNEL, "display_name": "xai-widgets wheel venv", "language": "python"}
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")

    page = context_factory(viewport={"width": 1280, "height": 900}).new_page()
    run_with_failure_report(page, lab, _run, info)


def _run(page, lab, info, errors):
    from playwright.sync_api import expect

    outcome = open_and_run_all(page, lab, NOTEBOOK)
    assert page.evaluate(JS_ERROR_OUTPUTS) == [], "a cell raised"
    assert outcome == "done", f"run all: {outcome}; outputs: {page.evaluate(JS_CELL_OUTPUTS)}"

    site = str(info["site"].resolve())
    printed = page.evaluate(JS_KERNEL_PRINT, "import sys, xai_widgets as xw; print(sys.executable); "
                                            "print(xw.__file__)").split()
    assert printed[0] == str(info["python"]), f"kernel python: {printed}"
    assert printed[1].startswith(site), f"xai_widgets in the kernel comes from {printed[1]}, not {site}"
    assert f"XW_FILE {printed[1]}" in " ".join(page.evaluate(JS_CELL_OUTPUTS)[0])

    cell = page.locator(".jp-Notebook .jp-CodeCell").nth(W_CELL)
    cell.locator(".jp-OutputArea-output .xw-token[data-token-index]").first.wait_for(timeout=RENDER_MS)
    assert [t.strip() for t in cell.locator(".xw-token").all_text_contents()] == RESULT["tokens"]
    assert cell.locator(".jp-OutputArea-output b").count() == 0, "a token was rendered as HTML"
    assert page.get_by_text("Error displaying widget").count() == 0
    assert cell.locator(".xw-error, [data-xw-error]").count() == 0

    word = cell.locator(".xw-token[data-token-index='2']")
    expect(word).to_have_text("wheel")
    word.hover()
    tip = cell.locator(".xw-tooltip")
    expect(tip).to_be_visible(timeout=UI_MS)
    expect(tip).to_contain_text('"wheel"', timeout=UI_MS)
    widget_errors = [e for e in errors if "widget" in e.lower() or "xw" in e.lower()]
    assert widget_errors == [], widget_errors
