"""``make docs``: the offline course site. Every stored tutorial (``notebooks/*.ipynb``, executed by
``make notebooks``) becomes one self-contained page with live widgets (``xai_widgets.export_notebook``: no CDN, no
network), plus ``index.html`` listing them in course order with what each covers (from the table in
``notebooks/README.md``) and how long it runs (the runtime ``make notebooks`` measured).

    .venv/bin/python notebooks/tools/course_site.py [out_dir]        # default: docs/site
"""
from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path
from typing import Dict, List

TOOLS = Path(__file__).resolve().parent
NOTEBOOK_DIR = TOOLS.parent
DEFAULT_OUT = NOTEBOOK_DIR.parent / "docs" / "site"


def covers() -> Dict[str, str]:
    """notebook file name -> the 'What it covers' cell of notebooks/README.md's table (markdown)."""
    found = {}
    for line in (NOTEBOOK_DIR / "README.md").read_text(encoding="utf-8").splitlines():
        m = re.match(r"\|\s*\[([^\]]+\.ipynb)\]\([^)]*\)\s*\|(.*?)\|", line)
        if m:
            found[m.group(1)] = m.group(2).strip()
    return found


def runtime_text(seconds) -> str:
    if not seconds:
        return "not measured"
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds / 60:.1f} minutes"


def build(out: Path = DEFAULT_OUT) -> List[Dict[str, object]]:
    from xai_widgets._files import atomic_write
    from xai_widgets.export import _CSP, _PAGE_CSS
    from xai_widgets.notebook_export import _title, notebook_to_html
    from xai_widgets.notebook_export.cells import markdown_html

    notebooks = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
    if not notebooks:
        raise SystemExit(f"no notebooks in {NOTEBOOK_DIR}")
    out.mkdir(parents=True, exist_ok=True)
    text = covers()
    rows = []
    for k, path in enumerate(notebooks):
        nb = json.loads(path.read_text(encoding="utf-8"))
        nav = [("← course index", "index.html")]
        if k > 0:
            nav.append((f"← {notebooks[k - 1].stem}", notebooks[k - 1].stem + ".html"))
        if k + 1 < len(notebooks):
            nav.append((f"{notebooks[k + 1].stem} →", notebooks[k + 1].stem + ".html"))
        page, counts = notebook_to_html(nb, nav=nav)
        target = out / (path.stem + ".html")
        atomic_write(target, page)
        meta = nb.get("metadata", {}).get("xai_widgets", {})
        rows.append({"notebook": path.name, "page": target.name, "bytes": target.stat().st_size,
                     "title": _title(nb, path.name), "runtime_s": meta.get("runtime_s"),
                     "cpu_count": meta.get("cpu_count", "?"), "covers": text.get(path.name, ""), **counts})
    items = []
    for r in rows:
        items.append(
            f'<li class="xw-course"><h2><a href="{html.escape(r["page"])}">{html.escape(r["title"])}</a></h2>'
            f'<div class="xw-covers">{markdown_html(r["covers"])}</div>'
            f'<p class="xw-meta">Runs in {runtime_text(r["runtime_s"])} on a {r["cpu_count"]}-core CPU '
            f'(model cached) · {r["widgets"]} live widgets · page {r["bytes"] / 1e6:.1f} MB · '
            f'<code>{html.escape(r["notebook"])}</code></p></li>')
    index = (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>xai-widgets: the course</title>\n"
        f"<style>{_PAGE_CSS} .xw-courses {{ list-style: none; padding: 0; }} .xw-course {{ margin: 0 0 22px; }}"
        " .xw-course h2 { font-size: 18px; margin: 0 0 4px; } .xw-course a { color: inherit; }"
        " .xw-meta { font-size: 13px; opacity: .8; } .xw-covers p { margin: 4px 0; }</style>\n</head>\n<body>\n"
        '<main class="xw-page">\n<h1>xai-widgets: explaining pretrained models, the course</h1>\n'
        "<p>The tutorials in course order. Each page is the executed notebook with its widgets live (hover, click, "
        "sort) and works offline. To run them yourself: see the README of the repository.</p>\n"
        f'<ol class="xw-courses">{"".join(items)}</ol>\n'
        '</main>\n<script type="module">document.documentElement.dataset.xwReady = "1";</script>\n</body>\n</html>\n'
    )
    atomic_write(out / "index.html", index)
    return rows


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT
    rows = build(out)
    for r in rows:
        print(f"{r['page']}: {r['bytes'] / 1e6:.2f} MB, {r['widgets']}/{r['widget_outputs']} widgets live, "
              f"{r['bundles']} front-end modules")
    print(f"wrote {out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
