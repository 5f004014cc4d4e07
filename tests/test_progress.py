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


def _words(n, seed=0):
    import numpy as np

    from tiny_models import wordpiece_tokenizer

    vocab = [w for w, i in sorted(wordpiece_tokenizer().get_vocab().items(), key=lambda kv: kv[1])
             if w.isalpha() and len(w) >= 4 and 3000 <= i < 9000]
    rng = np.random.default_rng(seed)
    return [str(w) for w in rng.choice(vocab, n, replace=False)]


def test_concept_test_counts_batches_and_layers_and_ends_as_text(notebook, monkeypatch):
    import xai_widgets as xw
    from tiny_models import tiny_classifier

    monkeypatch.setattr(P, "DELAY", 0.0)
    m, tok = tiny_classifier("bert", seed=1, num_labels=2)
    model = xw.load_model(m, tok, labels=["negative", "positive"])
    words = _words(120)
    examples = [" ".join(words[i: i + 4]) for i in range(0, 40, 4)]
    r = xw.concept_test({"c": words[40:60]}, model=model, target=1, examples=examples, random_pool=words[60:],
                        random_concepts=3, layers=[0, 1])
    assert r.scores.shape == (1, 2, 3)
    lines = [b["text/plain"] for _, b in notebook]
    assert any("CAVs at layer 1 (6 fits)" in t for t in lines), lines
    assert any("gradients of 10 examples" in t for t in lines), lines
    from xai_widgets.concepts.activations import n_batches

    n_union = len(set(words[40:60]) | set(words[60:]) | set(examples))  # at most: the random sets are drawn
    last = lines[-1]
    total = int(last.split("/")[1].split()[0])
    assert 2 + n_batches(model, 10) <= total <= 2 + n_batches(model, 10) + n_batches(model, n_union), last
    assert last.startswith(f"concept_test: {total}/{total} steps in "), last
    assert notebook[-1][1] == {"text/plain": last}
    notebook.clear()
    xw.concept_test({"c": words[40:60]}, model=model, target=1, examples=examples, random_pool=words[60:],
                    random_concepts=3, layers=[0], show_progress=False)
    assert notebook == []


def test_influence_function_conjugate_gradients_show_iterations_and_residual(notebook, monkeypatch):
    import numpy as np

    import xai_widgets as xw
    from tiny_models import tiny_classifier

    monkeypatch.setattr(P, "DELAY", 0.0)
    m, tok = tiny_classifier("bert", seed=3, num_labels=2)
    model = xw.load_model(m, tok, labels=["negative", "positive"])
    words = _words(90, seed=2)
    texts = [" ".join(words[i: i + 3]) for i in range(0, 90, 3)]
    labels = np.arange(30) % 2
    res = xw.influence("a fine cast", model=model, method="influence_function", train=(texts, labels),
                       hessian="cg", damping=0.01)
    it = res.diagnostics["cg_iterations"]
    lines = [b["text/plain"] for _, b in notebook]
    assert any("residual" in t and "(tol 1e-08)" in t for t in lines), lines
    assert lines[-1].startswith(f"influence: conjugate gradients over {res.diagnostics['parameters']} parameters: "
                                f"{it} iterations in "), lines[-1]
    notebook.clear()
    xw.influence("a dull cast", model=model, method="influence_function", train=(texts, labels), hessian="cg",
                 damping=0.02, show_progress=False)
    assert notebook == []
