"""The offline course site (``make docs``) and ``xai_widgets.export_notebook`` in chromium with every network request
blocked: each page renders every stored widget live (no "could not render", no page error, no request leaving
file:), shows the numbers its notebook printed, and a widget exported from a real kernel answers a hover."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from xw_pages import token

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK_DIR = ROOT / "notebooks"
sys.path.insert(0, str(NOTEBOOK_DIR / "tools"))
import course_site  # noqa: E402  (notebooks/tools/course_site.py)

pytestmark = pytest.mark.browser
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    rows = course_site.build(out)
    return out, {r["notebook"]: r for r in rows}


def _printed_lines(nb_path: Path, limit: int = 6):
    """Up to ``limit`` stdout lines of the notebook that state a decimal number (what a reader compares)."""
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    lines = []
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stdout":
                text = "".join(out["text"]) if isinstance(out["text"], list) else out["text"]
                lines += [l.strip() for l in text.splitlines() if re.search(r"\d\.\d", l) and 8 < len(l.strip()) < 120]
    step = max(1, len(lines) // limit)
    return lines[::step][:limit]


def _wait_ready(page):
    page.wait_for_selector("html[data-xw-ready]", timeout=30000)


def test_index_lists_every_notebook_in_course_order_with_runtime(site, offline_page):
    out, rows = site
    offline_page.goto((out / "index.html").as_uri())
    _wait_ready(offline_page)
    links = offline_page.eval_on_selector_all(".xw-course h2 a", "els => els.map(e => e.getAttribute('href'))")
    assert links == [p.stem + ".html" for p in NOTEBOOKS]
    metas = offline_page.locator(".xw-meta").all_inner_texts()
    assert all(re.search(r"Runs in \d", m) for m in metas), metas
    assert not offline_page.blocked and not offline_page.errors


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_course_page_renders_its_widgets_and_numbers_offline(site, offline_page, nb_path):
    out, rows = site
    row = rows[nb_path.name]
    offline_page.goto((out / row["page"]).as_uri())
    _wait_ready(offline_page)
    assert offline_page.locator("[data-xw-error]").count() == 0, offline_page.locator(".xw-error").all_text_contents()
    assert not offline_page.errors, offline_page.errors
    assert not offline_page.blocked, offline_page.blocked
    assert row["widgets"] == row["widget_outputs"], "a widget output without stored state"
    rendered = offline_page.eval_on_selector_all(".xw-mount", "els => els.filter(e => e.childElementCount > 0).length")
    assert rendered == row["widgets"]
    text = " ".join(offline_page.inner_text("main").split())
    for line in _printed_lines(nb_path):
        assert " ".join(line.split()) in text, f"{nb_path.name}: printed line missing from the page: {line!r}"


def test_export_notebook_of_a_kernel_run_answers_a_hover_offline(tmp_path, offline_page):
    nbformat = pytest.importorskip("nbformat")
    pytest.importorskip("nbclient")
    sys.path.insert(0, str(NOTEBOOK_DIR / "tools"))
    import execute as nbexec

    from xai_widgets import export_notebook

    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Exported <b>live</b>\n\nA formula: $\\phi_i = x_i \\cdot g_i$."),
        nbformat.v4.new_code_cell(
            "import sys\nsys.path.insert(0, %r)\nfrom tiny_models import tiny_classifier\n"
            "import xai_widgets as xw\nm, tok = tiny_classifier('bert', seed=1, num_labels=2)\n"
            "model = xw.load_model(m, tok, labels=['negative', 'positive'])\n"
            "r = xw.explain('a good film', model=model, method='saliency')\n"
            "print('top token:', r.top_tokens(1)[0][0])\nr" % str(ROOT / "tests")),
    ])
    nbexec.execute(nb, tmp_path)
    src = tmp_path / "run.ipynb"
    nbformat.write(nb, str(src))
    page_path = export_notebook(src, tmp_path / "run.html")
    offline_page.goto(page_path.as_uri())
    _wait_ready(offline_page)
    assert offline_page.locator("[data-xw-error]").count() == 0
    assert offline_page.locator("math").count() == 1
    offline_page.hover(token(1))
    assert offline_page.evaluate("window.xaiWidgets.models[0].get('hovered')") == 1
    assert "top token:" in offline_page.inner_text("main")
    assert not offline_page.blocked and not offline_page.errors
