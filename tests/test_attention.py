"""Attention maps: extraction (encoders and causal LMs, SDPA fallback), statistics, rollout, flow, the
registered attribution methods and the explorer widget's state and messages."""
import numpy as np
import pytest
import torch

import xai_widgets as xw
from xai_widgets.attention import (AttentionMaps, AttentionUnavailableError, flow_scores, head_statistics, max_flow,
                                   rollout_matrix, rollout_scores)
from xai_widgets.attention.flow import FlowNetwork
from xai_widgets.models import CausalLM
from tiny_causal import tiny_causal
from tiny_models import tiny_classifier

TEXT = "This movie is amazing!"


@pytest.fixture(scope="module", params=["bert", "roberta", "distilbert", "gpt2", "llama"])
def adapter(request):
    kind = request.param
    model, tok = tiny_causal(kind) if kind in ("gpt2", "llama") else tiny_classifier(kind)
    return xw.load_model(model, tok)


def test_extraction_shapes_row_sums_and_sdpa_restored(adapter):
    before = adapter.model.config._attn_implementation
    maps = xw.attention(TEXT, adapter)
    assert isinstance(maps, AttentionMaps)
    n = len(adapter.encode(TEXT).input_ids)
    assert maps.shape == (2, 4, n, n) and maps.n_layers == 2 and maps.n_heads == 4 and len(maps.tokens) == n
    np.testing.assert_allclose(maps.attentions.sum(-1), 1.0, atol=1e-5)
    assert adapter.model.config._attn_implementation == before  # switched to eager for the pass only
    causal = isinstance(adapter, CausalLM)
    assert maps.causal is causal
    if causal:
        assert np.all(maps.attentions[..., np.triu_indices(n, 1)[0], np.triu_indices(n, 1)[1]] == 0)
        assert maps.output_position == n - 1


def test_load_model_gives_causal_adapters_and_keeps_classifiers():
    model, tok = tiny_causal("gpt2")
    assert isinstance(xw.load_model(model, tok), CausalLM)
    model, tok = tiny_classifier("bert")
    assert isinstance(xw.load_model(model, tok), xw.TextClassifier)


def test_sdpa_model_gives_attentions_only_through_the_fallback():
    model, tok = tiny_classifier("bert")
    assert model.config._attn_implementation == "sdpa"
    ids = tok(TEXT, return_tensors="pt")
    with torch.no_grad():
        assert not model(**ids, output_attentions=True).attentions  # transformers 5: none under SDPA
    maps = xw.attention(TEXT, (model, tok))
    assert maps.attn_implementation == "sdpa" and maps.attentions.shape[0] == 2


def test_model_without_attentions_raises_a_clear_error():
    class NoAttention(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.lin = torch.nn.Linear(2, 2)
            self.config = type("C", (), {"_attn_implementation": "eager", "id2label": {0: "a", 1: "b"},
                                         "num_labels": 2})()

        def forward(self, input_ids=None, attention_mask=None, output_attentions=False, inputs_embeds=None):
            return type("O", (), {"logits": torch.zeros(1, 2), "attentions": ()})()

    _, tok = tiny_classifier("bert")
    with pytest.raises(AttentionUnavailableError, match="no attention weights"):
        xw.attention(TEXT, (NoAttention(), tok))


def test_rollout_matches_a_hand_computation_on_three_tokens():
    a1 = np.array([[0.5, 0.5, 0.0], [0.2, 0.6, 0.2], [0.0, 0.0, 1.0]])
    a2 = np.array([[0.0, 1.0, 0.0], [1 / 3, 1 / 3, 1 / 3], [0.5, 0.0, 0.5]])
    att = np.stack([np.stack([a1, a1]), np.stack([a2, a2])])  # 2 layers x 2 identical heads
    # by hand: Â = 0.5 A + 0.5 I (rows already sum to 1), R = Â2 Â1
    h1 = np.array([[0.75, 0.25, 0.0], [0.1, 0.8, 0.1], [0.0, 0.0, 1.0]])
    h2 = np.array([[0.5, 0.5, 0.0], [1 / 6, 2 / 3, 1 / 6], [0.25, 0.0, 0.75]])
    expected = h2 @ h1
    np.testing.assert_allclose(expected[0], [0.425, 0.525, 0.05])
    np.testing.assert_allclose(rollout_matrix(att), expected)
    np.testing.assert_allclose(rollout_scores(att, 0), [0.425, 0.525, 0.05])
    np.testing.assert_allclose(rollout_matrix(att).sum(-1), 1.0)


def test_max_flow_on_a_graph_with_known_value():
    # the textbook network (CLRS fig. 26.1): max flow 23
    edges = [(0, 1, 16), (0, 2, 13), (1, 3, 12), (2, 1, 4), (2, 4, 14), (3, 2, 9), (3, 5, 20), (4, 3, 7), (4, 5, 4)]
    assert max_flow(6, edges, 0, 5) == pytest.approx(23)
    net = FlowNetwork(3)
    net.add_edge(0, 1, 0.3)
    net.add_edge(1, 2, 0.2)
    assert net.max_flow(0, 2) == pytest.approx(0.2)
    assert net.max_flow(0, 2) == pytest.approx(0.2)  # the network is reusable


def test_flow_on_a_two_layer_toy_and_against_networkx():
    a = np.array([[[0.5, 0.5], [0.0, 1.0]]])  # 1 layer, 1 head: Â = [[0.75, 0.25], [0, 1]]
    # flows into output position 0: from token 0: 0.75, from token 1: 0.25
    np.testing.assert_allclose(flow_scores(a[:, None], 0, normalize=False), [0.75, 0.25])
    rng = np.random.RandomState(0)
    att = rng.dirichlet(np.ones(6), size=(3, 2, 6))
    ours = flow_scores(att, 0, normalize=False)
    nx = pytest.importorskip("networkx")
    from xai_widgets.attention.rollout import residual_augmented

    aug = residual_augmented(att)
    g = nx.DiGraph()
    for l in range(3):
        for i in range(6):
            for j in range(6):
                g.add_edge((l, j), (l + 1, i), capacity=aug[l, i, j])
    ref = [nx.maximum_flow_value(g, (0, j), (3, 0)) for j in range(6)]
    np.testing.assert_allclose(ours, ref, rtol=1e-9)


def test_flow_refuses_long_inputs_with_a_clear_error():
    att = np.full((1, 1, 70, 70), 1 / 70)
    with pytest.raises(ValueError, match="max_tokens=64"):
        flow_scores(att)


def test_statistics_name_positional_and_separator_heads():
    n = 6
    prev = np.eye(n, k=-1)
    prev[0, 0] = 1
    sep = np.zeros((n, n))
    sep[:, n - 1] = 1
    first = np.zeros((n, n))
    first[:, 0] = 1
    uniform = np.full((n, n), 1 / n)
    att = np.stack([np.stack([prev, sep, first, uniform])])
    special = [True, False, False, False, False, True]
    st = head_statistics(att, special)
    assert st["role"][0] == ["previous token", "separator", "first token ([CLS]/BOS)", "broad"]
    assert st["to_prev"][0, 0] == pytest.approx(1.0) and st["to_special"][0, 1] == pytest.approx(1.0)
    assert st["entropy"][0, 0] == pytest.approx(0.0) and st["entropy"][0, 3] == pytest.approx(np.log2(n))


def test_registered_methods_match_the_maps(tiny_bert):
    assert {"attention_rollout", "attention_flow"} <= set(xw.available_methods())
    maps = xw.attention(TEXT, tiny_bert)
    ro = xw.explain(TEXT, tiny_bert, method="attention_rollout", target="all")
    assert isinstance(ro, xw.Attribution) and ro.scores.shape == (3, maps.n_tokens)
    np.testing.assert_allclose(ro.scores[0], maps.rollout()[0], rtol=1e-6)
    assert ro.signed is False and ro.diagnostics["class_agnostic"]
    fl = xw.explain(TEXT, tiny_bert, method="attention_flow")
    np.testing.assert_allclose(fl.scores[0], maps.flow(), rtol=1e-6)
    assert fl.scores[0].sum() == pytest.approx(1.0)
    both = xw.explain(TEXT, tiny_bert, methods=["attention_rollout", "saliency"])
    assert both.methods == ["attention_rollout", "saliency"]


def test_causal_rollout_explains_the_last_token():
    model, tok = tiny_causal("llama")
    r = xw.explain(TEXT, (model, tok), method="attention_rollout")
    maps = xw.attention(TEXT, (model, tok))
    np.testing.assert_allclose(r.scores[0], maps.rollout()[-1], rtol=1e-6)
    assert r.params["position"] == maps.n_tokens - 1 and r.labels[0].startswith("next:")


def test_to_pandas_and_plot(tiny_bert):
    import matplotlib

    matplotlib.use("Agg")
    maps = xw.attention(TEXT, tiny_bert)
    heads = maps.to_pandas()
    assert len(heads) == 8 and {"entropy", "to_first", "to_special", "to_self", "to_prev", "role"} <= set(heads)
    pairs = maps.to_pandas(layer=1, head=2)
    assert len(pairs) == maps.n_tokens ** 2
    np.testing.assert_allclose(pairs["weight"].to_numpy().reshape(maps.n_tokens, -1), maps.attentions[1, 2])
    assert maps.plot(layer=0).get_title() == "layer 0, mean of heads"
    with pytest.raises(IndexError, match="2 layers"):
        maps.head(5)


def test_explorer_state_is_small_and_weights_come_as_float16_buffers(tiny_bert):
    from xai_widgets.widgets.attention_explorer import AttentionExplorer

    maps = xw.attention(TEXT, tiny_bert)
    w = AttentionExplorer(maps)
    state = w.get_state()
    assert "attentions" not in state and isinstance(state["thumbs"], (bytes, memoryview))
    assert len(state["thumbs"]) == 2 * 4 * min(32, maps.n_tokens) ** 2
    reply, buffers = w.answer({"type": "request", "layer": 1, "head": 3})
    n = maps.n_tokens
    assert reply["dtype"] == "float16" and len(buffers[0]) == 2 * n * n
    np.testing.assert_allclose(np.frombuffer(buffers[0], "<f2").reshape(n, n), maps.attentions[1, 3], atol=1e-3)
    reply, buffers = w.answer({"type": "request", "layer": 0, "head": "all"})
    assert len(buffers[0]) == 2 * 4 * n * n
    reply, buffers = w.answer({"type": "request", "layer": 9, "head": 0})
    assert reply["type"] == "error" and buffers == []
    bundle = maps._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_offline_export_inlines_the_current_layer(tiny_bert, tmp_path):
    maps = xw.attention(TEXT, tiny_bert)
    html = maps.to_html(str(tmp_path / "a.html")).read_text(encoding="utf-8")
    assert "attention_explorer" in html or "xw-bundle-attention_explorer" in html
    from xai_widgets.widgets.attention_explorer import AttentionExplorer

    name, state = AttentionExplorer(maps, layer=1)._export_spec()
    assert name == "attention_explorer" and list(state["inline"]) == ["1:all"]
    assert "http://" not in html.split("<script")[0]


def test_load_model_from_a_causal_folder(tmp_path):
    model, tok = tiny_causal("gpt2")
    model.save_pretrained(tmp_path)
    tok.save_pretrained(tmp_path)
    a = xw.load_model(str(tmp_path))
    assert isinstance(a, CausalLM)
    np.testing.assert_allclose(xw.attention(TEXT, a).attentions, xw.attention(TEXT, (model, tok)).attentions,
                               atol=1e-6)


def test_causal_lm_with_a_classifier_method_is_a_clear_error():
    model, tok = tiny_causal("gpt2")
    with pytest.raises(TypeError, match="attention_rollout, attention_flow"):
        xw.explain(TEXT, (model, tok), method="saliency")


def test_maps_save_and_load_round_trip(tiny_bert, tmp_path):
    maps = xw.attention(TEXT, tiny_bert)
    maps.save(tmp_path / "maps.npz")
    back = AttentionMaps.load(tmp_path / "maps.npz")
    assert back.tokens == maps.tokens and back.special == maps.special and back.causal == maps.causal
    np.testing.assert_array_equal(back.attentions, maps.attentions)
