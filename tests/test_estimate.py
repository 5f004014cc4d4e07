"""evaluate()'s running-time estimate: the model work it counts is the work the methods do, it is printed before
the run starts (and only when asked or when the run is long), cached records are not counted, it changes no RNG
state and no input, and on the default model it lands near the measured time."""
import time

import numpy as np
import pytest
import torch

import xai_widgets as xw
from xai_widgets.evaluation import estimate as E
from xai_widgets.evaluation import runner

TEXTS = ["a fine film with a dull end", "the cast is good", "an awful, boring and far too long story",
         "not bad at all", "a warm and funny picture that never drags"]


def test_lime_rows_are_the_distinct_samples_lime_sends(tiny_bert):
    enc = tiny_bert.encode(TEXTS[2], warn=False)
    for num_samples in (50, 400):
        attr = xw.explain(TEXTS[2], model=tiny_bert, method="lime", num_samples=num_samples, replacement="mask")
        units = E._units_text(tiny_bert, enc, "lime", {"num_samples": num_samples, "replacement": "mask", "seed": 0})
        assert units == attr.diagnostics["n_unique_samples"] * len(enc.input_ids)


def test_gradient_and_occlusion_units_follow_their_parameters(tiny_bert):
    enc = tiny_bert.encode(TEXTS[0], warn=False)
    n = len(enc.input_ids)
    assert E._units_text(tiny_bert, enc, "integrated_gradients", {"n_steps": 64}) == 64 * n
    assert E._units_text(tiny_bert, enc, "smoothgrad", {"n_samples": 10}) == 10 * n
    d = len(enc.content_positions)
    # occlusion with window 1 removes one content token per row: d rows of n - 1 tokens
    assert E._units_text(tiny_bert, enc, "occlusion", {"window": 1, "stride": 1, "replacement": "remove"}) == d * (n - 1)
    attr = xw.explain(TEXTS[0], model=tiny_bert, method="occlusion", window=3, stride=2)
    rows = E._units_text(tiny_bert, enc, "occlusion", {"window": 3, "stride": 2, "replacement": "mask"}) / n
    assert rows == attr.diagnostics["n_evaluations"] - 1  # the method also counts the reference forward


def test_shap_calls_follow_the_cost_model(tiny_bert):
    """The distinct masked strings partition SHAP sends to the model: within a factor 2 of the cost model."""
    calls = []
    real = tiny_bert.predict_proba

    def counting(texts, output="probability"):
        calls.extend(texts)
        return real(texts, output=output)

    for text in (TEXTS[1], TEXTS[4] + " " + TEXTS[2]):
        calls.clear()
        tiny_bert.predict_proba = counting
        try:
            xw.explain(text, model=tiny_bert, method="shap", max_evals=500)
        finally:
            del tiny_bert.predict_proba
        enc = tiny_bert.encode(text, warn=False)
        predicted = E._units_text(tiny_bert, enc, "shap", {"max_evals": 500}) / len(enc.input_ids)
        assert predicted / 2 <= len(set(calls)) <= predicted * 2, (text, len(set(calls)), predicted)


def test_printed_before_the_run_and_only_when_asked_or_long(tiny_bert, capsys, monkeypatch):
    def boom(plan, show_progress=None):
        raise RuntimeError("the run started")

    monkeypatch.setattr(runner, "run_plan", boom)
    with pytest.raises(RuntimeError, match="the run started"):
        xw.evaluate(tiny_bert, TEXTS[:2], methods=["saliency", "occlusion"], estimate=True)
    err = capsys.readouterr().err
    assert err.startswith("evaluate: about ") and "2 inputs x 2 methods x 6 metrics" in err, err
    assert "timed run of each method on a " in err
    for kw in ({"estimate": False}, {}, {"show_progress": False}):  # False; None on a short run; bars off
        with pytest.raises(RuntimeError):
            xw.evaluate(tiny_bert, TEXTS[:2], methods=["saliency"], **kw)
        assert capsys.readouterr().err == ""
    with pytest.raises(TypeError, match="estimate must be True, False or None"):
        xw.evaluate(tiny_bert, TEXTS[:2], methods=["saliency"], estimate="yes")


def test_long_default_run_announces_itself(tiny_bert, capsys, monkeypatch):
    """evaluate() with its defaults (100 held-out texts, eight methods) prints the estimate without being asked."""
    from xai_widgets import progress as P

    seen = []
    monkeypatch.setattr(runner, "run_plan", lambda plan, show_progress=None: seen.append(plan) or "ran")
    monkeypatch.setattr(E, "estimate_plan", lambda plan: E.EvaluationEstimate(
        seconds=300.0, methods={"lime": 200.0, "shap": 100.0}, metrics=0.0, checks=0.0, n_inputs=len(plan.inputs),
        n_metrics=6, calibration_input="a 20-token text", estimating_seconds=2.0))
    P.set_enabled(True)
    try:
        assert xw.evaluate(tiny_bert) == "ran"
    finally:
        P.set_enabled(None)
    assert len(seen[0].inputs) == 100 and len(seen[0].names) == 8
    assert capsys.readouterr().err.startswith("evaluate: about 5 min 00 s for 100 inputs x 2 methods")


def test_cached_records_are_not_counted_and_nothing_is_changed(tiny_bert, tmp_path):
    texts = list(TEXTS[:3])
    before = list(texts)
    kw = dict(methods=["saliency", "lime"], method_params={"lime": {"num_samples": 60}}, cache=str(tmp_path))
    np_state, torch_state = np.random.get_state(), torch.get_rng_state()
    est = xw.estimate_evaluation(tiny_bert, texts, **kw)
    assert np.array_equal(np.random.get_state()[1], np_state[1]) and torch.equal(torch.get_rng_state(), torch_state)
    assert texts == before and list(tmp_path.iterdir()) == []  # nothing written
    assert est.cached == 0 and est.methods["lime"] > 0 and est.metrics > 0
    assert est.seconds == pytest.approx(sum(est.methods.values()) + est.metrics + est.checks)
    xw.evaluate(tiny_bert, texts, estimate=False, **kw)
    again = xw.estimate_evaluation(tiny_bert, texts, **kw)
    assert again.cached == 6 and again.seconds == 0.0 and "6 explanations already in the cache" in again.line()
    more = xw.estimate_evaluation(tiny_bert, texts + ["one more text here"], **kw)
    assert more.cached == 6 and 0 < more.seconds < est.seconds


def test_checks_are_priced_per_randomization_step_and_seed(tiny_bert):
    base = xw.estimate_evaluation(tiny_bert, TEXTS[:2], methods=["saliency", "lime"],
                                  method_params={"lime": {"num_samples": 40}})
    checked = xw.estimate_evaluation(tiny_bert, TEXTS[:2], methods=["saliency", "lime"],
                                     method_params={"lime": {"num_samples": 40}}, sanity_examples=1,
                                     stability_examples=1, stability_seeds=(0, 1, 2))
    assert base.checks == 0 and checked.checks > 0
    from xai_widgets.evaluation.sanity import randomization_steps

    steps = len(randomization_steps(tiny_bert.model)) + 1
    assert checked.checks > steps * min(checked.calibration["saliency"], checked.calibration["lime"]) / 3


def test_estimate_is_near_the_measured_time_on_the_default_model(default_adapter):
    """The estimate against the run it predicts (same process, same machine): within a factor 3 either way.
    bench/bench_estimate.py measures it on larger runs (bench/README.md)."""
    texts = runner.default_texts(6, seed=3)
    kw = dict(method_params={"lime": {"num_samples": 300}, "shap": {"max_evals": 200},
                             "integrated_gradients": {"n_steps": 20}, "smoothgrad": {"n_samples": 10},
                             "gradient_shap": {"n_samples": 10}})
    est = xw.estimate_evaluation(default_adapter, texts, **kw)
    t0 = time.perf_counter()
    xw.evaluate(default_adapter, texts, estimate=False, **kw)
    took = time.perf_counter() - t0
    assert took / 3 <= est.seconds <= took * 3, (est.line(), took)
