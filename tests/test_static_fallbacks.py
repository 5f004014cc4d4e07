"""Every widget and result type shows its explanation without JavaScript: the ``text/html`` of its mimebundle
parses as HTML, holds the picture (coloured token spans, SVG bars / heat cells / curves, or a PNG data URI of the
right size), loads nothing (no script, no http(s) resource) and escapes a hostile token."""
import base64
import io
import re
from html.parser import HTMLParser

import numpy as np
import pytest

import xai_widgets as xw
from xai_widgets.attention import AttentionMaps
from xai_widgets.results import Attribution, Comparison
from xai_widgets.views import VIEWS

from method_subjects import method_subjects
from test_adversarial_view_widget import make_example
from test_concept_report_widget import make_scores
from test_example_gallery_widget import make_set
from toy_bow import bow_adapter

EVIL = "<img src=x onerror=alert(1)>"


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.errors = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def error(self, message):  # pragma: no cover - old Pythons only
        self.errors.append(message)


def fallback(obj) -> str:
    out = obj._repr_mimebundle_()
    data = out[0] if isinstance(out, tuple) else out
    assert "text/html" in data, f"{type(obj).__name__} has no text/html fallback"
    return data["text/html"]


def check_safe(html: str):
    """Parses; no script, no event handler, no remote resource; the hostile token never appears as markup."""
    p = _Collect()
    p.feed(html)
    p.close()
    assert not p.errors
    tags = [t for t, _ in p.tags]
    assert "script" not in tags and "<script" not in html.lower()
    assert "<style" not in html.lower()
    assert not re.search(r"(src|href)\s*=\s*['\"]?\s*(https?:|//)", html, re.I)
    assert "https://" not in html
    assert "http://" not in html
    assert EVIL not in html
    for _, attrs in p.tags:
        assert not any(k.startswith("on") for k in attrs), attrs
    return p


def coloured_spans(html: str):
    return re.findall(r'<span style="background:(rgba\([^)]*\)|transparent)[^"]*" title="[^"]*">', html)


def svg_rects(html: str, cls=None):
    if cls:  # the rects inside <g class="cls">
        return re.findall(r"<rect ", html.split(f'<g class="{cls}">', 1)[1].split("</g>", 1)[0])
    return re.findall(r"<rect ", html)


def with_evil_token(attr: Attribution) -> Attribution:
    d = attr.to_json()
    tokens = list(d["tokens"])
    i = next(k for k, s in enumerate(d.get("special") or [False] * len(tokens)) if not s)
    tokens[i] = EVIL
    d["tokens"] = tokens
    return Attribution.from_json(d)


# ---------------------------------------------------------------------------------------------- subjects
@pytest.fixture(scope="module")
def subjects():
    return method_subjects()


@pytest.fixture(scope="module")
def text_attr(subjects):
    (model,), sentence, _ = subjects["text"]
    return with_evil_token(xw.explain(sentence, model=model, method="saliency"))


def test_token_attribution_and_its_widget_show_one_coloured_span_per_token(text_attr):
    n = sum(not s for s in text_attr.special)
    for obj in (text_attr, text_attr.widget()):
        html = fallback(obj)
        check_safe(html)
        assert len(coloured_spans(html)) >= n
        assert "&lt;img src=x onerror=alert(1)&gt;" in html
    # scores go in the title; the strongest token gets the strongest colour
    html = fallback(text_attr)
    alphas = [float(a) for a in re.findall(r"rgba\(\d+,\d+,\d+,([0-9.]+)\)", html)]
    assert max(alphas) == pytest.approx(0.75)


def test_comparison_has_one_row_of_spans_per_method(subjects):
    (model,), sentence, _ = subjects["text"]
    cmp = Comparison([xw.explain(sentence, model=model, method=m) for m in ("saliency", "gradient_x_input")])
    n = sum(not s for s in cmp.results[0].special)
    for obj in (cmp, cmp.widget()):
        html = fallback(obj)
        check_safe(html)
        assert html.count('<div class="xw-static"') == 2
        assert len(coloured_spans(html)) == 2 * n


def test_tabular_attribution_is_a_bar_chart(subjects):
    (net, _, _), x, _ = subjects["tabular"]
    attr = xw.explain(x, model=net, method="saliency")
    for obj in (attr, attr.widget()):
        html = fallback(obj)
        check_safe(html)
        assert html.startswith("<svg") or "<svg" in html
        assert len(svg_rects(html)) == min(20, len(attr.tokens))


def test_global_explanation_is_a_bar_chart_with_escaped_names(subjects):
    (_, _, lr), X, y = subjects["global"]
    g = xw.explain_global(model=lr, X=X, y=y, method="permutation_importance")
    g.feature_names = [EVIL] + list(g.feature_names[1:])
    for obj in (g, g.widget()):
        html = fallback(obj)
        check_safe(html)
        assert len(svg_rects(html)) == min(20, len(g.feature_names))
        assert "&lt;img" in html


def test_image_attribution_is_a_png_of_the_image_size(subjects):
    from PIL import Image

    (model,), picture, _ = subjects["image"]
    attr = xw.explain(picture, model=model, method="saliency")
    for obj in (attr, attr.widget()):
        html = fallback(obj)
        check_safe(html)
        uris = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html)
        assert len(uris) >= 2
        with Image.open(io.BytesIO(base64.b64decode(uris[-1]))) as im:
            assert im.size == (attr.image.shape[1], attr.image.shape[0])


def make_maps(n=6, layers=2, heads=3):
    rng = np.random.default_rng(0)
    a = rng.random((layers, heads, n, n)).astype(np.float32)
    a /= a.sum(-1, keepdims=True)
    tokens = ["[CLS]", EVIL] + [f"w{i}" for i in range(n - 3)] + ["[SEP]"]
    return AttentionMaps(text="hand-made", tokens=tokens, attentions=a,
                         special=[t in ("[CLS]", "[SEP]") for t in tokens], model_name=EVIL)


def test_attention_maps_show_a_heat_matrix_and_the_head_table():
    maps = make_maps()
    for obj in (maps, maps.widget()):
        html = fallback(obj)
        check_safe(html)
        assert len(svg_rects(html, "xw-cells")) == 36
        assert html.count("<tr>") == 1 + 2 * 3  # header + one row per head
    big = make_maps(n=100, layers=1, heads=1)
    html = fallback(big)
    check_safe(html)
    assert len(svg_rects(html, "xw-cells")) == 32 * 32
    assert "showing the first 32 x 32 of 100 x 100" in html
    assert len(html) < 80_000


def test_evaluation_report_has_the_table_and_curves_with_a_legend():
    res = xw.evaluate(bow_adapter(), ["the film is great", "the plot is dull", "a great plot"],
                      methods=["gradient_x_input", "saliency"])
    for obj in (res, res.widget()):
        html = fallback(obj)
        check_safe(html)
        assert "<table" in html
        assert html.count('<polyline class="xw-line"') == 4  # 2 methods x (deletion, insertion)
        assert html.count('class="xw-legend"') == 4
        assert "saliency (insertion)" in html


def test_concept_scores_have_table_and_bars():
    s = make_scores()
    for obj in (s, s.widget()):
        html = fallback(obj)
        check_safe(html)
        assert "<table" in html and len(svg_rects(html)) == 4  # 2 concepts x 2 layers


def test_example_set_and_gallery_have_table_and_score_bars():
    s = make_set()
    for obj in (s, s.widget()):
        html = fallback(obj)
        check_safe(html)
        assert "<table" in html and len(svg_rects(html)) == len(s.texts)


def test_adversarial_example_marks_the_changed_words_and_summary_has_bars():
    ex = make_example()
    for obj in (ex, ex.widget()):
        html = fallback(obj)
        check_safe(html)
        assert html.count("title='changed'") == 4  # two words, in the original and in the adversarial text
    summary = xw.AttackSummary(methods=["synonym"], examples={"synonym": [ex]})
    html = fallback(summary)
    check_safe(html)
    assert len(svg_rects(html)) == 1


def test_what_if_shows_the_tokens(subjects):
    (model,), _, _ = subjects["text"]
    w = xw.what_if(f"a great film {EVIL}", model=model)
    html = fallback(w)
    check_safe(html)
    assert len(coloured_spans(html)) >= 3


# ---------------------------------------------------------------------------------------------- coverage
PLACEHOLDER = "This view needs JavaScript"


def test_every_registered_view_and_widget_class_has_its_own_fallback():
    """A new widget (registered view or class in xai_widgets.widgets) must override ``_static_html``, and one
    of the tests above must show it."""
    import importlib
    import inspect
    import pkgutil

    import xai_widgets.widgets as pkg
    from xai_widgets.widgets.base import XaiWidget

    classes = {VIEWS.get(name) for name in VIEWS.names()}
    for mod in pkgutil.iter_modules(pkg.__path__):
        m = importlib.import_module(f"xai_widgets.widgets.{mod.name}")
        classes |= {c for _, c in inspect.getmembers(m, inspect.isclass)
                    if issubclass(c, XaiWidget) and c is not XaiWidget and c.__module__ == m.__name__}
    tested = {"TokenHighlight", "FeatureImportance", "AttentionExplorer", "EvaluationReport", "ImageHeatmap",
              "ConceptReport", "ExampleGallery", "AdversarialView", "WhatIf"}
    names = {c.__name__ for c in classes}
    assert names <= tested, f"widgets without a static-fallback test: {sorted(names - tested)}"
    for c in classes:
        assert c._static_html is not XaiWidget._static_html, f"{c.__name__} shows only the placeholder"
