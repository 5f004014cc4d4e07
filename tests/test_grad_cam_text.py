"""Grad-CAM for text: equal to a hand computation on a tiny BERT; the degenerate last layer is detected."""
import warnings

import numpy as np
import pytest
import torch

import xai_widgets as xw

TEXT = "a dull film with a great cast"


def _hand(adapter, layer, target):
    ids = adapter.encode(TEXT).input_ids
    emb = adapter.embed(ids)
    out = adapter.model(inputs_embeds=emb, attention_mask=torch.ones(1, len(ids), dtype=torch.long),
                        output_hidden_states=True)
    h = out.hidden_states[layer + 1]  # hidden_states[0] is the embedding output
    (g,) = torch.autograd.grad(out.logits[0, target], h)
    alpha = g[0].mean(0)
    return torch.relu(h[0] @ alpha).detach().numpy(), g[0]


def test_text_grad_cam_equals_hand_computation(tiny_bert):
    for layer in (0, 1):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            r = xw.explain(TEXT, model=tiny_bert, method="grad_cam", layer=layer, target=1)
        ref, _ = _hand(tiny_bert, layer, 1)
        np.testing.assert_allclose(r.scores[0], ref, rtol=1e-4, atol=1e-7)
        assert r.params["output"] == "logit" and not r.signed


def test_degenerate_last_layer_warns_and_default_avoids_it(tiny_bert):
    _, g = _hand(tiny_bert, 1, 1)
    assert float(g[1:].abs().max()) == 0.0  # the pooler reads [CLS] only: no gradient elsewhere at the last layer
    with pytest.warns(xw.XaiWidgetsWarning, match="degenerate"):
        r = xw.explain(TEXT, model=tiny_bert, method="grad_cam", layer=-1)
    assert r.diagnostics["degenerate"] is True
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        d = xw.explain(TEXT, model=tiny_bert, method="grad_cam")
    assert d.diagnostics["layer"] == 0 and d.diagnostics["degenerate"] is False
    assert d.diagnostics["gradient_share_off_first_token"][-1] == 0.0
    named = xw.explain(TEXT, model=tiny_bert, method="grad_cam", layer="bert.encoder.layer.0")
    np.testing.assert_allclose(named.scores, d.scores)


def test_attention_grad_cam_by_hand(tiny_bert):
    from xai_widgets.attention.extract import eager_attention

    r = xw.explain(TEXT, model=tiny_bert, method="attention_grad_cam", target=1)
    ids = tiny_bert.encode(TEXT).input_ids
    model = tiny_bert.model
    with eager_attention(model):
        out = model(inputs_embeds=tiny_bert.embed(ids), attention_mask=torch.ones(1, len(ids), dtype=torch.long),
                    output_attentions=True)
    att = out.attentions[-1]
    (g,) = torch.autograd.grad(out.logits[0, 1], att)
    ref = torch.relu(att[0, :, 0] * g[0, :, 0]).mean(0).detach().numpy()
    np.testing.assert_allclose(r.scores[0], ref, rtol=1e-4, atol=1e-8)


def test_bad_layers(tiny_bert):
    with pytest.raises(ValueError, match="out of range"):
        xw.explain(TEXT, model=tiny_bert, method="grad_cam", layer=7)
    with pytest.raises(ValueError, match="no module named"):
        xw.explain(TEXT, model=tiny_bert, method="grad_cam", layer="bert.encoder.layer.9")
    with pytest.raises(TypeError, match="bool"):
        xw.explain(TEXT, model=tiny_bert, method="grad_cam", layer=True)


def test_grad_cam_is_registered_for_evaluation(tiny_bert):
    ev = xw.evaluate(tiny_bert, [TEXT, "the plot is fun"], methods=["grad_cam", "attention_grad_cam"],
                     show_progress=False)
    assert set(ev.to_pandas()["method"]) == {"grad_cam", "attention_grad_cam"}


def test_grad_cam_and_tcav_on_every_tiny_family(tiny_adapter):
    """Model-agnostic: BERT, DistilBERT and RoBERTa (random weights) through the same code."""
    r = xw.explain(TEXT, model=tiny_adapter, method="grad_cam", target=0)
    n = r.diagnostics["n_layers"]
    assert r.diagnostics["gradient_share_off_first_token"][-1] == 0.0 and r.diagnostics["layer"] < n - 1
    assert np.isfinite(r.scores).all() and (r.scores >= 0).all()
    a = xw.explain(TEXT, model=tiny_adapter, method="attention_grad_cam", target=0)
    assert a.scores.shape == r.scores.shape
    words = ["good", "great", "fine", "nice", "happy", "bright"]
    tc = xw.concept_test({"c": words}, model=tiny_adapter, target=0, examples=[TEXT, "the plot is fun"],
                         random_pool=["dark", "sad", "cold", "slow", "table", "river", "stone", "paper"],
                         random_concepts=3)
    assert tc.scores.shape == (1, n, 3) and np.isfinite(tc.p_values).all()
