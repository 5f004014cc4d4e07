"""Executes the tutorials and stores them with their outputs and widget state (``make notebooks``), and compares a
fresh execution with the stored one (``tests/test_notebooks.py``).

    .venv/bin/python notebooks/tools/execute.py              # every builder: build, execute, store
    .venv/bin/python notebooks/tools/execute.py 01 04        # the notebooks whose names start with 01 or 04

Each notebook is first written by its builder (``build_<name>.py``, without outputs), then executed top to bottom in
a fresh ``python3`` kernel inside a temporary copy of the notebooks folder (files a notebook writes never land in
the repository), with progress bars off (ours, tqdm's and Hugging Face's), and stored with:

* every cell's outputs (text, tables, the static HTML fallback of each widget, images);
* the widget state (``metadata.widgets``), so JupyterLab, nbviewer and ``xai_widgets.export_notebook`` show the
  widgets without a kernel;
* ``metadata.xai_widgets.runtime_s``: the wall time of the execution on the machine that ran it.

Freshness (what the test checks against a new execution): the same cells have the same kinds of output; text
outputs (plain text, HTML tables, streams) are equal once numbers are masked, and every number agrees within
``RTOL`` relative or two units of its last printed digit, whichever is larger. Lines that report a time
(``12.3 s``, ``41 ms``, ``2 minutes``), table columns whose header names a time (``mean_seconds``) and cells
tagged ``volatile`` are not compared, object addresses
(``0x7f...``) and temporary paths are masked; images and widget views only have to be present on both sides.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import List, Optional, Tuple

import nbformat

TOOLS = Path(__file__).resolve().parent
NOTEBOOK_DIR = TOOLS.parent
CELL_TIMEOUT_S = 900
RTOL = 1e-3
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

_NUMBER = re.compile(r"[-+−]?(?:\d[\d,]*\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
# Run-specific text that is not a result: object addresses and temporary paths.
_VOLATILE = re.compile(r"0x[0-9a-fA-F]{6,}|(?:/private)?/tmp/[^\s'\"<>)]+|/var/folders/[^\s'\"<>)]+")
_TIMING = re.compile(r"\d(?:[\d.,]*)\s*(?:s|ms|sec|secs|seconds?|minutes?|min|µs|us)\b(?![-\w])")


def builders(prefixes: Optional[List[str]] = None) -> List[Path]:
    found = sorted(TOOLS.glob("build_*.py"))
    if prefixes:
        found = [b for b in found if any(b.name[len("build_"):].startswith(p) for p in prefixes)]
    return found


def notebook_name(builder: Path) -> str:
    return builder.name[len("build_"):-len(".py")] + ".ipynb"


def execute(nb: nbformat.NotebookNode, workdir: Path, timeout: int = CELL_TIMEOUT_S) -> float:
    """Execute ``nb`` in place (cwd ``workdir``) with its widget state stored; returns the wall time in seconds."""
    import nbclient

    os.environ.setdefault("XAI_WIDGETS_PROGRESS", "0")
    # other libraries' bars (transformers' "Loading weights", tqdm.auto) would be stored as ipywidgets
    os.environ.setdefault("TQDM_DISABLE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    client = nbclient.NotebookClient(
        nb, kernel_name="python3", timeout=timeout, allow_errors=False, store_widget_state=True,
        record_timing=False, resources={"metadata": {"path": str(workdir)}},
    )
    started = time.perf_counter()
    client.execute()
    return time.perf_counter() - started


def copy_notebook_dir(dest: Path) -> Path:
    shutil.copytree(NOTEBOOK_DIR, dest, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "*.html", "tools"))
    return dest


def build_and_execute(builder: Path, out_dir: Path = NOTEBOOK_DIR) -> Tuple[Path, float]:
    """Build ``builder``'s notebook, execute it and store it (with outputs) in ``out_dir`` (default notebooks/)."""
    target = Path(out_dir) / notebook_name(builder)
    with tempfile.TemporaryDirectory(prefix="xw-notebooks-") as tmp:
        work = copy_notebook_dir(Path(tmp) / "notebooks")
        built = work / target.name
        subprocess.run([sys.executable, str(builder), str(built)], check=True, capture_output=True)
        nb = nbformat.read(str(built), as_version=4)
        elapsed = execute(nb, work)
    nb.metadata["xai_widgets"] = {"runtime_s": round(elapsed, 1), "cpu_count": os.cpu_count()}
    nbformat.validate(nb)
    nbformat.write(nb, str(target))
    return target, elapsed


# ---------------------------------------------------------------------------------------------- freshness
def _strip_tags(text: str) -> str:
    return re.sub(r"<[^>]+>", " ", text)


_TIME_COLUMN = re.compile(r"second|seconds|\btime\b|duration|_s\b|\(s\)|\bms\b", re.I)


class _Tables(HTMLParser):
    """The rows (lists of cell texts) of every table in an HTML output."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: List[List[str]] = []
        self.cell: Optional[List[str]] = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th") and self.rows:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None and self.rows:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def _html_text(html_text: str) -> str:
    """The text of an HTML output; for a table (a DataFrame), one line per row without the columns whose header
    names a time (``seconds``, ``mean_seconds``, ``time``...), whose values differ from run to run."""
    if "<table" not in html_text:
        return _strip_tags(html_text)
    parser = _Tables()
    parser.feed(html_text)
    timed = {j for row in parser.rows for j, cell in enumerate(row) if _TIME_COLUMN.search(cell)}
    return "\n".join(" ".join(c for j, c in enumerate(row) if j not in timed) for row in parser.rows)


def _text_outputs(cell) -> List[Tuple[str, str]]:
    """(kind, text) of each comparable output of a code cell; images and widget views as presence markers."""
    out = []
    for o in cell.get("outputs", []):
        kind = o.get("output_type")
        if kind == "stream":
            out.append((f"stream:{o.get('name')}", o.get("text", "")))
        elif kind == "error":
            out.append(("error", f"{o.get('ename')}: {o.get('evalue')}"))
        elif kind in ("display_data", "execute_result"):
            data = o.get("data", {})
            if WIDGET_VIEW in data:
                out.append(("widget", ""))
            elif "text/html" in data:
                out.append(("html", _html_text(_joined(data["text/html"]))))
            elif any(k.startswith("image/") for k in data):
                out.append(("image", ""))
            elif "text/plain" in data:
                out.append(("plain", _joined(data["text/plain"])))
    return _merge_streams(out)


def _joined(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _merge_streams(outputs: List[Tuple[str, str]]) -> List[Tuple[str, str]]:
    merged: List[Tuple[str, str]] = []
    for kind, text in outputs:
        if merged and kind.startswith("stream:") and merged[-1][0] == kind:
            merged[-1] = (kind, merged[-1][1] + text)
        else:
            merged.append((kind, text))
    return [(k, t) for k, t in merged if k != "stream:stderr"]  # warnings and bars are not results


def _numbers(line: str) -> List[str]:
    return [m.group(0) for m in _NUMBER.finditer(line) if re.search(r"\d", m.group(0))]


def _as_float(token: str) -> float:
    return float(token.replace(",", "").replace("−", "-"))


def _digit_unit(token: str) -> float:
    mantissa = token.replace(",", "").lower().split("e")[0]
    exponent = int(token.lower().split("e")[1]) if "e" in token.lower() else 0
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    return 10.0 ** (exponent - decimals)


def numbers_agree(old: str, new: str, rtol: float = RTOL) -> bool:
    a, b = _as_float(old), _as_float(new)
    tol = max(rtol * max(abs(a), abs(b)), 2 * max(_digit_unit(old), _digit_unit(new)))
    return abs(a - b) <= tol + 1e-12


def compare_text(old: str, new: str, rtol: float = RTOL) -> List[str]:
    """Differences between two texts: the lines must match once numbers are masked, and their numbers must agree."""
    problems = []
    old_lines = [_VOLATILE.sub("~", l) for l in old.splitlines() if l.strip()]
    new_lines = [_VOLATILE.sub("~", l) for l in new.splitlines() if l.strip()]
    if len(old_lines) != len(new_lines):
        return [f"{len(old_lines)} lines stored, {len(new_lines)} now"]
    for lo, ln in zip(old_lines, new_lines):
        if _TIMING.search(lo) or _TIMING.search(ln):
            continue
        if _NUMBER.sub("#", lo).split() != _NUMBER.sub("#", ln).split():
            problems.append(f"stored {lo.strip()[:160]!r}\n      now {ln.strip()[:160]!r}")
            continue
        for x, y in zip(_numbers(lo), _numbers(ln)):
            if not numbers_agree(x, y, rtol):
                problems.append(f"{x} stored, {y} now in {ln.strip()[:160]!r}")
    return problems


def compare_notebooks(stored: nbformat.NotebookNode, fresh: nbformat.NotebookNode, rtol: float = RTOL) -> List[str]:
    """Every difference that matters between the stored outputs and a fresh execution (empty: fresh)."""
    problems = []
    if len(stored.cells) != len(fresh.cells):
        return [f"{len(stored.cells)} cells stored, {len(fresh.cells)} now"]
    for i, (a, b) in enumerate(zip(stored.cells, fresh.cells)):
        if a.cell_type != "code" or "volatile" in a.get("metadata", {}).get("tags", []):
            continue
        if a.source != b.source:
            problems.append(f"cell {i}: source differs")
            continue
        oa, ob = _text_outputs(a), _text_outputs(b)
        if [k for k, _ in oa] != [k for k, _ in ob]:
            problems.append(f"cell {i}: outputs {[k for k, _ in oa]} stored, {[k for k, _ in ob]} now")
            continue
        for (kind, ta), (_, tb) in zip(oa, ob):
            problems.extend(f"cell {i} ({kind}): {p}" for p in compare_text(ta, tb, rtol))
    return problems


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("prefixes", nargs="*", help="notebook name prefixes such as 01 (default: all)")
    parser.add_argument("--out", type=Path, default=NOTEBOOK_DIR, help="where to store them (default: notebooks/)")
    args = parser.parse_args(argv)
    chosen = builders(args.prefixes)
    if not chosen:
        parser.error(f"no builder matches {args.prefixes}; builders: {[b.name for b in builders()]}")
    for builder in chosen:
        target, elapsed = build_and_execute(builder, args.out)
        size = target.stat().st_size / 1e6
        print(f"{target.name}: executed in {elapsed:.1f} s, stored with outputs ({size:.2f} MB)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
