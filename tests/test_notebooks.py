"""The tutorials are stored executed (outputs, widget state, runtime), as ``make notebooks`` writes them; here every
``notebooks/*.ipynb`` is executed again from top to bottom in a fresh kernel and must (1) raise no error and (2)
print what is stored: the same outputs, numbers within the tolerance of ``notebooks/tools/execute.py``
(``RTOL`` = 1e-3 relative or two units of the last printed digit; timing lines, images and widget views are
not compared). A failure names the cell and the number that moved: re-run ``make notebooks`` if the change is
intended.

Each notebook runs inside a temporary copy of the notebooks folder (so files a notebook writes never land in the
repository), with progress bars off (``XAI_WIDGETS_PROGRESS=0``). The executed copy is kept under pytest's
tmp_path for inspection.

    .venv/bin/python -m pytest -q tests/test_notebooks.py            # all notebooks
    .venv/bin/python -m pytest -q tests/test_notebooks.py -k 01_     # one notebook
"""
from __future__ import annotations

import copy
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
sys.path.insert(0, str(NOTEBOOK_DIR / "tools"))
import execute as nbexec  # noqa: E402  (notebooks/tools/execute.py)

WIDGET_VIEW = nbexec.WIDGET_VIEW


def _error_outputs(nb):
    """(cell index, source, 'Name: value' + traceback) for every error output of an executed notebook."""
    found = []
    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                trace = "\n".join(out.get("traceback", []))
                found.append((index, cell.source, f"{out.get('ename')}: {out.get('evalue')}\n{trace}"))
    return found


def _format_failure(name: str, index, source: str, error: str) -> str:
    rule = "-" * 72
    return f"{name}: cell {index} failed\n{rule}\n{source}\n{rule}\n{error}"


@pytest.mark.notebook
@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_executes_and_prints_what_is_stored(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # The kernel inherits this process's environment.
    monkeypatch.setenv("XAI_WIDGETS_PROGRESS", "0")
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")

    stored = nbformat.read(str(path), as_version=4)
    workdir = nbexec.copy_notebook_dir(tmp_path / "notebooks")
    nb = copy.deepcopy(stored)
    try:
        elapsed = nbexec.execute(nb, workdir)
    except nbclient.exceptions.CellExecutionError as exc:
        failing = [(i, c.source) for i, c in enumerate(nb.cells)
                   if any(o.get("output_type") == "error" for o in c.get("outputs", []))]
        index, source = failing[0] if failing else ("?", "(cell not identified)")
        pytest.fail(_format_failure(path.name, index, source, str(exc)), pytrace=False)
    except nbclient.exceptions.CellTimeoutError as exc:
        pytest.fail(f"{path.name}: a cell ran longer than {nbexec.CELL_TIMEOUT_S} s\n{exc}", pytrace=False)
    finally:
        nbformat.write(nb, str(tmp_path / f"executed-{path.name}"))
    print(f"\n{path.name}: executed in {elapsed:.1f} s "
          f"(stored run: {stored.metadata.get('xai_widgets', {}).get('runtime_s')} s)")

    errors = _error_outputs(nb)
    if errors:
        pytest.fail("\n\n".join(_format_failure(path.name, *e) for e in errors), pytrace=False)
    stale = nbexec.compare_notebooks(stored, nb)
    assert not stale, (f"{path.name}: the stored outputs are not what the notebook computes now "
                       f"(run `make notebooks` if the change is intended):\n" + "\n".join(stale[:30]))


def test_notebooks_found():
    assert NOTEBOOKS, f"no notebooks in {NOTEBOOK_DIR}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_is_stored_executed_with_widget_state(path: Path):
    """GitHub and nbviewer show what is stored: every code cell ran, in order, and every widget it displays has
    its state in the notebook's metadata (so it renders without a kernel) and a static HTML fallback."""
    nb = nbformat.read(str(path), as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    counts = [c.get("execution_count") for c in code]
    assert None not in counts, f"{path.name}: cells not executed; run `make notebooks`"
    assert counts == sorted(counts), f"{path.name}: cells were not run top to bottom ({counts})"
    assert nb.metadata.get("xai_widgets", {}).get("runtime_s"), f"{path.name}: no recorded runtime"
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if WIDGET_VIEW in data:
                assert data[WIDGET_VIEW]["model_id"] in state, f"{path.name} cell {i}: widget without stored state"
                assert "text/html" in data, f"{path.name} cell {i}: widget without a static fallback"
            assert out.get("output_type") != "error", f"{path.name} cell {i}: stored error output"


def test_freshness_comparison_catches_a_moved_number_and_ignores_timings():
    assert nbexec.compare_text("AOPC 0.463 (n=12)", "AOPC 0.4632 (n=12)") == []
    assert nbexec.compare_text("AOPC 0.463", "AOPC 0.470") != []
    assert nbexec.compare_text("ranked first: lime", "ranked first: shap") != []
    assert nbexec.compare_text("computed in 12.3 s", "computed in 31.0 s") == []
    assert nbexec.compare_text("1,024 tokens", "1,024 tokens") == []
    assert nbexec.compare_text("a\nb", "a") != []
    table = "<table><tr><th>method</th><th>rate</th><th>mean_seconds</th></tr><tr><th>lime</th><td>{}</td><td>{}</td></tr></table>"
    assert nbexec.compare_text(nbexec._html_text(table.format("0.95", "0.39")),
                               nbexec._html_text(table.format("0.95", "1.98"))) == []
    assert nbexec.compare_text(nbexec._html_text(table.format("0.95", "0.39")),
                               nbexec._html_text(table.format("0.65", "0.39"))) != []
    assert nbexec.compare_text("<Model at 0x7f19838b0180>", "<Model at 0x7fa0c1d2e3f0>") == []
    assert nbexec.compare_text("wrote /tmp/xw-notebooks-ab12/x.html", "wrote /tmp/xw-notebooks-zz99/x.html") == []


BUILDERS = sorted((NOTEBOOK_DIR / "tools").glob("build_*.py"))


@pytest.mark.parametrize("builder", BUILDERS, ids=[b.name for b in BUILDERS])
def test_notebook_equals_its_builder(builder: Path, tmp_path: Path):
    """The committed notebook's cells are what its builder writes: edit the builder, then run `make notebooks`."""
    import subprocess
    import sys

    out = tmp_path / "built.ipynb"
    subprocess.run([sys.executable, str(builder), str(out)], check=True, capture_output=True)
    name = builder.name[len("build_"):-len(".py")] + ".ipynb"
    built, committed = nbformat.read(str(out), as_version=4), nbformat.read(str(NOTEBOOK_DIR / name), as_version=4)
    assert [(c.cell_type, c.source) for c in built.cells] == [(c.cell_type, c.source) for c in committed.cells], \
        f"{name} differs from {builder.name}: run `make notebooks` (or `.venv/bin/python notebooks/tools/execute.py {name[:2]}`)"
