"""Executes every tutorial notebook in notebooks/*.ipynb from top to bottom and fails on any error.

Each notebook runs in a fresh ``python3`` kernel inside a temporary copy of the notebooks folder (so files a
notebook writes never land in the repository), with progress bars off (``XAI_WIDGETS_PROGRESS=0``).
The executed copy is kept under pytest's tmp_path for inspection.

    .venv/bin/python -m pytest -q tests/test_notebooks.py            # all notebooks
    .venv/bin/python -m pytest -q tests/test_notebooks.py -k 01_     # one notebook
"""
from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
CELL_TIMEOUT_S = 600


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
def test_notebook_executes(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # The kernel inherits this process's environment.
    monkeypatch.setenv("XAI_WIDGETS_PROGRESS", "0")
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")

    workdir = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOK_DIR, workdir, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "*.html"))
    nb = nbformat.read(str(workdir / path.name), as_version=4)

    client = nbclient.NotebookClient(
        nb, kernel_name="python3", timeout=CELL_TIMEOUT_S, allow_errors=False,
        resources={"metadata": {"path": str(workdir)}},
    )
    started = time.perf_counter()
    try:
        client.execute()
    except nbclient.exceptions.CellExecutionError as exc:
        failing = [(i, c.source) for i, c in enumerate(nb.cells)
                   if any(o.get("output_type") == "error" for o in c.get("outputs", []))]
        index, source = failing[0] if failing else ("?", "(cell not identified)")
        pytest.fail(_format_failure(path.name, index, source, str(exc)), pytrace=False)
    except nbclient.exceptions.CellTimeoutError as exc:
        pytest.fail(f"{path.name}: a cell ran longer than {CELL_TIMEOUT_S} s\n{exc}", pytrace=False)
    finally:
        nbformat.write(nb, str(tmp_path / f"executed-{path.name}"))
    elapsed = time.perf_counter() - started
    print(f"\n{path.name}: executed in {elapsed:.1f} s")

    errors = _error_outputs(nb)
    if errors:
        pytest.fail("\n\n".join(_format_failure(path.name, *e) for e in errors), pytrace=False)
    unexecuted = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip()
                  and c.get("execution_count") is None]
    assert not unexecuted, f"{path.name}: code cells {unexecuted} were not executed"


def test_notebooks_found():
    assert NOTEBOOKS, f"no notebooks in {NOTEBOOK_DIR}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_committed_without_outputs(path: Path):
    """Notebooks are stored clean: the test above executes them, outputs in git would only go stale."""
    nb = nbformat.read(str(path), as_version=4)
    nbformat.validate(nb)
    dirty = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and (c.get("outputs") or c.get("execution_count"))]
    assert not dirty, f"{path.name}: code cells {dirty} have outputs; clear them before committing"


BUILDERS = sorted((NOTEBOOK_DIR / "tools").glob("build_*.py"))


@pytest.mark.parametrize("builder", BUILDERS, ids=[b.name for b in BUILDERS])
def test_notebook_equals_its_builder(builder: Path, tmp_path: Path):
    """The committed notebook is what its builder writes: edit the builder, then re-run it."""
    import subprocess
    import sys

    out = tmp_path / "built.ipynb"
    subprocess.run([sys.executable, str(builder), str(out)], check=True, capture_output=True)
    name = builder.name[len("build_"):-len(".py")] + ".ipynb"
    built, committed = nbformat.read(str(out), as_version=4), nbformat.read(str(NOTEBOOK_DIR / name), as_version=4)
    assert [(c.cell_type, c.source) for c in built.cells] == [(c.cell_type, c.source) for c in committed.cells], \
        f"{name} differs from {builder.name}: run `.venv/bin/python notebooks/tools/{builder.name}`"
