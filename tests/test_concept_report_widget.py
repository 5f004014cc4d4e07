"""ConceptReport: widget state from a ConceptScores, selection helpers, trait validation and the offline page (no
browser needed). ``make_scores()`` builds a small hand-made ConceptScores (also used by the browser test)."""
import json
import re

import numpy as np
import pytest

import xai_widgets as xw
from xai_widgets import export
from xai_widgets.results.concept_scores import ConceptScores

BUNDLE = export.STATIC_DIR / "concept_report.js"
needs_bundle = pytest.mark.skipif(not BUNDLE.is_file(), reason="front end not built: cd js && npm ci && npm run build")

EVIL = "<img src=x onerror=alert(1)>"
EXAMPLES = ["a great film", "a dull plot", "warm and funny", "the worst film", "fine acting",
            "<b>bold</b> claims", "an ok story"]


def make_scores(**over) -> ConceptScores:
    """2 concepts x 2 layers x 4 random runs, 7 examples: "positive" is significant at layer 1 (by the runs' t-test
    and the set test) and its CAV good; the second concept (named like an HTML tag) is not significant and its CAV at
    layer 3 near chance."""
    C, L, R = 2, 2, 4
    scores = np.array([[[0.9, 0.85, 0.95, 0.9], [0.6, 0.5, 0.7, 0.4]],
                       [[0.5, 0.45, 0.55, 0.6], [0.3, 0.7, 0.5, 0.5]]])
    random_scores = np.array([[0.4, 0.6, 0.5, 0.55], [0.2, 0.8, 0.6, 0.4]])
    cav_accuracy = np.array([[[0.95] * R, [0.9] * R], [[0.8] * R, [0.5, 0.55, np.nan, 0.52]]])
    rng = np.random.default_rng(0)
    n = len(EXAMPLES)
    tokens = [["[CLS]", *e.replace("<b>", "<b> ").split(), "[SEP]"] for e in EXAMPLES]
    alignment = np.stack([np.stack([np.linspace(-0.3, 0.6, n)[rng.permutation(n)] for _ in range(L)]) for _ in range(C)])
    d = dict(
        concepts=["positive", EVIL], layers=[1, 3], layer_names=["encoder.layer.1", "encoder.layer.3"], n_layers=4,
        target=1, labels=["negative", "positive"], scores=scores, random_scores=random_scores,
        cav_accuracy=cav_accuracy, random_accuracy=np.full((L, R), 0.5),
        p_values=np.array([[0.0004, 0.5], [0.9, 0.7]]), p_holm=np.array([[0.0016, 1.0], [1.0, 1.0]]), alpha=0.05,
        p_set=np.array([[0.004, 0.06], [0.95, 0.8]]), p_set_holm=np.array([[0.016, 0.24], [1.0, 1.0]]),
        examples=list(EXAMPLES), example_tokens=tokens, example_special=[[t in ("[CLS]", "[SEP]") for t in ts] for ts in tokens],
        example_outputs=rng.normal(size=n), example_probabilities=np.tile([0.3, 0.7], (n, 1)),
        sensitivity=rng.normal(size=(C, L, n)), alignment=alignment,
        token_sensitivity=[rng.normal(size=(C, L, len(ts))) for ts in tokens],
        concept_sizes={"positive": 30, EVIL: 12}, random_set_size=30,
        params={"random_concepts": R, "cav": "logistic", "pooling": "mean", "output": "logit", "seed": 0},
        model_name="hand-made")
    d.update(over)
    return ConceptScores(**d)


@pytest.fixture
def scores():
    return make_scores()


@needs_bundle
def test_widget_state_from_concept_scores(scores):
    w = scores.widget(theme="dark")
    assert type(w).__name__ == "ConceptReport"
    assert w.data == json.loads(json.dumps(scores.to_json()))  # the whole result, JSON-safe (NaN -> None)
    assert w.data["cav_accuracy"][1][1][2] is None
    assert w.data["p_set_holm"] == [[0.016, 0.24], [1.0, 1.0]] and w.data["p_set"][0][0] == 0.004
    assert w.data["significant_set"] == [[True, False], [False, False]]
    assert (w.concept_index, w.layer_index, w.example, w.k, w.theme) == (-1, -1, -1, 5, "dark")
    assert w.selected is None
    assert "render" in str(w._esm)
    name, state = w._export_spec()
    assert name == "concept_report"
    assert set(state) == {"data", "concept_index", "layer_index", "example", "k", "theme"}
    json.dumps(state, allow_nan=False)
    assert "concept_report" in repr(w) or "ConceptReport" in repr(w)
    # from the to_json() dict too
    again = xw.widgets.concept_report.ConceptReport(scores.to_json())
    assert again.data == w.data and again.scores.concepts == scores.concepts


@needs_bundle
def test_select_by_name_and_layer_and_the_helpers(scores):
    from xai_widgets.widgets.concept_report import ConceptReport
    from xai_widgets.widgets.token_highlight import TokenHighlight

    w = ConceptReport(scores, concept="positive", layer=-1, example=2, k=3)  # -1: the last of 4 layers (3)
    assert (w.concept_index, w.layer_index, w.example, w.k) == (0, 1, 2, 3)
    assert w.selected == ("positive", 3)
    df = w.aligned_examples()
    expected = scores.aligned_examples("positive", 3, k=3)
    assert df.equals(expected) and len(df) == 6
    th = w.token_highlight()
    assert isinstance(th, TokenHighlight)
    np.testing.assert_allclose(th.results[0]["scores"][0], scores.token_sensitivity[2][0, 1])
    assert th.results[0]["tokens"] == scores.example_tokens[2]
    w.select(EVIL, 1)
    assert (w.concept_index, w.layer_index, w.example) == (1, 0, -1)
    w.select()
    assert w.selected is None and (w.concept_index, w.layer_index, w.example) == (-1, -1, -1)
    other = make_scores(concepts=["a", "b"], concept_sizes={})
    w.select("positive", 1)
    w.set_scores(other)
    assert w.data["concepts"] == ["a", "b"] and w.selected is None
    # data assigned directly (as a front end or a user may): the helpers follow, an out-of-range selection clears
    w.select("b", 3, example=6)
    w.data = make_scores(concepts=["x"], scores=np.full((1, 2, 4), 0.5), p_values=np.ones((1, 2)),
                         p_holm=np.ones((1, 2)), p_set=np.ones((1, 2)), p_set_holm=np.ones((1, 2)), cav_accuracy=np.full((1, 2, 4), 0.9), sensitivity=np.zeros((1, 2, 7)),
                         alignment=np.zeros((1, 2, 7)), token_sensitivity=[np.zeros((1, 2, len(t))) for t in
                                                                          make_scores().example_tokens],
                         concept_sizes={}).to_json()
    assert w.scores.concepts == ["x"] and (w.concept_index, w.layer_index, w.example) == (-1, -1, -1)


@needs_bundle
def test_trait_and_argument_validation(scores):
    from xai_widgets.widgets.concept_report import ConceptReport

    w = ConceptReport(scores)
    with pytest.raises(Exception, match="theme"):
        w.theme = "sepia"
    with pytest.raises(Exception, match="concept_index"):
        w.concept_index = 2
    with pytest.raises(Exception, match="layer_index"):
        w.layer_index = -3
    with pytest.raises(Exception, match="example"):
        w.example = 7
    with pytest.raises(Exception, match="k must be a positive"):
        w.k = 0
    w.concept_index, w.layer_index, w.example = 1, 1, 6  # in range: accepted
    with pytest.raises(ValueError, match="unknown concept 'neutral'"):
        w.select("neutral", 1)
    with pytest.raises(ValueError, match="layer 2 was not tested"):
        w.select("positive", 2)
    with pytest.raises(ValueError, match="both concept and layer"):
        w.select("positive")
    with pytest.raises(ValueError, match="out of range"):
        w.select("positive", 1, example=9)
    with pytest.raises(ValueError, match="no cell is selected"):
        ConceptReport(scores).aligned_examples()
    with pytest.raises(ValueError, match="no example is selected"):
        ConceptReport(scores, concept="positive", layer=1).token_highlight()
    with pytest.raises(TypeError, match="ConceptScores"):
        ConceptReport(42)
    with pytest.raises(ValueError, match="lacks"):
        ConceptReport({"concepts": ["a"]})
    bad = scores.to_json()
    bad["alignment"] = [row[:1] for row in bad["alignment"]]
    with pytest.raises(ValueError, match="alignment has shape"):
        ConceptReport(bad)
    with pytest.raises(Exception, match="lacks"):
        w.data = {"concepts": []}
    with pytest.raises(Exception, match="theme"):
        ConceptReport(scores, theme="sepia")


@needs_bundle
def test_export_page_is_offline_and_inert(scores, tmp_path):
    path = xw.save_html(tmp_path / "tcav.html", scores, title="TCAV <report>")
    html = path.read_text(encoding="utf-8")
    assert html.count('id="xw-bundle-concept_report"') == 1
    assert html.count('class="xw-mount"') == 1
    assert not re.search(r"https?://", html)  # nothing to fetch from anywhere
    assert "<img" not in html  # the concept named like a tag is only JSON (escaped) and escaped fallback HTML
    assert html.lower().count("</script>") == html.lower().count("<script")
    state = json.loads(re.search(r'<script type="application/json" id="xw-state-0">(.*?)</script>', html, re.S).group(1))
    assert state["data"]["concepts"][1] == EVIL and state["concept_index"] == -1
    noscript = html.split("<noscript>")[1].split("</noscript>")[0]
    assert "&lt;img src=x onerror=alert(1)&gt;" in noscript and "near chance" in noscript
    # the result's own to_html and a widget with a selection
    out = scores.to_html(tmp_path / "r.html")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    w = scores.widget(concept="positive", layer=1, example=0)
    html = export.to_html_string(w)
    state = json.loads(re.search(r'id="xw-state-0">(.*?)</script>', html, re.S).group(1))
    assert (state["concept_index"], state["layer_index"], state["example"]) == (0, 0, 0)
    bundle = scores._repr_mimebundle_()
    assert {"application/vnd.jupyter.widget-view+json", "text/html", "text/plain"} <= set(bundle)
    assert "<script" not in bundle["text/html"]


def test_widget_module_does_not_import_torch():
    from xai_widgets.widgets import concept_report

    text = open(concept_report.__file__, encoding="utf-8").read()
    assert not re.search(r"^\s*(import|from)\s+(torch|transformers)\b", text, re.M)


@needs_bundle
def test_a_real_concept_test_on_a_tiny_bert(tiny_bert):
    from xai_widgets.widgets.concept_report import ConceptReport

    words = ["good", "great", "fine", "nice", "happy", "bad", "awful", "sad", "poor", "dull", "table", "river", "green",
             "seven", "window", "paper"]
    r = xw.concept_test({"nice words": words[:5], "sad words": words[5:10]}, model=tiny_bert, target="positive",
                        layers=[0, 1], random_concepts=3, examples=EXAMPLES[:5], random_pool=words[8:] + EXAMPLES)
    w = ConceptReport(r, concept="sad words", layer=1, example=4)
    d = w.data
    assert d["concepts"] == ["nice words", "sad words"] and d["layers"] == [0, 1]
    assert np.shape(d["scores"]) == (2, 2, 3) and len(d["token_sensitivity"]) == 5
    assert len(d["token_sensitivity"][4][1][1]) == len(d["example_tokens"][4])
    assert w.selected == ("sad words", 1) and len(w.aligned_examples()) == 10
    html = export.to_html_string(r)
    assert not re.search(r"https?://", html)
