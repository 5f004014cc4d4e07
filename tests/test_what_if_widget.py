"""WhatIf (xai_widgets.widgets.what_if): the prediction and attribution of the text computed in the kernel, recomputed
when the text is set from Python, the history of versions, pin / unpin, the buttons' custom messages handled by
calling the handler directly (the attack is a stand-in until ``xai_widgets.attacks`` exists), errors shown as
messages, validation, and the offline page's state. A tiny 2-class BERT and a 10-snippet training set."""
import copy
import json
import sys
import types

import numpy as np
import pytest

import xai_widgets as xw
from tiny_models import TINY_LABELS, TINY_TRAIN, tiny_classifier
from widget_comm import page_message, page_update
from xai_widgets import export
from xai_widgets.results.adversarial import AdversarialExample

BUNDLE = export.STATIC_DIR / "what_if.js"
pytestmark = pytest.mark.skipif(not BUNDLE.is_file(), reason="front end not built: cd js && npm ci && npm run build")

EVIL = "<img src=x onerror=alert(1)>"
TRAIN, LABELS = TINY_TRAIN, TINY_LABELS


@pytest.fixture(scope="module")
def bert2():
    model, tok = tiny_classifier("bert", seed=3, num_labels=2)
    return xw.load_model(model, tok, labels=["negative", "positive"])


@pytest.fixture
def train():
    return (list(TRAIN), list(LABELS))


def msg(w, **content):
    page_message(w, content)


def fake_example(text, new_text, labels=("negative", "positive")):
    i = text.index("great")
    adv = text[:i] + "decent" + text[i + 5:]
    assert adv == new_text
    return AdversarialExample(
        method="synonym", original=text, adversarial=adv, success=True, labels=list(labels), target=1,
        original_probabilities=[0.2, 0.8], adversarial_probabilities=[0.6, 0.4],
        changes=[{"position": 1, "start": i, "end": i + 5, "adv_start": i, "adv_end": i + 6, "old": "great",
                  "new": "decent"}],
        steps=[{"text": text, "probability": 0.8, "prediction": "positive", "positions": []},
               {"text": adv, "probability": 0.4, "prediction": "negative", "positions": [1]}],
        calls=12, model_name="tiny")


@pytest.fixture
def fake_attack(monkeypatch):
    """A stand-in ``xai_widgets.attacks`` module whose ``attack`` records its calls."""
    calls = []

    def attack(text, model=None, method="hotflip", max_changes=3, seed=0):
        calls.append({"text": text, "model": model, "method": method, "max_changes": max_changes})
        if "fail" in text:
            raise RuntimeError("no synonyms for this text")
        return fake_example(text, text.replace("great", "decent", 1))

    module = types.ModuleType("xai_widgets.attacks")
    module.attack = attack
    monkeypatch.setitem(sys.modules, "xai_widgets.attacks", module)
    return calls


def test_result_of_the_text_and_the_traits(bert2, train):
    from xai_widgets.widgets.what_if import WhatIf, what_if

    given = copy.deepcopy(train)
    w = what_if("a great film", model=bert2, train=train)
    assert isinstance(w, WhatIf) and train == given  # the inputs are not changed
    r = w.result
    assert (r["version"], r["text"], r["labels"]) == (1, "a great film", ["negative", "positive"])
    ref = xw.explain("a great film", model=bert2, method="occlusion")
    np.testing.assert_allclose(r["probabilities"], ref.probabilities, atol=1e-6)
    assert r["predicted"] == int(np.argmax(ref.probabilities)) and r["seconds"] >= 0
    assert r["attribution"]["method"] == "occlusion" and r["attribution"]["text"] == "a great film"
    np.testing.assert_allclose(r["attribution"]["scores"], np.asarray(ref.scores), atol=1e-6)
    assert w.attribution.tokens == ref.tokens
    assert (w.method, w.method_label, w.model_name) == ("occlusion", "Occlusion", bert2.name)
    assert (w.error, w.busy, w.neighbours_reason, w.kernel) == ("", "", "", True)
    assert w.pinned == [] and w.suggestion is None and w.neighbours is None
    assert "render" in str(w._esm) and "WhatIf" in repr(w)
    json.dumps(w.result, allow_nan=False)
    # another method
    s = what_if("a great film", model=bert2, method="saliency")
    assert s.result["attribution"]["method"] == "saliency" and s.result["attribution"]["signed"] is False


def test_setting_the_text_from_python_recomputes_and_the_history_grows(bert2):
    from xai_widgets.widgets.what_if import what_if

    w = what_if("a great film", model=bert2)
    w.text = "a dull plot"
    assert w.result["version"] == 2 and w.result["text"] == "a dull plot"
    ref = xw.explain("a dull plot", model=bert2, method="occlusion")
    np.testing.assert_allclose(w.result["probabilities"], ref.probabilities, atol=1e-6)
    w.text = "a dull plot"  # unchanged: nothing recomputed
    w.text = "lovely music"
    h = w.history
    assert list(h.columns) == ["version", "text", "prediction", "p_negative", "p_positive", "seconds", "pinned"]
    assert list(h.version) == [1, 2, 3] and list(h.text) == ["a great film", "a dull plot", "lovely music"]
    np.testing.assert_allclose(h[["p_negative", "p_positive"]].sum(axis=1), 1.0, atol=1e-6)
    assert h.iloc[1].p_positive == pytest.approx(ref.probabilities[1], abs=1e-6)
    assert list(h.prediction) == [bert2.labels[int(np.argmax(p))] for p in h[["p_negative", "p_positive"]].to_numpy()]
    assert (h.seconds >= 0).all() and not h.pinned.any()


def test_an_edit_from_the_page_reaches_the_kernel_and_recomputes(bert2):
    """The page's debounced edit arrives as an ipywidgets "update" through the widget's comm handler (the route a
    real front end takes; a method of ours once shadowed that handler and every edit and button was lost)."""
    from xai_widgets.widgets.what_if import what_if

    w = what_if("a great film", model=bert2)
    page_update(w, text="a dull plot")
    assert w.text == "a dull plot" and w.result["version"] == 2 and w.result["text"] == "a dull plot"
    page_message(w, {"action": "pin"})
    assert [p["version"] for p in w.pinned] == [2] and w.error == ""
    assert list(w.history.text) == ["a great film", "a dull plot"]


def test_an_empty_text_is_a_message_not_a_traceback(bert2):
    from xai_widgets.widgets.what_if import what_if

    w = what_if("a great film", model=bert2)
    w.text = "   "
    assert "empty" in w.error and w.result["text"] == "a great film" and len(w.history) == 1
    msg(w, action="pin")
    assert "nothing to pin" in w.error and w.pinned == []
    msg(w, action="suggest")
    assert "empty" in w.error and w.suggestion is None
    w.text = "a fine story"
    assert w.error == "" and w.result["version"] == 2
    empty = what_if("", model=bert2)
    assert "empty" in empty.error and empty.result == {} and len(empty.history) == 0
    msg(w, action="explode")
    assert "unknown request" in w.error
    msg(w, action="unpin", version=7)
    assert "not pinned" in w.error


def test_pin_and_unpin_through_the_messages(bert2):
    from xai_widgets.widgets.what_if import what_if

    w = what_if("a great film", model=bert2)
    msg(w, action="pin")
    msg(w, action="pin")  # twice: one pin
    w.text = "a dull plot"
    msg(w, action="pin")
    w.text = "weak and empty"
    assert [p["version"] for p in w.pinned] == [1, 2]
    assert [p["text"] for p in w.pinned] == ["a great film", "a dull plot"]
    assert set(w.pinned[0]) >= {"text", "probabilities", "attribution", "labels", "predicted"}
    assert list(w.history.pinned) == [True, True, False]
    msg(w, action="unpin", version=1)
    assert [p["version"] for p in w.pinned] == [2] and list(w.history.pinned) == [False, True, False]
    w.unpin()
    assert w.pinned == [] and w.error == ""


def test_nearest_training_examples(bert2, train):
    from xai_widgets.widgets.what_if import what_if

    given = copy.deepcopy(train)
    w = what_if("a great cast", model=bert2, train=train)
    msg(w, action="neighbours")
    assert w.error == "" and w.busy == ""
    n = w.neighbours
    ref = xw.influence("a great cast", model=bert2, method="knn", k=5, train=given)
    assert n["query"] == "a great cast" and n["method"] == "knn" and len(n["texts"]) == 5
    assert n["texts"] == ref.texts and n["scores"] == pytest.approx(ref.scores)
    assert train == given
    msg(w, action="dismiss", what="neighbours")
    assert w.neighbours is None
    # no training set for a model other than the default one: the button is disabled and says why
    no = what_if("a great cast", model=bert2)
    assert "train=" in no.neighbours_reason
    msg(no, action="neighbours")
    assert no.neighbours is None and "train=" in no.error
    with pytest.raises(ValueError, match="must match"):
        what_if("x", model=bert2, train=(TRAIN, LABELS[:3]))


def test_suggest_a_counterfactual_and_apply_it(bert2, fake_attack):
    from xai_widgets.widgets.what_if import what_if

    text = f"a great film {EVIL}"
    w = what_if(text, model=bert2)
    msg(w, action="suggest")
    assert fake_attack == [{"text": text, "model": w._adapter, "method": "synonym", "max_changes": 3}]
    assert w._adapter is bert2
    s = w.suggestion
    assert s["original"] == text and s["adversarial"] == f"a decent film {EVIL}" and w.error == ""
    assert AdversarialExample.from_json(s).words_changed == 1
    msg(w, action="apply")
    assert w.text == s["adversarial"] and w.result["text"] == s["adversarial"] and w.result["version"] == 2
    msg(w, action="dismiss", what="suggestion")
    assert w.suggestion is None
    msg(w, action="apply")
    assert "no suggestion" in w.error
    w.text = "a great fail"
    msg(w, action="suggest")
    assert w.error == "suggest a counterfactual failed: RuntimeError: no synonyms for this text"
    assert w.busy == "" and w.suggestion is None


def test_the_real_attack_when_it_exists(bert2):
    pytest.importorskip("xai_widgets.attacks", reason="xai_widgets.attacks has not landed yet")
    from xai_widgets.widgets.what_if import what_if

    w = what_if("a great film with a fine cast", model=bert2)
    msg(w, action="suggest")
    assert w.error == "", w.error
    ex = AdversarialExample.from_json(w.suggestion)
    assert ex.original == "a great film with a fine cast" and ex.words_changed <= 3 and ex.method == "synonym"


def test_validation(bert2):
    from xai_widgets.widgets.what_if import what_if

    with pytest.raises(TypeError, match="text must be a string"):
        what_if(3, model=bert2)
    with pytest.raises(Exception, match="no_such_method|unknown|registered"):
        what_if("a film", model=bert2, method="no_such_method")
    with pytest.raises(TypeError, match="train must be a pair"):
        what_if("a film", model=bert2, train="nope")
    w = what_if("a film", model=bert2)
    with pytest.raises(Exception, match="theme"):
        w.theme = "sepia"
    from sklearn.linear_model import LogisticRegression

    X = np.array([[0.0, 1.0], [1.0, 0.0], [0.5, 0.5], [1.0, 1.0]])
    tab = xw.load_model(LogisticRegression().fit(X, [0, 1, 0, 1]), data=X)
    with pytest.raises(TypeError, match="text classifier"):
        what_if("a film", model=tab)


def test_offline_state_and_static_view(bert2, fake_attack, train, tmp_path):
    from xai_widgets.widgets.what_if import what_if

    w = what_if(f"a great film {EVIL}", model=bert2, train=train)
    msg(w, action="pin")
    msg(w, action="suggest")
    msg(w, action="neighbours")
    name, state = w._export_spec()
    assert name == "what_if" and state["kernel"] is False and state["busy"] == ""
    assert [p["version"] for p in state["pinned"]] == [1] and state["suggestion"] and state["neighbours"]
    json.dumps(state, allow_nan=False)
    assert w.kernel is True  # the live widget keeps its kernel
    page = xw.save_html(tmp_path / "what_if.html", w).read_text(encoding="utf-8")
    assert 'data-widget="what_if"' in page and EVIL not in page
    static = w._static_html()
    assert "&lt;img" in static and EVIL not in static
