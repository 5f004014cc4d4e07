"""xai_widgets.export_notebook without a browser: sanitizing, markdown and formulas, widgets mounted from stored
state (binary buffers included), fallbacks where no state is stored, errors, and the nbconvert exporter."""
from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest

from xai_widgets.notebook_export import export_notebook, notebook_to_html
from xai_widgets.notebook_export.cells import markdown_html
from xai_widgets.notebook_export.sanitize import sanitize_html

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
STATE = "application/vnd.jupyter.widget-state+json"
HOSTILE = '<img src=x onerror=alert(1)><script>alert(2)</script><a href="javascript:alert(3)">x</a>'


def _nb(cells, state=None):
    nb = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    if state is not None:
        nb["metadata"]["widgets"] = {STATE: {"state": state, "version_major": 2, "version_minor": 0}}
    return nb


def _code(source, outputs, n=1):
    return {"cell_type": "code", "source": source, "outputs": outputs, "execution_count": n, "metadata": {}}


def _anywidget(esm="export default { render({ model, el }) { el.textContent = model.get('value'); } }", **state):
    return {"model_name": "AnyModel", "model_module": "anywidget", "model_module_version": "~0.9.*",
            "state": {"_esm": esm, "_css": ".x{color:red}", **state}}


def test_sanitizer_drops_scripts_handlers_and_unsafe_urls_but_keeps_tables_svg_and_details():
    out = sanitize_html(HOSTILE + '<table><tr><td style="color:red">1</td></tr></table>'
                        '<svg viewBox="0 0 1 1"><rect width="1" height="1" fill="#f00"/></svg>'
                        '<details><summary>Solution</summary><p>42</p></details>'
                        '<style>@import url(http://evil)</style><div style="background:url(http://x)">t</div>')
    assert "<script" not in out and "alert(2)" not in out and "onerror" not in out and "javascript:" not in out
    assert "http://" not in out
    assert '<td style="color:red">1</td>' in out and "<rect" in out and "<details><summary>Solution</summary>" in out
    assert sanitize_html("a &lt;b&gt; c") == "a &lt;b&gt; c"  # entities stay text
    with pytest.raises(TypeError, match="expects a str"):
        sanitize_html(None)


def test_markdown_renders_formulas_as_mathml_and_leaves_code_alone():
    out = markdown_html("The **sum** $\\phi_i = \\sum_j x_j$ and\n\n$$\\frac{a}{b}$$\n\nbut `$x$` is code, cost $5 and $6.")
    assert "<strong>sum</strong>" in out
    assert out.count("<math") == 2 and 'display="block"' in out
    assert "<code>$x$</code>" in out
    assert "cost $5 and $6" in out  # dollars in prose are not formulas
    assert "<script" not in markdown_html("hi <script>alert(1)</script>")


def test_widget_is_mounted_from_its_stored_state_with_buffers_and_module_inlined_once():
    payload = base64.b64encode(b"\x00\x00\x80?").decode()
    state = {"a": _anywidget(value="A"), "b": _anywidget(value="B")}
    state["b"]["buffers"] = [{"path": ["scores"], "data": payload, "encoding": "base64"}]
    view = lambda mid: {"output_type": "display_data", "metadata": {},  # noqa: E731
                        "data": {WIDGET_VIEW: {"model_id": mid, "version_major": 2}, "text/html": "<b>fallback</b>",
                                 "text/plain": "W()"}}
    nb = _nb([_code("w", [view("a"), view("b"), view("missing")])], state)
    page, counts = notebook_to_html(nb)
    assert counts == {"cells": 1, "widget_outputs": 3, "widgets": 2, "bundles": 1}
    assert page.count('class="xw-mount"') == 2
    assert page.count("el.textContent = model.get('value')") == 1  # the one module, once
    states = [json.loads(m) for m in re.findall(r'<script type="application/json" id="xw-state-\d+">(.*?)</script>',
                                                page)]
    assert [s["value"] for s in states] == ["A", "B"] and states[1]["scores"] == payload
    assert all("_esm" not in s for s in states)
    assert "<noscript><b>fallback</b></noscript>" in page
    assert '<div class="xw-html"><b>fallback</b></div>' in page  # no stored state: the static fallback shows


def test_text_outputs_are_escaped_and_images_kept():
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\x00" * 8).decode()
    nb = _nb([{"cell_type": "markdown", "source": "# Title <i>x</i>", "metadata": {}},
              _code(HOSTILE, [{"output_type": "stream", "name": "stdout", "text": HOSTILE + "\n"},
                              {"output_type": "execute_result", "execution_count": 1, "metadata": {},
                               "data": {"text/plain": HOSTILE}},
                              {"output_type": "display_data", "metadata": {}, "data": {"image/png": png}},
                              {"output_type": "display_data", "metadata": {}, "data": {"text/html": HOSTILE}}])])
    page, _ = notebook_to_html(nb)
    body = page.split("<body>")[1]
    assert "onerror=alert" not in body.replace("onerror=alert(1)&gt;", "")
    assert "<script>alert" not in body and 'href="javascript' not in body
    assert f'src="data:image/png;base64,{png}"' in body
    assert "<title>Title x</title>" in page


def test_export_notebook_writes_beside_the_notebook_and_refuses_bad_paths(tmp_path: Path):
    src = tmp_path / "n.ipynb"
    src.write_text(json.dumps(_nb([_code("1", [])])))
    out = export_notebook(src)
    assert out == tmp_path / "n.html" and out.read_text().startswith("<!DOCTYPE html>")
    assert export_notebook(src, tmp_path / "other.html") == tmp_path / "other.html"
    with pytest.raises(ValueError, match="overwrite the notebook"):
        export_notebook(src, src)
    with pytest.raises(FileNotFoundError, match="no notebook at"):
        export_notebook(tmp_path / "missing.ipynb")
    bad = tmp_path / "bad.ipynb"
    bad.write_text("{not json")
    with pytest.raises(ValueError, match="not a notebook"):
        export_notebook(bad)


def test_page_forbids_the_network():
    page, _ = notebook_to_html(_nb([_code("1", [])]))
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp
    assert not re.search(r'(src|href)="https?://', page)


def test_nbconvert_exporter_is_registered_and_writes_the_same_page(tmp_path: Path):
    nbconvert = pytest.importorskip("nbconvert")
    import nbformat

    exporter_cls = nbconvert.exporters.get_exporter("xai_widgets")
    nb = nbformat.from_dict(_nb([_code("x = 1", [{"output_type": "stream", "name": "stdout", "text": "42\n"}])],
                                {"a": _anywidget(value="A")}))
    body, resources = exporter_cls().from_notebook_node(nb)
    assert resources["output_extension"] == ".html" and resources["xai_widgets"]["cells"] == 1
    assert "42" in body and body.startswith("<!DOCTYPE html>")
