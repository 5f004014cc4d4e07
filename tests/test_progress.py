"""The shared progress helper: a notebook bar that ends as plain text (no widget), the switches, and the summary
line left by a loop that ends early."""
import pytest

from xai_widgets import progress as P


class FakeHandle:
    def __init__(self, log):
        self.log = log

    def update(self, bundle, raw=False):
        self.log.append(("update", dict(bundle)))


@pytest.fixture
def notebook(monkeypatch):
    """A fake Jupyter kernel: every display call is recorded."""
    import IPython.display

    log = []

    def display(bundle, raw=False, display_id=False):
        log.append(("display", dict(bundle)))
        return FakeHandle(log)

    monkeypatch.setattr(IPython.display, "display", display)
    monkeypatch.setattr(P, "in_notebook", lambda: True)
    P.set_enabled(True)
    yield log
    P.set_enabled(None)


def test_notebook_bar_ends_as_plain_text(notebook):
    for _ in P.progress(range(4), desc="work", unit="steps", delay=0):
        pass
    assert notebook[0][0] == "display"
    kind, last = notebook[-1]
    assert kind == "update" and last == {"text/plain": last["text/plain"]}  # plain text only, no widget
    assert last["text/plain"].startswith("work: 4/4 steps in ")
    assert not any("application/vnd.jupyter.widget-view+json" in b for _, b in notebook)


def test_exception_leaves_the_count_reached(notebook):
    with pytest.raises(KeyboardInterrupt):
        for i in P.progress(range(10), desc="work", delay=0):
            if i == 3:
                raise KeyboardInterrupt
    assert notebook[-1][1]["text/plain"].startswith("work: stopped at 3/10 after ")
    assert P._open_count() == 0


def test_nested_bars_are_silent(notebook):
    for _ in P.progress(range(2), desc="outer", delay=0):
        for _ in P.progress(range(3), desc="inner", delay=0):
            pass
    texts = [b.get("text/plain", "") for _, b in notebook]
    assert not any(t.startswith("inner") for t in texts)
    assert texts[-1].startswith("outer: 2/2")


@pytest.mark.parametrize("how", ["env", "global", "call"])
def test_switches_turn_it_off(notebook, monkeypatch, how):
    show = None
    if how == "env":
        P.set_enabled(None)
        monkeypatch.setenv("XAI_WIDGETS_PROGRESS", "0")
    elif how == "global":
        P.set_enabled(False)
    else:
        show = False
    assert list(P.progress(range(3), desc="work", show=show, delay=0)) == [0, 1, 2]
    assert notebook == []


def test_quick_loops_print_nothing(notebook):
    list(P.progress(range(3), desc="work", delay=60))
    assert notebook == []


def test_bad_show_is_a_clear_error():
    with pytest.raises(TypeError, match="show_progress"):
        P.check_show("yes")


def test_attack_dataset_shows_one_step_per_attack_and_ends_as_text(notebook, monkeypatch):
    import xai_widgets as xw
    from tiny_models import tiny_classifier

    monkeypatch.setattr(P, "DELAY", 0.0)
    m, tok = tiny_classifier("bert", seed=1, num_labels=2)
    model = xw.load_model(m, tok, labels=["negative", "positive"])
    summary = xw.attack_dataset(["a fine film", "a dull film"], model=model, methods=["charswap"], max_changes=1)
    assert len(summary.examples["charswap"]) == 2
    last = notebook[-1][1]["text/plain"]
    assert last.startswith("attack_dataset: 2/2 attacks in "), last
    assert not any("application/vnd.jupyter.widget-view+json" in b for _, b in notebook)
