"""The pruned last layer (first token only) gives the full model's logits, is used only where it is exact,
and leaves the model as it was."""
import numpy as np
import pytest
import torch
from tiny_models import tiny_classifier, wordpiece_tokenizer

import xai_widgets as xw
from xai_widgets.models.first_token_head import first_token_last_layer, last_layer


def batch(adapter, n=12, seed=0):
    rng = np.random.default_rng(seed)
    cls = adapter.tokenizer.cls_token_id if adapter.tokenizer.cls_token_id is not None else 0
    sep = adapter.tokenizer.sep_token_id if adapter.tokenizer.sep_token_id is not None else 2
    return [[cls] + rng.integers(10, 700, size=k).tolist() + [sep] for k in rng.integers(1, 25, size=n)]


def tiny_electra():
    from transformers import ElectraConfig, ElectraForSequenceClassification

    torch.manual_seed(0)
    tok = wordpiece_tokenizer()
    cfg = ElectraConfig(vocab_size=tok.vocab_size, embedding_size=16, hidden_size=32, num_hidden_layers=2,
                        num_attention_heads=4, intermediate_size=64, num_labels=2)
    return ElectraForSequenceClassification(cfg).eval(), tok


@pytest.mark.parametrize("kind", ["bert", "roberta", "electra", "bert-eager"])
def test_pruned_logits_equal_the_full_forward(kind):
    if kind == "electra":
        model, tok = tiny_electra()
    else:
        model, tok = tiny_classifier(kind.split("-")[0])
        if kind.endswith("eager"):
            model.set_attn_implementation("eager")
    adapter = xw.load_model(model, tok)
    assert last_layer(adapter.model) is not None
    seqs = batch(adapter)
    ids, kwargs = adapter._batch(seqs)
    before = {k: v.clone() for k, v in model.state_dict().items()}
    with torch.inference_mode():
        full = adapter.logits(ids, **kwargs)
        with first_token_last_layer(adapter.model) as active:
            fast = adapter.logits(ids, **kwargs)
    assert active
    torch.testing.assert_close(fast, full, rtol=1e-5, atol=1e-5)
    assert "forward" not in vars(last_layer(model))  # the shadowing forward is gone again
    assert all(torch.equal(before[k], v) for k, v in model.state_dict().items())
    probs = adapter.predict_ids(seqs)
    assert adapter.first_token_pruning is True
    with torch.inference_mode():
        np.testing.assert_allclose(probs, torch.softmax(adapter.logits(ids, **kwargs), -1).numpy(), atol=1e-6)


def test_models_that_read_other_tokens_are_not_pruned():
    adapter = xw.load_model(*tiny_classifier("distilbert"))
    assert last_layer(adapter.model) is None
    adapter.predict_ids(batch(adapter, 3))
    assert adapter.first_token_pruning is False


def test_never_pruned_under_autograd(tiny_bert):
    with first_token_last_layer(tiny_bert.model) as active:
        assert not active


def test_a_disagreeing_prune_is_switched_off(monkeypatch):
    model, tok = tiny_classifier("bert")
    adapter = xw.load_model(model, tok)
    import xai_widgets.models.first_token_head as fth

    real = fth._first_token_forward

    def wrong(layer):
        forward = real(layer)
        return lambda *a, **k: forward(*a, **k) + 1.0

    monkeypatch.setattr(fth, "_first_token_forward", wrong)
    seqs = batch(adapter, 5)
    first = adapter.predict_ids(seqs)
    assert adapter.first_token_pruning is False
    adapter.first_token_pruning = False
    np.testing.assert_allclose(adapter.predict_ids(seqs), first)


def test_a_failing_prune_falls_back_to_the_full_forward(monkeypatch):
    model, tok = tiny_classifier("bert")
    adapter = xw.load_model(model, tok)
    seqs = batch(adapter, 5)
    expected = adapter.predict_ids(seqs)  # checked and pruned from here on
    assert adapter.first_token_pruning is True
    import xai_widgets.models.first_token_head as fth

    def broken(layer):
        def forward(*a, **k):
            raise RuntimeError("not covered")
        return forward

    monkeypatch.setattr(fth, "_first_token_forward", broken)
    np.testing.assert_allclose(adapter.predict_ids(seqs), expected, atol=1e-6)
    assert adapter.first_token_pruning is False
    assert "forward" not in vars(last_layer(model))


def test_a_layer_with_its_own_forward_wrapper_is_left_alone():
    model, tok = tiny_classifier("bert")
    layer = model.base_model.encoder.layer[-1]
    original = layer.forward
    calls = []

    def wrapper(*a, **k):  # what accelerate's hooks look like: an instance attribute over the class method
        calls.append(1)
        return original(*a, **k)

    layer.forward = wrapper
    adapter = xw.load_model(model, tok)
    assert last_layer(model) is None
    adapter.predict_ids(batch(adapter, 3))
    assert adapter.first_token_pruning is False and calls and layer.forward is wrapper
