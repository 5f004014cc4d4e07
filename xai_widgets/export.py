"""Offline export: one self-contained HTML file holding any number of widgets, viewable from file:// with no
network at all (no CDN, no web fonts, no ipywidgets embed manager).

Each widget kind names a built front-end bundle (an anywidget ES module in ``xai_widgets/static``). The page
inlines every needed bundle once as a JSON string, imports it through a Blob URL, and drives its
``render({model, el})`` with a small in-page model (get/set/on/off/save_changes/send) holding the widget's
state.

    save_html("report.html", attribution, comparison, evaluation_result, widget, title="My model")

Every result type and every widget is accepted: a result is shown by the widget registered for its ``view``; its
static HTML (``_static_html``) is the ``<noscript>`` fallback.
"""
from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any, Dict, Iterable, List, Tuple, Union

from ._files import atomic_write
from ._json import jsonable
from .views import VIEWS, widget_for

STATIC_DIR = Path(__file__).resolve().parent / "static"

_CSP = ("default-src 'none'; script-src 'unsafe-inline' blob:; style-src 'unsafe-inline'; "
        "img-src data: blob:; font-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'")

_PAGE_CSS = """
:root { color-scheme: light dark; }
body { margin: 0; padding: 24px; background: #ffffff; color: #1f2328;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
@media (prefers-color-scheme: dark) { body { background: #161616; color: #e6edf3; } }
.xw-page { max-width: 1100px; margin: 0 auto; }
.xw-page > h1 { font-size: 20px; font-weight: 600; margin: 0 0 16px; }
.xw-item { margin: 0 0 20px; }
.xw-error { color: #cf222e; white-space: pre-wrap; font-family: monospace; }
.xw-fallback { border-collapse: collapse; font-size: 13px; margin: 6px 0 16px; }
.xw-fallback th, .xw-fallback td { border: 1px solid #8c959f; padding: 2px 8px; text-align: left; }
"""

# Loads each bundle once (Blob URL + dynamic import) and renders every mount with an in-page model.
_LOADER = """
const readJson = (id) => JSON.parse(document.getElementById(id).textContent);
const modules = new Map();
function loadBundle(name) {
  if (!modules.has(name)) {
    const url = URL.createObjectURL(new Blob([readJson("xw-bundle-" + name)], { type: "text/javascript" }));
    modules.set(name, import(url));
  }
  return modules.get(name);
}
function makeModel(state) {
  const handlers = new Map();
  const emit = (name, ...args) => (handlers.get(name) || []).slice().forEach((cb) => cb(...args));
  const model = {
    get: (key) => state[key],
    set(key, value) {
      const old = state[key];
      state[key] = value;
      if (old !== value) { emit("change:" + key, model, value); emit("change", model); }
    },
    on(names, cb) {
      for (const name of String(names).split(/\\s+/)) { if (!handlers.has(name)) handlers.set(name, []); handlers.get(name).push(cb); }
    },
    off(names, cb) {
      if (!names) { handlers.clear(); return; }
      for (const name of String(names).split(/\\s+/)) {
        if (!cb) handlers.delete(name);
        else handlers.set(name, (handlers.get(name) || []).filter((f) => f !== cb));
      }
    },
    save_changes() {},
    send() {},
  };
  return model;
}
async function mount(el) {
  const model = makeModel(readJson(el.dataset.state));
  window.xaiWidgets.models.push(model);
  let mod = await loadBundle(el.dataset.widget);
  mod = mod.default || mod;
  const widget = typeof mod === "function" ? await mod() : mod;
  if (widget.initialize) await widget.initialize({ model });
  await widget.render({ model, el });
}
window.xaiWidgets = { models: [] };
const mounts = [...document.querySelectorAll(".xw-mount")];
Promise.allSettled(mounts.map((el) => mount(el).catch((err) => {
  console.error(err);
  const msg = document.createElement("div");
  msg.className = "xw-error";
  msg.textContent = "could not render this widget: " + (err && err.message ? err.message : err);
  el.appendChild(msg);
  el.dataset.xwError = "1";
  throw err;
}))).then(() => { document.documentElement.dataset.xwReady = "1"; });
"""


NO_SCRIPT = "<p>This page needs JavaScript to show its widgets.</p>"


def bundle_path(name: str) -> Path:
    """The built front-end bundle ``static/<name>.js`` of a widget kind; RuntimeError with the build command if
    it is missing. The one place that knows where bundles live (widgets and the export both ask here)."""
    path = STATIC_DIR / f"{name}.js"
    if not path.is_file():
        raise RuntimeError(f"the widget front end {path.name} is not built (missing {path}); run `make setup` in "
                           "the repository root, or `cd js && npm ci && npm run build`")
    return path


def _json_script(element_id: str, data: Any) -> str:
    """A JSON data block holding ``data`` as strict JSON: NaN and infinities anywhere in it (floats, numpy
    scalars and arrays, nested lists and dicts) are written as ``null``."""
    text = json.dumps(jsonable(data), ensure_ascii=False, allow_nan=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="{html.escape(element_id)}">{text}</script>'


def _bundle(name: str) -> Tuple[str, str]:
    """(js, css) of a widget kind's bundle."""
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"bad bundle name {name!r}")
    js_path = bundle_path(name)
    css_path = js_path.with_suffix(".css")
    css = css_path.read_text(encoding="utf-8") if css_path.is_file() else ""
    return js_path.read_text(encoding="utf-8"), css


def _data_view(item: Any) -> str:
    """The view for plain result data (dicts, objects with ``to_json()``, sequences of those)."""
    probe = item
    while isinstance(probe, (list, tuple)) and probe:
        probe = probe[0]
    if hasattr(probe, "to_json"):
        probe = probe.to_json()
        while isinstance(probe, list) and probe:
            probe = probe[0]
    if isinstance(probe, dict) and (probe.get("layout") == "table" or probe.get("kind") == "global"):
        return "feature_importance"
    if isinstance(probe, dict) and probe.get("layout") == "image":
        return "image_heatmap"
    if isinstance(probe, dict) and probe.get("kind") == "concept_scores":
        return "concept_report"
    if isinstance(probe, dict) and "example_labels" in probe and "kinds" in probe:
        return "example_gallery"
    if isinstance(probe, dict) and "adversarial" in probe and "changes" in probe:
        return "adversarial_view"
    return "token_highlight"


def _widget(item: Any):
    """A widget for one item: a widget itself, a result (its registered view), or plain result data."""
    if hasattr(item, "_export_spec"):
        return item
    if isinstance(getattr(item, "view", None), str):
        return widget_for(item)
    return VIEWS.get(_data_view(item))(item)


def _specs(items: Iterable[Any]) -> List[Tuple[str, Dict[str, Any], str]]:
    """(bundle name, state, static fallback HTML) per widget to show. A list of widgets gives one each; a list of
    attribution results (or dicts) is one widget comparing them."""
    specs = []
    for item in items:
        group = list(item) if isinstance(item, (list, tuple)) and item and all(
            hasattr(x, "_export_spec") for x in item) else [item]
        for x in group:
            w = _widget(x)
            name, state = w._export_spec()
            source = x if hasattr(x, "_static_html") and not hasattr(x, "_export_spec") else w
            static = getattr(source, "_static_html", None)  # any object with _export_spec() may be shown
            specs.append((name, state, static() if static else NO_SCRIPT))
    if not specs:
        raise ValueError("nothing to export: pass widgets or results")
    return specs


def to_html_string(*items: Any, title: str = "xai-widgets") -> str:
    """One self-contained HTML page showing every item: widgets (with ``_export_spec()``), attribution results
    (``Attribution``, result dicts) and ``Comparison``-like sequences of results (one widget each)."""
    specs = _specs(items)
    names = list(dict.fromkeys(name for name, _, _ in specs))
    bundles = {name: _bundle(name) for name in names}
    styles = "".join(f"<style>{css}</style>" for _, css in bundles.values() if css)
    body, data = [], []
    for k, (name, state, fallback) in enumerate(specs):
        body.append(f'<section class="xw-item"><div class="xw-mount" data-widget="{html.escape(name)}" '
                    f'data-state="xw-state-{k}"></div><noscript>{fallback}</noscript></section>')
        data.append(_json_script(f"xw-state-{k}", state))
    data.extend(_json_script(f"xw-bundle-{name}", js) for name, (js, _) in bundles.items())
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_PAGE_CSS}</style>{styles}\n</head>\n<body>\n"
        f'<main class="xw-page">\n<h1>{html.escape(title)}</h1>\n' + "\n".join(body) + "\n</main>\n"
        + "\n".join(data) + f'\n<script type="module">{_LOADER}</script>\n</body>\n</html>\n'
    )


def save_html(path: Union[str, Path], *items: Any, title: str = "xai-widgets") -> Path:
    """Write ``to_html_string(*items, title=title)`` to ``path`` (UTF-8, mode 0o644) and return the path. The page
    is written atomically (``_files.atomic_write``): a failure never leaves a half-written page, and an existing
    page at ``path`` stays as it was."""
    path = Path(path)
    atomic_write(path, to_html_string(*items, title=title))
    return path
