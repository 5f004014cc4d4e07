"""A saved notebook reopened in a real JupyterLab, before any cell runs: its widgets render from the stored widget
state, and no output says "Error displaying widget" (a progress bar that was a widget used to turn into
"Error displaying widget: model not found" there).

The notebook is executed the way ``make notebooks`` executes the tutorials (nbclient, widget state stored), with
progress bars on, on a tiny random model: a multi-method ``explain`` (which shows a progress bar while it runs)
and its TokenHighlight widget."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from lab_helpers import running_lab
from test_jupyterlab_smoke import JS_NOTEBOOK_READY, LAB_READY_MS

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]



@pytest.fixture(scope="module")
def lab(browser, tmp_path_factory):
    pytest.importorskip("jupyterlab", reason="jupyterlab is not installed in this environment")
    yield from running_lab(tmp_path_factory)


def _executed_notebook(path: Path, monkeypatch) -> int:
    nbformat = pytest.importorskip("nbformat")
    sys.path.insert(0, str(ROOT / "notebooks" / "tools"))
    import execute as nbexec

    monkeypatch.setenv("XAI_WIDGETS_PROGRESS", "1")  # bars on: what a user sees while the cell runs
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        f"import sys\nsys.path.insert(0, {str(ROOT / 'tests')!r})\nfrom tiny_models import tiny_classifier\n"
        "import xai_widgets as xw\nm, tok = tiny_classifier('bert', seed=1, num_labels=2)\n"
        "model = xw.load_model(m, tok, labels=['negative', 'positive'])\n"
        "c = xw.explain('a good film', model=model, methods=['saliency', 'gradient_x_input', 'occlusion'])\nc")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbexec.execute(nb, path.parent)
    nbformat.write(nb, str(path))
    state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    shown = [o["data"]["application/vnd.jupyter.widget-view+json"]["model_id"] for o in nb.cells[0].outputs
             if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    # the progress bar shown while explain() ran left no widget behind: the one widget output is the result's
    assert [state[m]["model_module"] for m in shown] == ["anywidget"], shown
    return sum(1 for m in state.values() if m.get("model_module") == "anywidget")


def _open(page, lab, name):
    page.goto(f"{lab.url}/lab/tree/{name}", wait_until="domcontentloaded")
    page.wait_for_function(JS_NOTEBOOK_READY, arg=name, timeout=LAB_READY_MS)


def _outputs_text(page):
    return " ".join(page.locator(".jp-OutputArea-output").all_inner_texts())


def test_reopened_saved_notebook_shows_fallbacks_untrusted_and_live_widgets_trusted(lab, context_factory,
                                                                                      monkeypatch):
    import subprocess

    path = lab.root / "saved.ipynb"
    assert _executed_notebook(path, monkeypatch) >= 1
    live = ".jp-OutputArea-output .xw-token[data-token-index]"  # only the widget's tokens carry an index
    page = context_factory(viewport={"width": 1280, "height": 900}).new_page()

    # A notebook that arrives from elsewhere (a clone, a download) is untrusted: JupyterLab shows the static
    # fallback (coloured spans), never an error.
    _open(page, lab, "saved.ipynb")
    page.wait_for_selector(".jp-OutputArea-output span[title]", timeout=20_000)
    page.wait_for_timeout(1500)
    assert "Error displaying widget" not in _outputs_text(page), _outputs_text(page)[:2000]
    assert page.locator(live).count() == 0

    # Trusted (as after running it once, or `jupyter trust`): the widgets come back live from the stored state.
    subprocess.run([sys.executable, "-m", "jupyter", "trust", str(path)], env=lab.env, check=True,
                   capture_output=True)
    _open(page, lab, "saved.ipynb")
    try:
        page.wait_for_selector(live, timeout=20_000)
    except Exception as exc:
        shot = lab.base / "saved-notebook.png"
        page.screenshot(path=str(shot), full_page=True)
        raise AssertionError(f"no widget rendered from the stored state; outputs: {_outputs_text(page)[:2000]}; "
                             f"screenshot {shot}") from exc
    page.wait_for_timeout(1500)
    assert "Error displaying widget" not in _outputs_text(page), _outputs_text(page)[:2000]
    assert page.locator(live).count() >= 3
