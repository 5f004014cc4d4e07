"""Influential training instances: TracIn factorised = brute force; self first; representer adds up."""
import numpy as np
import pytest
import torch

import xai_widgets as xw
from tiny_models import TINY_LABELS, TINY_TRAIN, tiny_classifier

TRAIN, LABELS = TINY_TRAIN, TINY_LABELS


@pytest.fixture(scope="module")
def bert2():
    model, tok = tiny_classifier("bert", seed=3, num_labels=2)
    return xw.load_model(model, tok, labels=["negative", "positive"])


def _brute_force(adapter, text, label, params):
    ids = adapter.encode(text).input_ids
    out = adapter.model(input_ids=torch.tensor([ids]), attention_mask=torch.ones(1, len(ids), dtype=torch.long))
    loss = torch.nn.functional.cross_entropy(out.logits, torch.tensor([label]))
    return torch.cat([g.flatten() for g in torch.autograd.grad(loss, params)])


def test_tracin_factorised_equals_per_example_gradients(bert2):
    m = bert2.model
    params = [m.classifier.weight, m.classifier.bias, m.bert.pooler.dense.weight, m.bert.pooler.dense.bias]
    query = "a great cast and a dull plot"
    res = xw.influence(query, model=bert2, method="tracin", k=len(TRAIN), train=(TRAIN, LABELS))
    assert res.diagnostics["layers"] == ["bert.pooler.dense", "classifier"]
    pred = bert2.labels.index(res.query_prediction)
    gq = _brute_force(bert2, query, pred, params)
    got = dict(zip(res.indices, res.scores))
    for i, (t, y) in enumerate(zip(TRAIN, LABELS)):
        ref = float(gq @ _brute_force(bert2, t, y, params))
        assert np.isclose(got[i], ref, rtol=1e-5, atol=1e-9), (i, got[i], ref)


def test_a_training_example_ranks_itself_first(bert2):
    checked = 0
    for method, kw in (("knn", {}), ("tracin", {"normalize": True})):
        for i in range(len(TRAIN)):
            res = xw.influence(TRAIN[i], model=bert2, method=method, k=3, train=(TRAIN, LABELS), **kw)
            if method == "tracin" and LABELS[i] != bert2.labels.index(res.query_prediction):
                continue  # TracIn takes the query's loss at its predicted class: the same gradient only then
            assert res.indices[0] == i, (method, i, res.to_pandas())
            checked += 1
    assert checked > len(TRAIN)
    with pytest.raises(ValueError, match="normalize"):
        xw.influence(TRAIN[0], model=bert2, method="knn", normalize=True, train=(TRAIN, LABELS))


def test_self_influence_and_representer(bert2):
    s = xw.self_influence(model=bert2, train=(TRAIN, LABELS), k=4)
    assert len(s.texts) == 4 and list(s.to_pandas()["score"]) == sorted(s.scores, reverse=True)
    r = xw.influence("a fine cast", model=bert2, method="representer", k=len(TRAIN), train=(TRAIN, LABELS))
    # proponents are the positive values, opponents the negative ones, each example once
    assert all(s > 0 for s, kd in zip(r.scores, r.kinds) if kd == "proponent")
    assert all(s < 0 for s, kd in zip(r.scores, r.kinds) if kd == "opponent") and len(set(r.indices)) == len(r.indices)
    # representer theorem: the values add up to the refit logit (up to the solver's tolerance)
    assert abs(sum(r.scores) - r.diagnostics["refit_logit"]) <= 1e-3 * sum(abs(v) for v in r.scores)
    df = r.to_pandas()
    assert list(df.columns) == ["rank", "index", "text", "label", "prediction", "score", "kind"]
    back = xw.ExampleSet.from_json(r.to_json())
    assert back.to_pandas().equals(df)
    assert "&lt;" in xw.influence("<b>x</b>", model=bert2, method="knn", k=2, train=(TRAIN, LABELS))._static_html()


def test_bad_inputs(bert2):
    with pytest.raises(ValueError, match="method must be"):
        xw.influence("x", model=bert2, method="loo", train=(TRAIN, LABELS))
    with pytest.raises(ValueError, match="k must be"):
        xw.influence("x", model=bert2, k=0, train=(TRAIN, LABELS))
    with pytest.raises(ValueError, match="required for a model other"):
        xw.influence("x", model=bert2)
    with pytest.raises(ValueError, match="must match"):
        xw.influence("x", model=bert2, train=(TRAIN, LABELS[:3]))
    with pytest.raises(ValueError, match="class indices"):
        xw.influence("x", model=bert2, train=(TRAIN, [5] * len(TRAIN)))
    with pytest.raises(ValueError, match="l2"):
        xw.influence("x", model=bert2, method="representer", l2=0, train=(TRAIN, LABELS))


def test_fingerprint_is_stable_across_encoding(bert2):
    """Encoding sets the backend tokenizer's truncation state; the fingerprint (cache keys) must not follow it."""
    before = bert2.fingerprint()
    bert2.predict_proba(["a long sentence " * 200, "short"])
    assert bert2.fingerprint() == before


def test_cache_follows_weight_changes(bert2):
    a = xw.influence("a fine cast", model=bert2, method="knn", k=3, train=(TRAIN, LABELS))
    w = bert2.model.classifier.weight
    saved = w.detach().clone()
    bias = bert2.model.bert.pooler.dense.bias
    shift = torch.linspace(-2.0, 2.0, bias.numel())
    with torch.no_grad():
        bias.add_(shift)  # in place: same storage, new version counter
    try:
        b = xw.influence("a fine cast", model=bert2, method="knn", k=3, train=(TRAIN, LABELS))
        assert not np.allclose(a.scores, b.scores)
    finally:
        with torch.no_grad():
            bias.sub_(shift)
    assert torch.equal(w, saved)


def test_a_classifier_that_pools_after_its_head_is_refused():
    """GPT-2-style classifiers apply the head to every token and pool afterwards: the first token's vector does
    not give their logits, and the example-based methods say so instead of returning wrong scores."""
    from transformers import GPT2Config, GPT2ForSequenceClassification

    from tiny_models import bpe_tokenizer

    tok = bpe_tokenizer()
    with torch.random.fork_rng():
        torch.manual_seed(0)
        model = GPT2ForSequenceClassification(GPT2Config(vocab_size=len(tok), n_embd=32, n_layer=2, n_head=4,
                                                         n_positions=130, num_labels=2,
                                                         pad_token_id=tok.pad_token_id)).eval()
    adapter = xw.load_model(model, tok, labels=["negative", "positive"])
    with pytest.raises(ValueError, match="pool afterwards"):
        xw.influence("a fine cast", model=adapter, method="knn", train=(TRAIN, LABELS))


def test_user_models_never_load_the_default_model(bert2, monkeypatch):
    import xai_widgets.models as models

    def refuse(*a, **k):
        if not a and not k:
            raise AssertionError("the default model was loaded for a user's model")
        return real(*a, **k)

    real = models.load_model
    monkeypatch.setattr(models, "_DEFAULT", {})
    monkeypatch.setattr(models, "load_model", refuse)
    xw.influence("a fine cast", model=bert2, method="tracin", k=2, train=(TRAIN, LABELS))
    xw.self_influence(model=bert2, train=(TRAIN, LABELS), k=2)
    with pytest.raises(ValueError, match="train=|texts"):
        xw.influence("a fine cast", model=bert2)
