"""The what-if widget in an offline page, in headless Debian chromium with every non-local request blocked: the saved
state shows the text read-only with a note, the prediction and coloured tokens, the pinned versions side by side,
the suggestion with its changed words marked and the nearest training examples, all inert. A second page is given a
kernel-like state (``kernel`` true) to drive the editor for real: typing is debounced into one update of the text
and the buttons send their custom messages."""
import sys
import types

import pytest
from test_what_if_widget import EVIL, LABELS, TRAIN, fake_example
from tiny_models import tiny_classifier
from widget_comm import page_message
from xw_pages import LOCAL_SCHEMES, rgb

import xai_widgets as xw
from xai_widgets import export

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not (export.STATIC_DIR / "what_if.js").is_file(),
                                 reason="front end not built: cd js && npm ci && npm run build")]

MODEL = "window.xaiWidgets.models[0]"
TEXT = f"a great film {EVIL}"


@pytest.fixture(scope="module")
def widget():
    """A WhatIf on a tiny BERT after two versions, both pinned, a suggestion (a stand-in attack) and neighbours."""
    from xai_widgets.widgets.what_if import what_if

    model, tok = tiny_classifier("bert", seed=3, num_labels=2)
    adapter = xw.load_model(model, tok, labels=["negative", "positive"])
    w = what_if("a dull plot", model=adapter, train=(TRAIN, LABELS))
    page_message(w, {"action": "pin"})
    w.text = TEXT
    page_message(w, {"action": "pin"})
    fake = types.ModuleType("xai_widgets.attacks")
    fake.attack = lambda text, model=None, method="synonym", max_changes=3, seed=0: fake_example(
        text, text.replace("great", "decent", 1))
    saved = sys.modules.get("xai_widgets.attacks")
    sys.modules["xai_widgets.attacks"] = fake
    try:
        page_message(w, {"action": "suggest"})
    finally:
        if saved is None:
            sys.modules.pop("xai_widgets.attacks")
        else:
            sys.modules["xai_widgets.attacks"] = saved
    page_message(w, {"action": "neighbours"})
    assert w.error == "" and w.suggestion and w.neighbours and len(w.pinned) == 2
    return w


class Live:
    """The widget's state as the kernel holds it (kernel true): the page drives the editor as in a notebook."""

    def __init__(self, w):
        self.state = {**w._export_state(), "kernel": True}

    def _export_spec(self):
        return "what_if", self.state

    def _static_html(self):
        return "<p>what if</p>"


def box(page, selector):
    return page.eval_on_selector(selector, "e => { const r = e.getBoundingClientRect(); "
                                           "return {x: r.x, y: r.y, w: r.width, h: r.height}; }")


def test_the_offline_page_shows_the_final_state_read_only(offline_page, open_export, widget):
    page = offline_page
    open_export(page, widget, title="what if")
    assert page.locator(".xw-wi").count() == 1
    assert page.locator("textarea").count() == 0
    assert page.locator("[data-role=text-readonly]").text_content() == TEXT  # literally, never parsed
    note = page.locator("[data-role=offline-note]")
    assert note.is_visible() and "need a running kernel" in note.text_content()
    for role in ("suggest", "neighbours", "pin"):
        assert page.locator(f"[data-role=actions] [data-role={role}]").is_disabled()
    # the current version: its prediction and coloured tokens
    cur = page.locator("[data-role=current]")
    assert cur.get_attribute("data-version") == "2"
    want = widget.result["labels"][widget.result["predicted"]]
    assert cur.locator("[data-role=predicted]").text_content() == want
    assert cur.locator(".xw-token").all_text_contents() == widget.result["attribution"]["tokens"]
    # pinned versions side by side
    cards = page.locator("[data-role=pinned-version]")
    assert cards.count() == 2
    assert cards.locator("[data-role=pinned-text]").all_text_contents() == ["a dull plot", TEXT]
    a, b = (box(page, f"[data-role=pinned-version][data-version='{v}']") for v in (1, 2))
    assert a["x"] + a["w"] <= b["x"] + 1 and abs(a["y"] - b["y"]) < 2
    assert page.locator("[data-role=pinned-version][data-version='1'] .xw-token").count() > 0
    assert page.locator("[data-role=unpin]").first.is_disabled()
    # the suggestion, its changed word marked and visible
    s = page.locator("[data-role=suggestion]")
    assert s.locator("[data-role=suggestion-text]").text_content() == f"a decent film {EVIL}"
    mark = s.locator("[data-role=changed]")
    assert mark.all_text_contents() == ["decent"] and mark.is_visible()
    assert rgb(page, "[data-role=suggestion-text] [data-role=changed]") != rgb(page, "[data-role=suggestion-text]")
    assert s.locator("[data-role=apply]").is_disabled()
    # the nearest training examples
    rows = page.locator("[data-role=neighbour]")
    assert rows.count() == 5
    assert rows.locator("[data-role=neighbour-text]").all_text_contents() == widget.neighbours["texts"]
    assert page.locator(".xw-wi img").count() == 0
    assert page.dialogs == [] and page.errors == []
    assert page.blocked == [] and all(u.startswith(LOCAL_SCHEMES) for u in page.requests), page.requests


def test_typing_is_debounced_and_the_buttons_send_messages(offline_page, open_export, widget):
    page = offline_page
    open_export(page, Live(widget))
    page.evaluate(f"window.sent = []; {MODEL}.send = (m) => window.sent.push(m); window.saves = [];"
                  f"{MODEL}.on('change:text', (_, v) => window.saves.push(v));")
    editor = page.locator("textarea[data-role=editor]")
    assert editor.input_value() == TEXT
    editor.fill("")
    editor.press_sequentially("so dull", delay=30)
    assert page.evaluate("window.saves") == [] or page.evaluate("window.saves") == [""]
    page.wait_for_function("() => window.saves.length > 0 && window.saves.at(-1) === 'so dull'", timeout=3000)
    page.wait_for_timeout(500)
    saves = page.evaluate("window.saves")
    assert saves[-1] == "so dull" and len([v for v in saves if v != ""]) == 1  # one update for the typed word
    assert page.locator("[data-role=current]").get_attribute("data-stale") == "true"  # until the kernel answers
    page.click("[data-role=actions] [data-role=suggest]")
    page.click("[data-role=actions] [data-role=neighbours]")
    page.click("[data-role=suggestion] [data-role=apply]")
    page.click("[data-role=unpin][data-version='1']")
    assert page.evaluate("window.sent") == [{"action": "suggest"}, {"action": "neighbours"}, {"action": "apply"},
                                            {"action": "unpin", "version": 1}]
    # what the kernel sends back is drawn: the text set from Python replaces the editor's
    page.evaluate(f"{MODEL}.set('text', 'from the kernel')")
    assert editor.input_value() == "from the kernel"
    page.evaluate(f"{MODEL}.set('error', 'the text is empty: type a sentence')")
    assert page.locator("[data-role=error]").text_content() == "the text is empty: type a sentence"
    assert page.dialogs == [] and page.errors == [] and page.blocked == []
