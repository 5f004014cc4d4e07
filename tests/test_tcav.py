"""TCAV: a toy model whose class depends on a known direction; seeds; bad inputs; the result protocol."""
from types import SimpleNamespace

import numpy as np
import pytest
import torch

import xai_widgets as xw
from tiny_models import wordpiece_tokenizer


class Block(torch.nn.Module):
    def __init__(self, d):
        super().__init__()
        self.lin = torch.nn.Linear(d, d)
        with torch.no_grad():
            self.lin.weight.mul_(0.1)

    def forward(self, h):
        return (h + torch.tanh(self.lin(h)),)


class DirectionModel(torch.nn.Module):
    """logit(positive) = 4 p . u + 3 (p . w)^2 with p = mean_t h_t: the class depends on one known direction u
    of the token states (w is orthogonal to u and only makes the gradient's direction vary between examples, as in
    a real network); the concept words' embeddings are pushed along u."""

    def __init__(self, tok, concept_ids, d=8, seed=0):
        super().__init__()
        g = torch.Generator().manual_seed(seed)
        self.embed = torch.nn.Embedding(len(tok), d)
        self.u = torch.nn.functional.normalize(torch.randn(d, generator=g), dim=0)
        w = torch.randn(d, generator=g)
        self.w = torch.nn.functional.normalize(w - (w @ self.u) * self.u, dim=0)
        with torch.no_grad():
            self.embed.weight.copy_(torch.randn(len(tok), d, generator=g) * 0.5)
            self.embed.weight[concept_ids] += 2.0 * self.u
        with torch.random.fork_rng():  # the blocks' init from this seed, whatever ran before (global RNG untouched)
            torch.manual_seed(seed)
            self.layers = torch.nn.ModuleList([Block(d), Block(d)])

    def get_input_embeddings(self):
        return self.embed

    def forward(self, input_ids=None, attention_mask=None, inputs_embeds=None, **kwargs):
        h = self.embed(input_ids) if inputs_embeds is None else inputs_embeds
        m = torch.ones(h.shape[:2]) if attention_mask is None else attention_mask.to(h.dtype)
        for layer in self.layers:
            (h,) = layer(h)
        pooled = (h * m[..., None]).sum(1) / m.sum(1, keepdim=True)
        pos = 4 * pooled @ self.u + 3 * (pooled @ self.w) ** 2
        return SimpleNamespace(logits=torch.stack([torch.zeros_like(pos), pos], dim=1))


@pytest.fixture(scope="module")
def toy():
    tok = wordpiece_tokenizer()
    words = [w for w, i in sorted(tok.get_vocab().items(), key=lambda kv: kv[1])
             if w.isalpha() and len(w) >= 4 and 3000 <= i < 9000][:360]
    concept, other = words[:60], words[60:]
    model = DirectionModel(tok, tok.convert_tokens_to_ids(concept)).eval()
    adapter = xw.load_model(model, tok, labels=["negative", "positive"], name="direction")
    rng = np.random.default_rng(0)
    examples = [" ".join(rng.choice(other, 5)) for _ in range(40)]
    return adapter, concept, other, examples


def test_aligned_concept_significant_random_not(toy):
    adapter, concept, other, examples = toy
    r = xw.concept_test({"aligned": concept, "random words": other[200:260]}, model=adapter, target="positive",
                        examples=examples, random_pool=other[:200], random_concepts=10, seed=0)
    df = r.to_pandas().set_index(["concept", "layer"])
    for layer in r.layers:
        row = df.loc[("aligned", layer)]
        assert row.tcav_score > 0.95 and row.significant and row.cav_accuracy > 0.9, row
        assert not df.loc[("random words", layer)].significant
        assert not df.loc[("random words", layer)].significant_set
    assert list(df.columns[:8]) == ["target", "tcav_score", "tcav_std", "random_mean", "random_std", "p_value",
                                    "p_holm", "significant"]
    # the mean-difference CAV finds the same direction in closed form
    md = xw.concept_test({"aligned": concept}, model=adapter, target=1, examples=examples, layers=[-1],
                         random_pool=other[:200], random_concepts=5, cav="mean_difference")
    assert md.to_pandas().tcav_score.iloc[0] > 0.95
    # per-token sensitivity: one value per token, as an Attribution for TokenHighlight
    a = r.token_attribution("aligned", r.layers[0], 0)
    assert a.scores.shape == (1, len(r.example_tokens[0])) and a.method == "tcav_sensitivity"
    best = r.aligned_examples("aligned", r.layers[0], k=3)
    assert list(best["kind"].unique()) == ["most aligned", "least aligned"]


def test_seeds_reproduce_and_json_round_trip(toy):
    adapter, concept, other, examples = toy
    kw = dict(model=adapter, target=1, examples=examples[:10], random_pool=other[:100], random_concepts=4)
    a = xw.concept_test({"c": concept[:20]}, seed=3, **kw)
    b = xw.concept_test({"c": concept[:20]}, seed=3, **kw)
    c = xw.concept_test({"c": concept[:20]}, seed=4, **kw)
    np.testing.assert_array_equal(a.scores, b.scores)
    np.testing.assert_array_equal(a.p_values, b.p_values)
    assert not np.array_equal(a.cav_accuracy, c.cav_accuracy) or not np.array_equal(a.random_scores,
                                                                                    c.random_scores)
    back = xw.ConceptScores.from_json(a.to_json())
    np.testing.assert_allclose(back.scores, a.scores)
    assert back.to_pandas().equals(a.to_pandas())
    state = np.random.get_state()[1].copy()
    xw.concept_test({"c": concept[:20]}, seed=3, **kw)
    assert np.array_equal(state, np.random.get_state()[1])


def test_holm_and_ttest():
    from xai_widgets.concepts.tcav import holm, t_test

    np.testing.assert_allclose(holm(np.array([0.01, 0.04, 0.03])), [0.03, 0.06, 0.06])
    assert t_test(np.ones(5), np.ones(5)) == 1.0 and t_test(np.ones(5), np.zeros(5)) == 0.0


def test_bad_concepts_and_parameters(toy):
    adapter, concept, other, examples = toy
    kw = dict(model=adapter, target=1, examples=examples[:5], random_pool=other[:50], random_concepts=2)
    with pytest.raises(ValueError, match="at least 2"):
        xw.concept_test({"one": ["word"]}, **kw)
    with pytest.raises(ValueError, match="non-empty string"):
        xw.concept_test({"c": ["ok", None]}, **kw)
    with pytest.raises(ValueError, match="built-in names"):
        xw.concept_test(["happiness"], **kw)
    with pytest.raises(ValueError, match="unknown spec"):
        xw.concept_test({"c": "inquirer"}, **kw)
    with pytest.raises(ValueError, match="General Inquirer category"):
        xw.concept_test({"c": "inquirer:Positive"}, **kw)
    with pytest.raises(ValueError, match="random_concepts"):
        xw.concept_test({"c": concept}, **{**kw, "random_concepts": 1})
    with pytest.raises(ValueError, match="not an encoder-layer index"):
        xw.concept_test({"c": concept}, layers=[5], **kw)
    with pytest.raises(ValueError, match="cav must be"):
        xw.concept_test({"c": concept}, cav="svm", **kw)
    with pytest.raises(ValueError, match="seed"):
        xw.concept_test({"c": concept}, seed=1.5, **kw)


def test_builtin_pools():
    from xai_widgets.concepts import concept_examples
    from xai_widgets.concepts.pools import random_pool

    sets = concept_examples(["positive", "negative", "neutral"])
    assert len(sets["positive"]) > 1000 and "good" in sets["positive"] and "bad" in sets["negative"]
    assert not set(sets["neutral"]) & set(sets["positive"])
    words = random_pool("auto", sets)
    assert words and not set(words) & set(sets["positive"])
    assert len(random_pool("auto", {"s": ["a whole sentence here", "and another one"]})) > 4000


def test_older_json_without_the_set_test(toy):
    adapter, concept, other, examples = toy
    r = xw.concept_test({"c": concept[:20]}, model=adapter, target=1, examples=examples[:5],
                        random_pool=other[:60], random_concepts=3)
    d = r.to_json()
    for k in ("p_set", "p_set_holm", "significant_set"):
        d.pop(k)
    back = xw.ConceptScores.from_json(d)
    assert np.isnan(back.p_set_holm).all() and not back.significant_set.any()
    from xai_widgets.widgets.concept_report import ConceptReport

    ConceptReport(d)
