"""No hidden state changes: no registered method moves the global random generators of numpy, torch or Python's
``random``; explanations run with every submodule in eval mode (no dropout), put each module's own mode back
afterwards, and give the sequential results when two threads share one adapter."""
import random
import threading

import numpy as np
import pytest
import torch

import xai_widgets as xw
from method_subjects import call_method, implementations, method_subjects
from tiny_models import tiny_classifier

ALL = sorted({(name, modality, scope) for name, modality, scope, _ in implementations()})


@pytest.fixture(scope="module")
def subjects():
    return method_subjects()


def rng_states():
    return (np.random.get_state()[1].copy(), np.random.get_state()[2], torch.get_rng_state().clone(),
            random.getstate())


@pytest.mark.parametrize("name,modality,scope", ALL, ids=[f"{n}-{m}-{s}" for n, m, s in ALL])
def test_no_method_touches_the_global_random_generators(subjects, name, modality, scope):
    np.random.seed(12345)
    torch.manual_seed(12345)
    random.seed(12345)
    before = rng_states()
    first = call_method(subjects, name, modality, scope)
    after = rng_states()
    assert (before[0] == after[0]).all() and before[1] == after[1], f"{name} moved numpy's global generator"
    assert torch.equal(before[2], after[2]), f"{name} moved torch's global generator"
    assert before[3] == after[3], f"{name} moved Python's random"
    again = call_method(subjects, name, modality, scope)  # and the result does not depend on the global state
    values = (lambda r: r.scores if hasattr(r, "scores") else r.importances)
    np.testing.assert_allclose(values(first), values(again), rtol=1e-6, atol=1e-9)


@pytest.fixture
def half_training_bert():
    """A tiny BERT (dropout 0.1) in eval mode at the top with one encoder layer left in train mode, as a user who
    called .train() on a submodule would leave it."""
    model, tok = tiny_classifier("bert", seed=4, num_labels=2)
    model.eval()
    model.bert.encoder.layer[0].train()
    return model, xw.load_model(model, tok, labels=["negative", "positive"])


def modes(model):
    return {name: m.training for name, m in model.named_modules()}


@pytest.mark.parametrize("method", ["saliency", "integrated_gradients", "occlusion", "lime", "attention_rollout",
                                    "grad_cam"])
def test_every_submodule_runs_in_eval_mode_and_each_mode_is_put_back(half_training_bert, method):
    model, adapter = half_training_bert
    before = modes(model)
    assert before["bert.encoder.layer.0.attention.self.dropout"] and not before["bert.encoder.layer.1"]
    a = xw.explain("a moving and funny film", model=adapter, method=method)
    b = xw.explain("a moving and funny film", model=adapter, method=method)
    np.testing.assert_array_equal(a.scores, b.scores)  # dropout on would make the two differ
    assert modes(model) == before
    model.eval()
    ref = xw.explain("a moving and funny film", model=adapter, method=method)
    np.testing.assert_allclose(a.scores, ref.scores, rtol=1e-5, atol=1e-7)


def test_attention_maps_run_without_dropout_in_a_half_training_model(half_training_bert):
    model, adapter = half_training_bert
    before = modes(model)
    a = xw.attention("a moving and funny film", model=adapter)
    b = xw.attention("a moving and funny film", model=adapter)
    np.testing.assert_array_equal(a.attentions, b.attentions)
    assert modes(model) == before


def test_two_threads_on_one_adapter_give_the_sequential_results():
    """One thread runs a gradient method, the other a perturbation method (no autograd, where the adapter prunes
    the last layer to the first token), on one adapter whose model is left in train mode: every result equals the
    one computed alone, and the modes are put back once both are done."""
    model, tok = tiny_classifier("bert", seed=5, num_labels=2)
    model.train()
    adapter = xw.load_model(model, tok, labels=["negative", "positive"])
    texts = ["a moving and funny film", "a dull plot", "the acting is wooden and slow", "sweet, warm and clever"]
    jobs = [("saliency", t) for t in texts] + [("occlusion", t) for t in texts] + [("lime", t) for t in texts[:2]]
    alone = {(m, t): xw.explain(t, model=adapter, method=m, **({"num_samples": 200} if m == "lime" else {})).scores
             for m, t in jobs}
    results, errors = {}, []
    barrier = threading.Barrier(2)

    def work(part):
        try:
            barrier.wait()
            for _ in range(3):
                for m, t in part:
                    kw = {"num_samples": 200} if m == "lime" else {}
                    results.setdefault((m, t), []).append(xw.explain(t, model=adapter, method=m, **kw).scores)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(jobs[0::2],)), threading.Thread(target=work, args=(jobs[1::2],))]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors, errors
    for key, runs in results.items():
        for got in runs:
            np.testing.assert_allclose(got, alone[key], rtol=1e-5, atol=1e-7, err_msg=str(key))
    assert all(m.training for m in model.modules())
    assert "forward" not in vars(model.bert.encoder.layer[-1])  # the pruned forward is gone
