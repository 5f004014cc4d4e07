"""TokenHighlight traits and validation, and the offline page structure (no browser needed)."""
import json
import re

import numpy as np
import pytest

from xai_widgets import export
from xai_widgets.widgets import TokenHighlight
from xai_widgets.widgets import token_highlight as th

needs_bundle = pytest.mark.skipif(not th.BUNDLE.is_file(), reason="front end not built: cd js && npm ci && npm run build")


def result(method="integrated_gradients", text="A fine film", **over):
    d = {
        "method": method, "method_label": method.replace("_", " ").title(), "text": text,
        "tokens": ["[CLS]", "A", "fine", "film", "[SEP]"], "special": [True, False, False, False, True],
        "word_start": [True] * 5, "targets": [1, 0],
        "scores": [[0.0, 0.1, 0.7, -0.2, 0.0], [0.0, -0.1, -0.7, 0.2, 0.0]], "signed": True,
        "labels": ["negative", "positive"], "probabilities": [0.1, 0.9], "predicted": 1,
        "truncated": False, "n_truncated_tokens": 0, "max_length": 512, "params": {}, "diagnostics": {},
        "model_name": "m",
    }
    d.update(over)
    return d


class FakeAttribution:
    """Duck-typed stand-in for results.Attribution: only to_json() is used."""

    def __init__(self, **over):
        self.data = result(**over)

    def to_json(self):
        return dict(self.data, scores=np.asarray(self.data["scores"]))


class FakeComparison(list):
    def to_json(self):
        return [r.to_json() for r in self]


@needs_bundle
def test_traits_from_dicts_and_objects():
    w = TokenHighlight([result(), FakeAttribution(method="saliency", signed=False)], method_index=1, view="grid",
                       theme="dark")
    assert [r["method"] for r in w.results] == ["integrated_gradients", "saliency"]
    assert w.results[1]["scores"][0] == [0.0, 0.1, 0.7, -0.2, 0.0]  # numpy made plain
    assert (w.method_index, w.target, w.view, w.theme, w.hovered) == (1, -1, "grid", "dark", -1)
    assert "render" in str(w._esm)  # the bundle's source is what the front end imports
    name, state = w._export_spec()
    assert name == "token_highlight" and state["results"] == w.results and state["view"] == "grid"
    json.dumps(state, allow_nan=False)


@needs_bundle
def test_single_result_and_comparison_inputs():
    assert len(TokenHighlight(result()).results) == 1
    assert len(TokenHighlight(FakeAttribution()).results) == 1
    comp = FakeComparison([FakeAttribution(), FakeAttribution(method="occlusion")])
    assert [r["method"] for r in TokenHighlight(comp).results] == ["integrated_gradients", "occlusion"]


@needs_bundle
def test_target_by_label_or_index():
    assert TokenHighlight(result(), target="negative").target == 0
    assert TokenHighlight(result(), target=1).target == 1
    assert TokenHighlight(result(), target=None).target == -1
    with pytest.raises(ValueError, match=r"unknown target 'neutral'; labels are \['negative', 'positive'\]"):
        TokenHighlight(result(), target="neutral")
    with pytest.raises(ValueError, match="out of range"):
        TokenHighlight(result(), target=5)
    with pytest.raises(ValueError, match="no result has scores for class 0"):
        TokenHighlight(result(targets=[1], scores=[[0, 1, 2, 3, 0]]), target="negative")
    w = TokenHighlight(result())
    w.set_target("negative")
    assert w.target == 0


@needs_bundle
def test_invalid_inputs():
    with pytest.raises(ValueError, match="no results"):
        TokenHighlight([])
    with pytest.raises(ValueError, match="same text"):
        TokenHighlight([result(text="one"), result(text="two")])
    with pytest.raises(ValueError, match="one row of 5 values per target"):
        TokenHighlight(result(scores=[[1, 2, 3]]))
    with pytest.raises(ValueError, match="lacks"):
        TokenHighlight({"tokens": ["a"]})
    with pytest.raises(TypeError):
        TokenHighlight(42)
    with pytest.raises(ValueError, match="view"):
        TokenHighlight(result(), view="table")
    w = TokenHighlight(result())
    with pytest.raises(Exception, match="theme"):
        w.theme = "sepia"
    with pytest.raises(Exception, match="method_index"):
        w.method_index = 3


@needs_bundle
def test_hovered_token_and_set_results():
    w = TokenHighlight([result(), result(method="lime", tokens=["[CLS]", "A", "good", "film", "[SEP]"])])
    assert w.hovered_token is None
    w.hovered = 2
    assert w.hovered_token == "fine"
    w.method_index = 1
    assert w.hovered_token == "good"
    w.set_results(FakeAttribution(text="other text"), target="negative")
    assert (w.method_index, w.target, w.hovered, w.results[0]["text"]) == (0, 0, -1, "other text")


def test_missing_bundle_error(monkeypatch, tmp_path):
    monkeypatch.setattr(export, "STATIC_DIR", tmp_path)  # the one place bundles are looked up
    with pytest.raises(RuntimeError, match=r"make setup.*npm ci && npm run build"):
        TokenHighlight(result())
    with pytest.raises(RuntimeError, match="npm run build"):
        export.to_html_string(result())


def test_widget_code_does_not_import_torch():
    for path in (th.__file__, export.__file__):
        text = open(path, encoding="utf-8").read()
        assert not re.search(r"^\s*(import|from)\s+(torch|transformers)\b", text, re.M), path


@needs_bundle
def test_export_page_structure():
    w = TokenHighlight([result(), result(method="occlusion")], view="grid")
    tricky = result(tokens=["[CLS]", "</script><img src=x onerror=alert(1)>", "&amp;", "film", "[SEP]"])
    html = export.to_html_string(tricky, w, [result(), result(method="lime")], title="<T & co>")
    assert html.count('id="xw-bundle-token_highlight"') == 1  # one bundle for three widgets
    assert html.count('class="xw-mount"') == 3
    assert "<title>&lt;T &amp; co&gt;</title>" in html
    assert "http://" not in html and "https://" not in html  # nothing to fetch
    assert html.lower().count("</script>") == html.lower().count("<script")  # the token cannot close a script
    assert "<img" not in html.split("<noscript>")[0]
    states = re.findall(r'<script type="application/json" id="xw-state-\d+">(.*?)</script>', html, re.S)
    assert json.loads(states[0])["results"][0]["tokens"][1] == "</script><img src=x onerror=alert(1)>"
    assert json.loads(states[1])["view"] == "grid"
    noscript = html.split("<noscript>")[1].split("</noscript>")[0]
    assert "&lt;/script&gt;&lt;img" in noscript and "<td>0.7</td>" in noscript


@needs_bundle
def test_save_html(tmp_path):
    path = export.save_html(tmp_path / "out.html", FakeAttribution(), title="t")
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    with pytest.raises(ValueError, match="nothing to export"):
        export.to_html_string()
