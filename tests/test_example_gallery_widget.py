"""ExampleGallery: widget state from an ExampleSet (hand-made, and from influence / self-influence / prototypes on a
tiny BERT), the rows that get token attributions (equal to ``xw.explain``), validation errors, the selection helpers,
no mutation of the result passed, and the offline page (no browser needed). ``make_set()`` and ``tiny_bert2()`` are
shared with the browser test."""
import copy
import functools
import json
import re

import pytest

import xai_widgets as xw
from tiny_models import tiny_classifier
from xai_widgets import export

BUNDLE = export.STATIC_DIR / "example_gallery.js"
needs_bundle = pytest.mark.skipif(not BUNDLE.is_file(), reason="front end not built: cd js && npm ci && npm run build")

EVIL = "<img src=x onerror=alert(1)>"
TRAIN = ["a great film", "a dull plot", "the cast is fun", "boring and slow", "a fine story", "not good at all",
         "lovely music", "the worst movie", "an honest drama", "weak and empty"]
LABELS = [1, 0, 1, 0, 1, 0, 1, 0, 1, 0]
QUERY = "a great cast and a dull plot"


@functools.lru_cache(maxsize=None)
def tiny_bert2():
    model, tok = tiny_classifier("bert", seed=3, num_labels=2)
    return xw.load_model(model, tok, labels=["negative", "positive"])


def make_set(model_name="hand-made", **over) -> xw.ExampleSet:
    """Six rows of three kinds (one named like an HTML tag), two misclassified, a text that is an HTML tag."""
    d = dict(kind="influence", method="tracin", query=QUERY, query_prediction="positive",
             labels=["negative", "positive"], indices=[0, 2, 4, 5, 9, 1],
             texts=["a great film", "the cast is fun", EVIL, "not good at all", "weak and empty", "a dull plot"],
             example_labels=["positive", "positive", "positive", "negative", "negative", "negative"],
             predictions=["positive", "negative", "positive", "negative", "positive", "negative"],
             scores=[0.9, 0.5, 0.25, -0.7, -0.3, 0.05], kinds=["proponent", "proponent", "proponent", "opponent",
                                                               "opponent", "cluster <3>"],
             params={"method": "tracin", "k": 3, "layers": "top"}, diagnostics={"n_train": 10},
             model_name=model_name)
    d.update(over)
    return xw.ExampleSet(**d)


def same_attribution(a, b):
    """Equal Attribution.to_json() dicts, but for the measured seconds."""
    strip = lambda d: {**d, "diagnostics": {k: v for k, v in d["diagnostics"].items() if k != "seconds"}}  # noqa: E731
    return strip(a) == strip(b)


@pytest.fixture(scope="module")
def bert2():
    return tiny_bert2()


@needs_bundle
def test_widget_state_from_a_hand_made_set():
    from xai_widgets.widgets.example_gallery import ExampleGallery

    es = make_set()
    w = es.widget(theme="dark")  # through the view registry, default attribution="occlusion", model None
    assert isinstance(w, ExampleGallery)
    assert w.data == json.loads(json.dumps(es.to_json()))
    # the examples come from another model than the embedded default: no attribution, and a note saying why
    assert w.attributions == [None] * 6 and w.query_attribution is None
    assert "hand-made" in w.attribution_note and "model=" in w.attribution_note
    assert (w.attribution, w.max_attributions, w.selected, w.theme) == ("occlusion", 20, -1, "dark")
    assert "render" in str(w._esm)
    name, state = w._export_spec()
    assert name == "example_gallery"
    assert set(state) == {"data", "attributions", "query_attribution", "attribution", "attribution_note",
                          "max_attributions", "selected", "theme"}
    json.dumps(state, allow_nan=False)
    text_only = ExampleGallery(es.to_json(), attribution=None)  # from the to_json() dict, text only
    assert text_only.data == w.data and text_only.attribution is None and text_only.attribution_note == ""
    assert "ExampleGallery(kind='influence'" in repr(text_only)
    df = text_only.to_pandas()
    assert list(df.columns) == ["row", "rank", "index", "text", "label", "prediction", "score", "kind",
                                "misclassified", "attributed"]
    assert list(df["rank"]) == [1, 2, 3, 1, 2, 1] and list(df["misclassified"]) == [False, True, False, False, True,
                                                                                    False]
    # any kind strings (clusters, self-influence) and a score missing (NaN -> None)
    clusters = make_set(kind="clusters", method="kmeans", query="", query_prediction="",
                        kinds=["cluster 3", "cluster 3", "cluster 0", "cluster 1", "cluster 0", "cluster 1"],
                        scores=[1.0, float("nan"), 0.5, 0.2, 0.1, 0.0])
    cw = ExampleGallery(clusters, attribution=None)
    assert cw.data["scores"][1] is None and cw.data["kinds"][0] == "cluster 3"
    assert "n/a" in cw._static_html()


@needs_bundle
def test_validation_errors_name_what_is_wrong(bert2):
    from xai_widgets.widgets.example_gallery import ExampleGallery

    es = make_set()
    with pytest.raises(TypeError, match="ExampleSet"):
        ExampleGallery(42)
    with pytest.raises(ValueError, match=r"lacks \['kinds'\]"):
        ExampleGallery({k: v for k, v in es.to_json().items() if k != "kinds"})
    bad = es.to_json()
    bad["scores"] = bad["scores"][:4]
    bad["kinds"] = bad["kinds"][:5]
    with pytest.raises(ValueError, match=r"scores has 4 entries, kinds has 5 entries; every list needs one entry per "
                                         r"example \(6 texts\)"):
        ExampleGallery(bad)
    with pytest.raises(ValueError, match=r"scores\[2\] = 'high' is not a number"):
        ExampleGallery({**es.to_json(), "scores": [0.1, 0.2, "high", 0.3, 0.4, 0.5]})
    with pytest.raises(ValueError, match=r"kinds\[0\] is a int; kinds must be strings"):
        ExampleGallery({**es.to_json(), "kinds": [3, "a", "a", "a", "a", "a"]})
    with pytest.raises(ValueError, match="texts must be a list"):
        ExampleGallery({**es.to_json(), "texts": "one text"})
    with pytest.raises(ValueError, match="max_attributions must be a number of rows >= 0"):
        ExampleGallery(es, max_attributions=-1)
    with pytest.raises(ValueError, match="max_attributions"):
        ExampleGallery(es, max_attributions=True)
    with pytest.raises(TypeError, match="attribution must be a method name"):
        ExampleGallery(es, attribution=3)
    with pytest.raises(TypeError, match="attribution_params must be a dict"):
        ExampleGallery(es, attribution_params=[1])
    with pytest.raises(ValueError, match="unknown method 'nope'; available"):
        ExampleGallery(es, model=bert2, attribution="nope")
    with pytest.raises(xw.CapabilityError, match="kmeans"):
        ExampleGallery(es, model=bert2, attribution="kmeans")  # a global method: no token attributions
    with pytest.raises(TypeError, match="unknown parameter"):
        ExampleGallery(es, model=bert2, attribution_params={"bogus": 1})
    with pytest.raises(Exception, match="theme"):
        ExampleGallery(es, attribution=None, theme="sepia")
    w = ExampleGallery(es, attribution=None)
    with pytest.raises(Exception, match=r"selected must be -1 \(none\) or a row in 0..5; got 6"):
        w.selected = 6
    with pytest.raises(Exception, match="selected must be"):
        w.selected = -2
    with pytest.raises(Exception, match=r"one entry \(an attribution dict or None\) per example \(6\)"):
        w.attributions = [None]
    with pytest.raises(Exception, match=r"attributions\[1\] must be None or an Attribution.to_json\(\) dict"):
        w.attributions = [None, {"text": "x"}, None, None, None, None]
    with pytest.raises(Exception, match="lacks"):
        w.data = {"texts": []}
    with pytest.raises(ValueError, match="row must be an index in 0..5"):
        w.select(6)
    with pytest.raises(ValueError, match="no row is selected"):
        w.token_highlight()
    with pytest.raises(ValueError, match="row 0 has no token attribution"):
        w.token_highlight(0)
    with pytest.raises(ValueError, match="the query has no token attribution"):
        w.token_highlight("query")


def test_attribution_rows_take_the_best_ranked_of_every_kind_first():
    from xai_widgets.widgets.example_gallery import attribution_rows

    kinds = ["a", "a", "a", "b", "b", "c"]
    assert attribution_rows(kinds, 4) == [0, 1, 3, 5]  # rank 1 of a, b, c, then rank 2 of a
    assert attribution_rows(kinds, 2) == [0, 3]
    assert attribution_rows(kinds, 40) == list(range(6))
    assert attribution_rows(kinds, 0) == []


@needs_bundle
def test_attributions_are_xw_explain_for_the_query_and_the_chosen_rows(bert2):
    from xai_widgets.widgets.example_gallery import ExampleGallery

    es = make_set(model_name=bert2.name)
    before = copy.deepcopy(es.to_json())
    w = ExampleGallery(es, model=bert2, max_attributions=4)
    assert [a is not None for a in w.attributions] == [True, True, False, True, False, True]
    for i in (0, 1, 3, 5):
        ref = xw.explain(es.texts[i], model=bert2, method="occlusion").to_json()
        assert same_attribution(w.attributions[i], ref), i
        assert w.attributions[i]["targets"] == [ref["predicted"]]  # toward the model's predicted class
    assert same_attribution(w.query_attribution, xw.explain(QUERY, model=bert2, method="occlusion").to_json())
    assert w.attribution_note == "" and list(w.to_pandas()["attributed"]) == [True, True, False, True, False, True]
    assert es.to_json() == before  # the result passed is untouched
    # another method with its parameters; max_attributions=0 attributes the query only
    sal = ExampleGallery(es, model=bert2, attribution="gradient_x_input", max_attributions=0)
    assert sal.attributions == [None] * 6 and sal.query_attribution["method"] == "gradient_x_input"
    occ = ExampleGallery(es, model=bert2, max_attributions=1, attribution_params={"window": 2})
    ref = xw.explain(es.texts[0], model=bert2, method="occlusion", window=2).to_json()
    assert same_attribution(occ.attributions[0], ref) and occ.attributions[1] is None
    # helpers on the selection
    w.select(-1)
    assert w.selected == 5 and w.selected_example["text"] == "a dull plot"
    assert w.selected_example["kind"] == "cluster <3>"
    th = w.token_highlight()
    assert type(th).__name__ == "TokenHighlight" and th.results[0]["tokens"] == w.attributions[5]["tokens"]
    assert w.token_highlight("query").results[0]["text"] == QUERY
    w.select(None)
    assert w.selected == -1 and w.selected_example is None


@needs_bundle
def test_real_example_sets_on_a_tiny_bert_and_no_mutation(bert2):
    from xai_widgets.widgets.example_gallery import ExampleGallery

    r = xw.influence(QUERY, model=bert2, method="tracin", k=3, train=(TRAIN, LABELS))
    before = copy.deepcopy(r.to_json())
    w = ExampleGallery(r, model=bert2)
    assert set(w.data["kinds"]) == {"proponent", "opponent"} and len(w.attributions) == len(r.texts)
    assert all(a is not None and a["text"] == t for a, t in zip(w.attributions, r.texts))
    assert w.query_attribution["text"] == QUERY
    assert r.to_json() == before and w.result is not r and w.data["texts"] is not r.texts
    w.data["texts"][0] = "changed"  # the widget's copy, not the result's
    assert r.texts[0] == before["texts"][0]
    d = r.to_json()
    d_before = copy.deepcopy(d)
    ExampleGallery(d, model=bert2, max_attributions=2)
    assert d == d_before
    s = xw.self_influence(model=bert2, train=(TRAIN, LABELS), k=4)
    sw = ExampleGallery(s, model=bert2, max_attributions=3)
    assert sw.query_attribution is None and [a is not None for a in sw.attributions] == [True, True, True, False]
    p = xw.prototypes(model=bert2, texts=TRAIN, labels=LABELS, n_prototypes=2, n_criticisms=1)
    pw = ExampleGallery(p, model=bert2, attribution=None)
    assert set(pw.data["kinds"]) == {"prototype", "criticism"} and pw.attributions == [None] * len(p.texts)


@needs_bundle
def test_data_assigned_directly_and_set_result(bert2):
    from xai_widgets.widgets.example_gallery import ExampleGallery

    es = make_set(model_name=bert2.name)
    w = ExampleGallery(es, model=bert2, max_attributions=2)
    w.select(0)
    other = make_set(model_name=bert2.name, texts=["x one", "y two", "z three", "w four", "v five", "u six"])
    w.data = other.to_json()  # as a front end or a user may: the old attributions no longer fit
    assert w.selected == -1 and w.attributions == [None] * 6 and w.query_attribution is None
    assert "set_result" in w.attribution_note and w.result.texts[0] == "x one"
    w.set_result(other)
    assert w.attribution_note == "" and w.attributions[0]["text"] == "x one" and w.attributions[3]["text"] == "w four"
    assert [a is not None for a in w.attributions].count(True) == 2


@needs_bundle
def test_export_page_is_offline_and_inert(tmp_path):
    from xai_widgets.widgets.example_gallery import ExampleGallery

    es = make_set()
    w = ExampleGallery(es, attribution=None, selected=1)
    path = xw.save_html(tmp_path / "gallery.html", w, title="Examples <test>")
    html = path.read_text(encoding="utf-8")
    assert html.count('id="xw-bundle-example_gallery"') == 1 and html.count('class="xw-mount"') == 1
    assert not re.search(r"https?://", html)  # nothing to fetch from anywhere
    assert "<img" not in html  # the text that is a tag is only JSON (escaped) and escaped fallback HTML
    assert html.lower().count("</script>") == html.lower().count("<script")
    state = json.loads(re.search(r'id="xw-state-0">(.*?)</script>', html, re.S).group(1))
    assert state["data"]["texts"][2] == EVIL and state["selected"] == 1 and state["attribution"] is None
    noscript = html.split("<noscript>")[1].split("</noscript>")[0]
    assert "&lt;img src=x onerror=alert(1)&gt;" in noscript and "cluster &lt;3&gt;" in noscript
    assert "<th>rank</th><th>text</th><th>label</th><th>prediction</th><th>score</th><th>kind</th>" in noscript
    assert "+0.9" in noscript and "-0.7" in noscript and noscript.count("\u2717") == 3  # 2 rows + the key
    # the result's own to_html (its widget through the registry) and the widget's mime bundle
    out = es.to_html(tmp_path / "r.html")
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'data-widget="example_gallery"' in page
    assert not re.search(r"https?://", page)
    bundle = es._repr_mimebundle_()  # the result's: its widget, with the static table as text/html
    assert {"application/vnd.jupyter.widget-view+json", "text/html", "text/plain"} <= set(bundle)
    data, _ = w._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data
    static = data["text/html"]
    assert "<script" not in static and "&lt;img" in static and "<th>score</th>" in static


def test_widget_module_does_not_import_torch():
    from xai_widgets.widgets import example_gallery

    text = open(example_gallery.__file__, encoding="utf-8").read()
    assert not re.search(r"^\s*(import|from)\s+(torch|transformers)\b", text, re.M)
