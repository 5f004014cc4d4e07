"""Offline export: one self-contained HTML file holding any number of widgets, viewable from file:// with no
network at all (no CDN, no web fonts, no ipywidgets embed manager).

Each widget kind names a built front-end bundle (an anywidget ES module in ``xai_widgets/static``). The page
inlines every needed bundle once as a JSON string, imports it through a Blob URL, and drives its
``render({model, el})`` with a small in-page model (get/set/on/off/save_changes/send) holding the widget's
state. A ``<noscript>`` table of tokens and scores is the fallback without JavaScript.

    save_html("report.html", attribution, comparison, widget, title="My model")
"""
from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any, Dict, Iterable, List, Tuple, Union

STATIC_DIR = Path(__file__).resolve().parent / "static"

#: bundle name -> file in xai_widgets/static (a ``<name>.css`` next to it is inlined too, if present)
BUNDLES: Dict[str, str] = {"token_highlight": "token_highlight.js"}

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


def register_bundle(name: str, filename: str) -> None:
    """Make a widget kind exportable: ``_export_spec()`` returning (name, state) will use static/filename."""
    BUNDLES[name] = filename


def _json_script(element_id: str, data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="{html.escape(element_id)}">{text}</script>'


def _bundle(name: str) -> Tuple[str, str]:
    """(js, css) of a registered bundle; RuntimeError with the build command if it is not built."""
    if name not in BUNDLES:
        raise ValueError(f"no front-end bundle registered as {name!r}; known: {sorted(BUNDLES)}")
    js_path = STATIC_DIR / BUNDLES[name]
    if not js_path.is_file():
        raise RuntimeError(f"the widget front end {js_path.name} is not built (missing {js_path}); run `make setup` "
                           "in the repository root, or `cd js && npm ci && npm run build`")
    css_path = js_path.with_suffix(".css")
    css = css_path.read_text(encoding="utf-8") if css_path.is_file() else ""
    return js_path.read_text(encoding="utf-8"), css


def _specs(items: Iterable[Any]) -> List[Tuple[str, Dict[str, Any]]]:
    from .widgets.token_highlight import token_highlight_state

    specs = []
    for item in items:
        if hasattr(item, "_export_spec"):
            specs.append(item._export_spec())
        elif isinstance(item, (list, tuple)) and item and all(hasattr(x, "_export_spec") for x in item):
            specs.extend(x._export_spec() for x in item)
        else:  # an Attribution, a Comparison, a result dict or a sequence of those: one token highlight
            specs.append(("token_highlight", token_highlight_state(item)))
    if not specs:
        raise ValueError("nothing to export: pass widgets or attribution results")
    return specs


def _fallback(state: Dict[str, Any]) -> str:
    """Plain HTML (no script) of the results in a widget state: one token/score table per result."""
    parts = []
    for r in state.get("results") or []:
        if not isinstance(r, dict) or "tokens" not in r:
            continue
        targets, labels = r.get("targets") or [], r.get("labels") or []
        header = "".join(f"<th>score: {html.escape(str(labels[t] if t < len(labels) else t))}</th>" for t in targets)
        rows = []
        for i, tok in enumerate(r["tokens"]):
            cells = "".join(f"<td>{'' if row[i] is None else f'{row[i]:.4g}'}</td>" for row in r.get("scores") or [])
            rows.append(f"<tr><td>{i}</td><td>{html.escape(str(tok))}</td>{cells}</tr>")
        caption = html.escape(f"{r.get('method_label') or r.get('method', '')}: {r.get('text', '')}")
        parts.append(f'<table class="xw-fallback"><caption>{caption}</caption>'
                     f"<tr><th>#</th><th>token</th>{header}</tr>{''.join(rows)}</table>")
    return "".join(parts) or "<p>This page needs JavaScript to show its widgets.</p>"


def to_html_string(*items: Any, title: str = "xai-widgets") -> str:
    """One self-contained HTML page showing every item: widgets (with ``_export_spec()``), attribution results
    (``Attribution``, result dicts) and ``Comparison``-like sequences of results (one widget each)."""
    specs = _specs(items)
    names = list(dict.fromkeys(name for name, _ in specs))
    bundles = {name: _bundle(name) for name in names}
    styles = "".join(f"<style>{css}</style>" for _, css in bundles.values() if css)
    body, data = [], []
    for k, (name, state) in enumerate(specs):
        body.append(f'<section class="xw-item"><div class="xw-mount" data-widget="{html.escape(name)}" '
                    f'data-state="xw-state-{k}"></div><noscript>{_fallback(state)}</noscript></section>')
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
    """Write ``to_html_string(*items, title=title)`` to ``path`` (UTF-8); returns the path."""
    path = Path(path)
    path.write_text(to_html_string(*items, title=title), encoding="utf-8")
    return path
