"""A saved notebook as one self-contained HTML page whose widgets render offline.

    import xai_widgets as xw
    xw.export_notebook("01_token_attributions.ipynb", "01_token_attributions.html")

or, through nbconvert (the exporter is registered as ``xai_widgets``):

    jupyter nbconvert --to xai_widgets 01_token_attributions.ipynb

What the page holds:

* markdown with its formulas as MathML (no MathJax, no CDN), highlighted code, and every output;
* every widget whose state the notebook stores (``metadata.widgets``, written by JupyterLab's "save widget state"
  or by ``make notebooks``): anywidget front ends run from the module stored in that state (each distinct module
  inlined once), with the in-page model of ``xai_widgets.export``, so hover, click and sort work from ``file://``
  with the network blocked; a widget without stored state shows its static fallback (``text/html``) instead, and
  ipywidgets containers show their children;
* a Content-Security-Policy that forbids every network request.

HTML stored in the notebook (markdown, ``text/html`` and SVG outputs) passes through an allow-list sanitizer; the
widgets' own front-end code is executed, as JupyterLab executes it when it restores the same state.
"""
from __future__ import annotations

import hashlib
import html as htmllib
import json
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

from .._files import atomic_write
from ..export import _CSP, _LOADER, _PAGE_CSS, _json_script
from .cells import cell_html, code_css

STATE_MIME = "application/vnd.jupyter.widget-state+json"

_NOTEBOOK_CSS = """
.xw-page { max-width: 1040px; }
.xw-md { line-height: 1.55; margin: 12px 0; }
.xw-md h1 { font-size: 26px; } .xw-md h2 { font-size: 21px; margin-top: 28px; } .xw-md h3 { font-size: 17px; }
.xw-md blockquote { border-left: 4px solid #8c959f; margin: 8px 0; padding: 2px 14px; opacity: .92; }
.xw-md table, .xw-html table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
.xw-md th, .xw-md td, .xw-html th, .xw-html td { border: 1px solid #8c959f66; padding: 3px 8px; }
.xw-md code { background: #8c959f22; padding: 0 3px; border-radius: 3px; }
.xw-md math[display="block"] { margin: 10px 0; overflow-x: auto; }
.xw-cell { margin: 10px 0 14px; }
.xw-in { display: flex; gap: 8px; }
.xw-prompt { color: #8c959f; font: 12px monospace; min-width: 36px; padding-top: 8px; text-align: right; }
pre.xw-code { flex: 1; margin: 0; padding: 8px 10px; background: #f6f8fa; border: 1px solid #d0d7de;
  border-radius: 6px; overflow-x: auto; font-size: 12.5px; line-height: 1.45; }
@media (prefers-color-scheme: dark) { pre.xw-code { background: #1e1e1e; border-color: #30363d; } }
.xw-out { margin: 6px 0 0 44px; overflow-x: auto; }
.xw-out pre { margin: 4px 0; font-size: 12.5px; white-space: pre-wrap; }
.xw-stderr { color: #9a6700; }
.xw-error-out { color: #cf222e; }
.xw-image { max-width: 100%; }
.xw-box { display: flex; flex-wrap: wrap; gap: 8px; }
.xw-box.xw-vbox { flex-direction: column; }
.xw-nav { display: flex; justify-content: space-between; gap: 12px; margin: 0 0 18px; font-size: 14px; }
.xw-nav a { color: inherit; }
.xw-math, .xw-math-block { font-family: monospace; }
"""


class _Widgets:
    """The notebook's stored widget state, and the mounts and bundles the page needs for it."""

    def __init__(self, nb: Dict[str, Any]):
        widgets = (nb.get("metadata") or {}).get("widgets") or {}
        self.models: Dict[str, Dict[str, Any]] = (widgets.get(STATE_MIME) or {}).get("state") or {}
        self.bundles: Dict[str, str] = {}
        self.css: Dict[str, str] = {}
        self.states: List[Tuple[str, Dict[str, Any]]] = []
        self.mounted = 0

    def _state(self, model: Dict[str, Any]) -> Dict[str, Any]:
        state = dict(model.get("state") or {})
        for buf in model.get("buffers") or []:  # nbclient / JupyterLab store binary traits base64-encoded
            path = list(buf.get("path") or [])
            if not path:
                continue
            target = state
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = buf.get("data", "")  # the views decode base64 strings like DataViews
        return state

    def mount(self, model_id: str, fallback: str) -> Optional[str]:
        model = self.models.get(model_id)
        if model is None:
            return None
        state = self._state(model)
        children = state.get("children")
        if isinstance(children, list) and children and all(isinstance(c, str) for c in children):
            inner = [self.mount(c[len("IPY_MODEL_"):], "") if c.startswith("IPY_MODEL_") else None for c in children]
            if any(inner):
                vertical = "VBox" in str(model.get("model_name", ""))
                return f'<div class="xw-box{" xw-vbox" if vertical else ""}">{"".join(x or "" for x in inner)}</div>'
        esm = state.get("_esm")
        if model.get("model_module") != "anywidget" or not isinstance(esm, str) or esm.lstrip().startswith("http"):
            return None
        name = "m" + hashlib.sha256(esm.encode("utf-8")).hexdigest()[:16]
        self.bundles.setdefault(name, esm)
        css = state.get("_css")
        if isinstance(css, str) and css.strip():
            self.css.setdefault(hashlib.sha256(css.encode("utf-8")).hexdigest()[:16], css)
        view_state = {k: v for k, v in state.items() if k not in ("_esm", "_css")}
        k = len(self.states)
        self.states.append((f"xw-state-{k}", view_state))
        self.mounted += 1
        return (f'<div class="xw-widget"><div class="xw-mount" data-widget="{name}" data-state="xw-state-{k}">'
                f'</div><noscript>{fallback}</noscript></div>')


def _title(nb: Dict[str, Any], default: str) -> str:
    import re

    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            text = "".join(cell.get("source") or [])
            m = re.search(r"^#\s+(.+)$", text, re.M)
            if m:
                return re.sub(r"<[^>]+>|[*_`$]", "", m.group(1)).strip()
    return default


def _read(notebook: Any) -> Dict[str, Any]:
    if isinstance(notebook, dict):
        return notebook
    path = Path(notebook)
    if not path.is_file():
        raise FileNotFoundError(f"export_notebook: no notebook at {path} (pass the path of an .ipynb file)")
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"export_notebook: {path} is not a notebook (invalid JSON: {exc})") from None
    if not isinstance(nb, dict) or "cells" not in nb:
        raise ValueError(f"export_notebook: {path} is not a notebook (no 'cells')")
    return nb


def notebook_to_html(notebook: Any, title: Optional[str] = None, nav: Sequence[Tuple[str, str]] = (),
                     show_code: bool = True) -> Tuple[str, Dict[str, int]]:
    """(page, counts) for a notebook (a path, or the notebook as a dict / ``NotebookNode``). ``nav`` is a list of
    (label, href) links shown above the content; counts has the cells, widget outputs and mounted widgets."""
    nb = _read(notebook)
    widgets = _Widgets(nb)
    body = [cell_html(c, widgets.mount, show_code=show_code) for c in nb.get("cells", [])]
    widget_outputs = sum(1 for c in nb.get("cells", []) for o in c.get("outputs", [])
                         if "application/vnd.jupyter.widget-view+json" in (o.get("data") or {}))
    title = title or _title(nb, "notebook")
    links = "".join(f'<a href="{htmllib.escape(href, quote=True)}">{htmllib.escape(label)}</a>' for label, href in nav)
    styles = "".join("<style>" + css.replace("</", "<\\/") + "</style>" for css in widgets.css.values())
    data = [_json_script(sid, state) for sid, state in widgets.states]
    data += [_json_script(f"xw-bundle-{name}", js) for name, js in widgets.bundles.items()]
    loader = f'<script type="module">{_LOADER}</script>' if widgets.states else \
        '<script type="module">document.documentElement.dataset.xwReady = "1";</script>'
    page = (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{htmllib.escape(title)}</title>\n<style>{_PAGE_CSS}{_NOTEBOOK_CSS}{code_css()}</style>{styles}\n"
        "</head>\n<body>\n<main class=\"xw-page\">\n"
        + (f'<nav class="xw-nav">{links}</nav>\n' if links else "")
        + "\n".join(b for b in body if b) + "\n</main>\n" + "\n".join(data) + f"\n{loader}\n</body>\n</html>\n"
    )
    counts = {"cells": len(nb.get("cells", [])), "widget_outputs": widget_outputs, "widgets": widgets.mounted,
              "bundles": len(widgets.bundles)}
    return page, counts


def export_notebook(ipynb: Union[str, Path], html: Union[str, Path, None] = None, title: Optional[str] = None,
                    nav: Sequence[Tuple[str, str]] = (), show_code: bool = True) -> Path:
    """Write ``ipynb`` as a self-contained HTML page (default: beside it, ``.html``) whose widgets render offline;
    returns the page's path. The page is written atomically."""
    src = Path(ipynb)
    out = Path(html) if html is not None else src.with_suffix(".html")
    if out.resolve() == src.resolve():
        raise ValueError(f"export_notebook: the page would overwrite the notebook {src}; pass another html path")
    page, _ = notebook_to_html(src, title=title, nav=nav, show_code=show_code)
    atomic_write(out, page)
    return out


__all__ = ["export_notebook", "notebook_to_html"]
