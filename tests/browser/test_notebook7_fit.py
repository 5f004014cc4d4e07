"""The evaluation report in Notebook 7 (the ``notebook`` package, JupyterLab's components in a single-document page
with its own margins), 760 px wide: every column of the summary table is visible, nothing overflows sideways, and
the page shows no widget error. The notebook is executed and saved the way ``make notebooks`` stores the tutorials
(nbclient, widget state in the metadata), trusted, and reopened: the report renders from the stored state."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lab_helpers import LabServer, running_lab
from test_widget_fit import assert_report_fits

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]


class NotebookServer(LabServer):
    """``jupyter notebook`` (Notebook 7) from this environment; the same isolation as ``LabServer``."""


    def command(self):
        return [
            sys.executable, "-m", "notebook",
            "--allow-root", "--no-browser", "--ip=127.0.0.1", f"--port={self.port}", "--port-retries=0",
            "--ServerApp.token=", "--ServerApp.password=", "--ServerApp.disable_check_xsrf=True",
            f"--ServerApp.root_dir={self.root}", "--JupyterNotebookApp.expose_app_in_browser=True",
        ]


@pytest.fixture(scope="module")
def nb7(browser, tmp_path_factory):
    pytest.importorskip("notebook", reason="Notebook 7 (the notebook package) is not installed")
    yield from running_lab(tmp_path_factory, NotebookServer)


CELL = f"""import sys
sys.path.insert(0, {str(ROOT / 'tests')!r})
from toy_bow import bow_adapter
import xai_widgets as xw
res = xw.evaluate(bow_adapter(), ["the film is great but the plot is dull", "a boring film"],
                  rationales=[[0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0], None], sanity_examples=1, stability_examples=1,
                  stability_seeds=(0, 1), method_params={{"lime": {{"num_samples": 50}}, "shap": {{"max_evals": 60}}}})
res.widget()"""


def _saved_notebook(path: Path) -> None:
    nbformat = pytest.importorskip("nbformat")
    sys.path.insert(0, str(ROOT / "notebooks" / "tools"))
    import execute as nbexec

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(CELL)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbexec.execute(nb, path.parent)
    nbformat.write(nb, str(path))


def test_evaluation_report_fits_760px_in_notebook_7(nb7, context_factory):
    path = nb7.root / "fit.ipynb"
    _saved_notebook(path)
    subprocess.run([sys.executable, "-m", "jupyter", "trust", str(path)], env=nb7.env, check=True,
                   capture_output=True)
    # Notebook 7's own page errors (seen on an empty notebook, with no widget) are not the widget's
    (nb7.root / "empty.ipynb").write_text('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
    blank = context_factory(viewport={"width": 760, "height": 900}).new_page()
    own = []
    blank.on("pageerror", lambda e: own.append(str(e)))
    blank.goto(f"{nb7.url}/notebooks/empty.ipynb", wait_until="domcontentloaded")
    blank.wait_for_selector(".jp-Notebook", timeout=60_000)
    blank.wait_for_timeout(3000)
    page = context_factory(viewport={"width": 760, "height": 900}).new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{nb7.url}/notebooks/fit.ipynb", wait_until="domcontentloaded")
    try:
        page.wait_for_selector(".jp-OutputArea-output .xw-er table[data-role=summary]", timeout=90_000)
    except Exception:
        shot = nb7.base / "nb7-fit.png"
        page.screenshot(path=str(shot), full_page=True)
        raise AssertionError(f"the report did not render in Notebook 7 (screenshot {shot}); errors {errors}; "
                             f"server log:\n{nb7.log_tail()}")
    page.wait_for_timeout(500)
    keys = assert_report_fits(page, "in Notebook 7 at 760 px")
    assert keys[0] == "method" and keys[-1] == "seconds" and len(keys) == 11, keys
    text = " ".join(page.locator(".jp-OutputArea-output").all_inner_texts())
    assert "Error displaying widget" not in text, text[:2000]
    assert [e for e in errors if e not in own] == [], (errors, own)
