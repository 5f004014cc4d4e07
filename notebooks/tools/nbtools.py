"""Shared helpers of the notebook builders: collect markdown/code cells, write a notebook without outputs."""
from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook


class Cells(list):
    """``cells.md(text)`` / ``cells.code(text)`` append dedented cells; ``cells.main(out)`` writes the notebook."""

    def md(self, text: str) -> None:
        self.append(new_markdown_cell(textwrap.dedent(text).strip("\n")))

    def code(self, text: str) -> None:
        self.append(new_code_cell(textwrap.dedent(text).strip("\n")))

    def build(self) -> nbformat.NotebookNode:
        nb = new_notebook(cells=list(self))
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
        nb.metadata["language_info"] = {"name": "python"}
        for i, cell in enumerate(nb.cells):
            cell["id"] = f"cell-{i:03d}"
        return nb

    def main(self, default_out: Path) -> None:
        nb = self.build()
        nbformat.validate(nb)
        path = Path(sys.argv[1]) if len(sys.argv) > 1 else default_out
        nbformat.write(nb, str(path))
        print(f"wrote {path} ({len(nb.cells)} cells)")
