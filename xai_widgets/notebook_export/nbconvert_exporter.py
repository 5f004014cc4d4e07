"""The nbconvert exporter: ``jupyter nbconvert --to xai_widgets notebook.ipynb`` writes what
``xai_widgets.export_notebook`` writes (widgets inlined and rendering offline, no CDN).

Registered under the ``nbconvert.exporters`` entry point as ``xai_widgets``; it can also be named by class:
``jupyter nbconvert --to xai_widgets.notebook_export.nbconvert_exporter.XaiWidgetsExporter``.
"""
from __future__ import annotations

from typing import Any, Dict, Optional, Tuple

from nbconvert.exporters import Exporter
from traitlets import Bool

from . import notebook_to_html


class XaiWidgetsExporter(Exporter):
    """HTML with the notebook's stored widgets rendering offline (see ``xai_widgets.notebook_export``)."""

    export_from_notebook = "HTML with offline widgets (xai-widgets)"
    output_mimetype = "text/html"
    show_code = Bool(True, help="Show the code of code cells (False: outputs only).").tag(config=True)

    def _file_extension_default(self) -> str:
        return ".html"

    def from_notebook_node(self, nb: Any, resources: Optional[Dict[str, Any]] = None,
                           **kw: Any) -> Tuple[str, Dict[str, Any]]:
        nb_copy, resources = super().from_notebook_node(nb, resources, **kw)
        page, counts = notebook_to_html(nb_copy, show_code=self.show_code)
        resources["xai_widgets"] = counts
        resources["output_extension"] = ".html"
        return page, resources


__all__ = ["XaiWidgetsExporter"]
