"""The embedded default model (built once per machine and cached; the first run of the suite builds it)."""
import json
import os

import numpy as np
import pytest

import xai_widgets as xw

pytestmark = pytest.mark.slow


def test_model_card_reports_held_out_accuracy_of_at_least_080(default_adapter):
    card = default_adapter.card
    assert card["heldout_accuracy"] >= 0.80, card
    assert card["heldout_size"] > 1500 and "by movie" in card["split"]
    assert card["build_seconds"] > 0 and card["recipe"]["seed"] == 0  # timings are reported, not asserted
    path = xw.models.default.default_model_dir()
    with open(os.path.join(path, "model_card.json")) as fh:
        assert json.load(fh) == card
    assert os.path.exists(os.path.join(path, "README.md"))


def test_later_loads_reuse_the_cache(default_adapter, monkeypatch):
    from xai_widgets.models import default

    monkeypatch.setattr(default, "build_default_model", lambda *a, **k: pytest.fail("rebuilt a cached model"))
    again = default.load_default()
    assert again.labels == ["negative", "positive"]


def test_cache_folder_follows_xai_widgets_home(monkeypatch, tmp_path):
    from xai_widgets.models import default

    monkeypatch.setenv("XAI_WIDGETS_HOME", str(tmp_path))
    assert default.default_model_dir().startswith(str(tmp_path))


def test_predictions_are_sensible(default_adapter):
    p = default_adapter.predict_proba(["This movie is great!", "A dull, lifeless mess.",
                                       "This movie is amazing!", "Boring and far too long."])
    assert list(np.argmax(p, axis=1)) == [1, 0, 1, 0]


def test_explain_uses_the_default_model_and_ig_is_complete():
    r = xw.explain("This movie is great!", n_steps=300)
    assert r.model_name == "minilm-rotten-tomatoes"
    assert r.predicted_label == "positive"
    delta = abs(r.diagnostics["convergence_delta"][0])
    assert delta <= 0.01 * abs(r.diagnostics["f_input"][0] - r.diagnostics["f_baseline"][0])
    assert r.top_tokens(1)[0][0] == "great"


def test_demo_writes_a_page(tmp_path, capsys):
    from xai_widgets.demo import run

    out = tmp_path / "demo.html"
    comps = run(str(out), sentences=["This movie is great!"])
    assert out.exists() and out.stat().st_size > 10_000
    assert len(comps[0]) == 8
    printed = capsys.readouterr().out
    assert "held-out accuracy" in printed and "integrated_gradients" in printed
