"""AdversarialView: widget state from an AdversarialExample (hand-made, on a tiny 2-class BERT), the attributions of
both texts toward the original class computed at construction, validation with clear errors, and the offline page
(no browser needed). ``make_example()`` is also used by the browser test."""
import copy
import json

import numpy as np
import pytest

import xai_widgets as xw
from tiny_models import tiny_classifier
from xai_widgets import export
from xai_widgets.results.adversarial import AdversarialExample

BUNDLE = export.STATIC_DIR / "adversarial_view.js"
needs_bundle = pytest.mark.skipif(not BUNDLE.is_file(), reason="front end not built: cd js && npm ci && npm run build")

EVIL = "<img src=x onerror=alert(1)>"
ORIGINAL = f"a great film {EVIL} with fine acting"
ADVERSARIAL = f"a decent film {EVIL} with okay acting"


def make_example(**over) -> AdversarialExample:
    """Two words changed (great -> decent, fine -> okay), flipped from positive to negative in two steps."""
    fo, fa = ORIGINAL.index("fine"), ADVERSARIAL.index("okay")
    step1 = ORIGINAL.replace("great", "decent")
    d = dict(method="synonym", original=ORIGINAL, adversarial=ADVERSARIAL, success=True,
             labels=["negative", "positive"], target=1, original_probabilities=[0.1, 0.9],
             adversarial_probabilities=[0.7, 0.3],
             changes=[{"position": 1, "start": 2, "end": 7, "adv_start": 2, "adv_end": 8, "old": "great",
                       "new": "decent"},
                      {"position": 8, "start": fo, "end": fo + 4, "adv_start": fa, "adv_end": fa + 4, "old": "fine",
                       "new": "okay"}],
             steps=[{"text": ORIGINAL, "probability": 0.9, "prediction": "positive", "positions": []},
                    {"text": step1, "probability": 0.6, "prediction": "positive", "positions": [1]},
                    {"text": ADVERSARIAL, "probability": 0.3, "prediction": "negative", "positions": [8]}],
             calls=42, params={"max_changes": 3}, diagnostics={"predictions": 40, "gradients": 2},
             model_name="BertForSequenceClassification")
    d.update(over)
    return AdversarialExample(**d)


@pytest.fixture(scope="module")
def bert2():
    model, tok = tiny_classifier("bert", seed=3, num_labels=2)
    return xw.load_model(model, tok, labels=["negative", "positive"])


@needs_bundle
def test_state_and_attributions_toward_the_original_class(bert2):
    from xai_widgets.widgets.adversarial_view import AdversarialView

    ex = make_example()
    before = copy.deepcopy(ex.to_json())
    w = AdversarialView(ex, model=bert2, theme="dark")
    assert ex.to_json() == before  # the example is not changed
    assert w.data == json.loads(json.dumps(ex.to_json())) and w.example is ex
    assert len(w.attributions) == 2 and w.attribution_note == ""
    orig, adv = w.attributions
    assert (orig["text"], adv["text"]) == (ORIGINAL, ADVERSARIAL)
    assert orig["targets"] == [1] and adv["targets"] == [1]  # both toward the original class, comparable
    assert orig["method"] == adv["method"] == "occlusion"
    ref = xw.explain(ADVERSARIAL, model=bert2, method="occlusion", target=1)
    np.testing.assert_allclose(adv["scores"][0], ref.scores[0], atol=1e-6)
    assert w.theme == "dark" and "render" in str(w._esm)
    name, state = w._export_spec()
    assert name == "adversarial_view" and set(state) == {"data", "attributions", "attribution_note", "theme"}
    json.dumps(state, allow_nan=False)
    assert "AdversarialView" in repr(w) and "synonym" in repr(w)
    # another method, toward the same class even where the adversarial text is predicted otherwise
    g = AdversarialView(ex, model=bert2, attribution="saliency")
    assert [a["method"] for a in g.attributions] == ["saliency", "saliency"]
    assert all(a["targets"] == [1] for a in g.attributions)


@needs_bundle
def test_from_a_dict_without_or_with_given_attributions(bert2):
    from xai_widgets.widgets.adversarial_view import AdversarialView

    d = make_example(target=0).to_json()
    before = copy.deepcopy(d)
    w = AdversarialView(d, attribution=None)
    assert d == before
    assert w.attributions == [] and w.example.target == 0 and w.data["changes"] == d["changes"]
    a = xw.explain(ORIGINAL, model=bert2, method="occlusion", target=0)
    b = xw.explain(ADVERSARIAL, model=bert2, method="occlusion", target=0)
    given = AdversarialView(d, attribution=(a, b.to_json()))
    assert [x["text"] for x in given.attributions] == [ORIGINAL, ADVERSARIAL]
    with pytest.raises(ValueError, match="adversarial attribution explains"):
        AdversarialView(d, attribution=(a, a))
    with pytest.raises(TypeError, match="attribution must be"):
        AdversarialView(d, attribution=3)
    # the widget of the result itself (its registered view)
    v = make_example().widget(model=bert2, attribution=None)
    assert type(v).__name__ == "AdversarialView"


@needs_bundle
def test_default_model_is_not_used_for_an_example_of_another_model():
    from xai_widgets.widgets.adversarial_view import AdversarialView

    w = AdversarialView(make_example(model_name="someone-else/bert"))  # model=None: would be the default model
    assert w.attributions == []
    assert "someone-else/bert" in w.attribution_note and "model=" in w.attribution_note


@needs_bundle
def test_validation_errors(bert2):
    from xai_widgets.widgets.adversarial_view import AdversarialView, check_data

    good = make_example().to_json()
    with pytest.raises(TypeError, match="AdversarialExample"):
        AdversarialView("not an example")
    with pytest.raises(ValueError, match="lacks"):
        AdversarialView({k: v for k, v in good.items() if k != "steps"}, attribution=None)
    bad = [({"target": 2}, "target 2"), ({"original_probabilities": [0.5]}, "original_probabilities"),
           ({"adversarial_probabilities": [1.5, -0.5]}, "adversarial_probabilities"),
           ({"success": "yes"}, "success"), ({"labels": ["only"]}, "labels"), ({"steps": []}, "steps"),
           ({"steps": [{"text": "x", "probability": 2}]}, "step 0"), ({"calls": -1}, "calls"),
           ({"changes": [{**good["changes"][0], "end": 999}]}, "outside the original text"),
           ({"changes": [{**good["changes"][0], "adv_start": -1}]}, "outside the adversarial text"),
           ({"changes": [{"position": 1}]}, "change 0")]
    for over, match in bad:
        with pytest.raises(ValueError, match=match):
            check_data({**good, **over})
    w = AdversarialView(good, attribution=None)
    with pytest.raises(Exception, match="theme"):
        w.theme = "sepia"
    with pytest.raises(Exception, match="attributions must be"):
        w.attributions = [{"x": 1}]
    with pytest.raises(ValueError, match="target"):
        w.data = {**good, "target": 5}
    w.data = make_example(method="charswap").to_json()  # assigned directly: the example follows
    assert w.example.method == "charswap"
    with pytest.raises(Exception, match="unknown|registered|method"):
        AdversarialView(good, model=bert2, attribution="no_such_method")
    with pytest.raises(ValueError, match="labels"):
        AdversarialView(make_example(labels=["bad", "good"]), model=bert2)


@needs_bundle
def test_static_view_and_the_offline_page(tmp_path):
    from xai_widgets.widgets.adversarial_view import AdversarialView

    w = AdversarialView(make_example(), attribution=None)
    static = w._static_html()
    assert EVIL not in static and "&lt;img" in static and "flipped" in static
    path = xw.save_html(tmp_path / "adv.html", make_example(model_name="elsewhere"), title="attack")
    page = path.read_text(encoding="utf-8")
    assert 'data-widget="adversarial_view"' in page and "xw-bundle-adversarial_view" in page
    assert EVIL not in page  # every text is escaped in the JSON state


@needs_bundle
def test_a_real_attack_is_shown(bert2):
    pytest.importorskip("xai_widgets.attacks", reason="xai_widgets.attacks has not landed yet")
    from xai_widgets.widgets.adversarial_view import AdversarialView

    ex = xw.attack("a great film with a fine cast", model=bert2, method="charswap", max_changes=2)
    w = AdversarialView(ex, model=bert2)
    assert w.data["original"] == "a great film with a fine cast" and len(w.data["steps"]) == ex.words_changed + 1
    assert [a["text"] for a in w.attributions] == [ex.original, ex.adversarial]
    assert all(a["targets"] == [ex.target] for a in w.attributions)
    for c in w.data["changes"]:  # the offsets the page marks are the changed words
        assert ex.original[c["start"]:c["end"]] == c["old"] and ex.adversarial[c["adv_start"]:c["adv_end"]] == c["new"]
