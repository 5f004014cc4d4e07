"""load_model on any transformers classifier, and clear errors for bad input (nothing the user passed mutated)."""
import warnings

import numpy as np
import pytest
import torch

import xai_widgets as xw
from xai_widgets.methods import CORE_METHODS
from tiny_models import tiny_classifier, wordpiece_tokenizer

FAST = {"integrated_gradients": {"n_steps": 8}, "smoothgrad": {"n_samples": 4}, "gradient_shap": {"n_samples": 8},
        "lime": {"num_samples": 60}, "shap": {"max_evals": 60}}


@pytest.mark.parametrize("kind", ["bert", "distilbert", "roberta"])
def test_load_model_wraps_any_transformers_classifier(kind):
    model, tok = tiny_classifier(kind)
    a = xw.load_model(model, tok)
    assert a.model is model and a.tokenizer is tok
    assert a.labels == ["negative", "positive", "neutral"]
    p = a.predict_proba(["a fine film", "dull"])
    assert p.shape == (2, 3) and np.allclose(p.sum(1), 1)


def test_load_model_from_a_local_folder(tmp_path):
    model, tok = tiny_classifier("distilbert")
    model.save_pretrained(tmp_path)
    tok.save_pretrained(tmp_path)
    a = xw.load_model(str(tmp_path))
    assert a.labels == ["negative", "positive", "neutral"]
    np.testing.assert_allclose(a.predict_proba(["a fine film"]), xw.load_model(model, tok).predict_proba(["a fine film"]),
                               atol=1e-6)


def test_every_core_method_runs_on_every_tiny_family(tiny_adapter):
    text = "An oddly moving, beautifully shot film."
    n = len(tiny_adapter.encode(text).input_ids)
    for name in CORE_METHODS:
        r = xw.explain(text, model=tiny_adapter, method=name, target="all", **FAST.get(name, {}))
        assert r.scores.shape == (3, n), name
        assert np.isfinite(r.scores).all(), name
        assert r.targets[0] == int(np.argmax(r.probabilities)), name
        specials = [i for i, s in enumerate(r.special) if s]
        assert specials, name
        assert "".join(t for t, s in zip(r.tokens, r.special) if not s).replace(" ", "") in text.replace(" ", "")


def test_roberta_tokens_are_raw_substrings_without_byte_markers():
    model, tok = tiny_classifier("roberta")
    r = xw.explain("Great fun", model=xw.load_model(model, tok), method="occlusion")
    assert r.tokens == ["<s>", "G", "re", "at", "fun", "</s>"]  # the tiny BPE splits "Great"
    assert r.space_before == [True, True, False, False, True, True]  # pieces join, "fun" follows a space
    assert r.merge_words().tokens == ["<s>", "Great", "fun", "</s>"]


def test_target_by_label_name_index_and_all(tiny_bert):
    by_name = xw.explain("good", model=tiny_bert, method="saliency", target="neutral")
    by_index = xw.explain("good", model=tiny_bert, method="saliency", target=2)
    np.testing.assert_array_equal(by_name.scores, by_index.scores)
    assert by_name.targets == [2]
    everything = xw.explain("good", model=tiny_bert, method="saliency", target="all")
    assert sorted(everything.targets) == [0, 1, 2]


@pytest.mark.parametrize("bad", ["", "   \n\t"])
def test_empty_text_is_a_clear_error(tiny_bert, bad):
    with pytest.raises(ValueError, match="empty or only whitespace"):
        xw.explain(bad, model=tiny_bert, method="saliency")


@pytest.mark.parametrize("bad", [None, 42, ["a list"], b"bytes"])
def test_non_string_text_is_a_clear_error(tiny_bert, bad):
    with pytest.raises(TypeError, match="text must be a str"):
        xw.explain(bad, model=tiny_bert, method="occlusion")


def test_unknown_target_lists_the_labels(tiny_bert):
    with pytest.raises(ValueError, match=r"unknown target 'happy'.*negative.*positive.*neutral"):
        xw.explain("good", model=tiny_bert, method="saliency", target="happy")
    with pytest.raises(ValueError, match="out of range"):
        xw.explain("good", model=tiny_bert, method="saliency", target=7)
    with pytest.raises(TypeError, match="bool"):
        xw.explain("good", model=tiny_bert, method="saliency", target=True)


def test_unknown_method_and_parameter_are_clear_errors(tiny_bert):
    with pytest.raises(ValueError, match=r"unknown method 'deeplift'.*integrated_gradients"):
        xw.explain("good", model=tiny_bert, method="deeplift")
    with pytest.raises(TypeError, match=r"unknown parameter\(s\) \['steps'\].*n_steps"):
        xw.explain("good", model=tiny_bert, method="integrated_gradients", steps=10)
    with pytest.raises(ValueError, match="n_steps must be an integer >= 1"):
        xw.explain("good", model=tiny_bert, method="integrated_gradients", n_steps=0)
    with pytest.raises(ValueError, match="unknown replacement"):
        xw.explain("good", model=tiny_bert, method="occlusion", replacement="blank")
    with pytest.raises(ValueError, match="reproducible"):
        xw.explain("good", model=tiny_bert, method="lime", seed=None)
    with pytest.raises(ValueError, match="unknown baseline"):
        xw.explain("good", model=tiny_bert, method="integrated_gradients", baseline="noise")


def test_too_long_text_is_truncated_with_a_warning(tiny_bert):
    text = " ".join(["wonderful"] * 300)  # the tiny models accept 128 positions
    with pytest.warns(xw.TruncationWarning, match=r"at most 128; the last \d+ tokens were dropped"):
        r = xw.explain(text, model=tiny_bert, method="occlusion")
    assert r.truncated and r.n_truncated_tokens == 302 - 128
    assert len(r.tokens) == 128 and r.to_json()["truncated"] is True
    with pytest.warns(xw.TruncationWarning):
        s = xw.explain(text, model=tiny_bert, method="shap", max_evals=40)
    assert len(s.tokens) == 128


class NoEmbeddingsModel(torch.nn.Module):
    """A classifier that only accepts token ids: gradients w.r.t. its inputs are impossible."""

    def __init__(self):
        super().__init__()
        self.table = torch.nn.Parameter(torch.randn(wordpiece_tokenizer().vocab_size, 2))

    def forward(self, input_ids=None, attention_mask=None):
        return (self.table[input_ids] * attention_mask[..., None]).sum(1)


def test_model_without_input_gradients_is_a_clear_error_but_perturbations_work():
    a = xw.load_model(NoEmbeddingsModel(), wordpiece_tokenizer(), labels=["neg", "pos"])
    for method in ["saliency", "integrated_gradients", "smoothgrad", "gradient_shap", "gradient_x_input"]:
        with pytest.raises(xw.GradientUnavailableError, match=r"inputs_embeds.*occlusion, lime or shap"):
            xw.explain("good film", model=a, method=method)
    r = xw.explain("good film", model=a, method="lime", num_samples=50)
    assert r.scores.shape[1] == 4


def test_load_model_rejects_wrong_arguments():
    with pytest.raises(ValueError, match="needs its tokenizer"):
        xw.load_model(tiny_classifier("bert")[0])
    with pytest.raises(TypeError, match="torch.nn.Module"):
        xw.load_model(object(), wordpiece_tokenizer())
    with pytest.raises(ValueError, match="tokenizer was given without a model"):
        xw.load_model(None, wordpiece_tokenizer())
    with pytest.raises(TypeError, match="model must be None"):
        xw.explain("good", model=3.5)


def test_nothing_the_user_passed_is_mutated():
    model, tok = tiny_classifier("bert")
    model.train()  # the user left it in training mode
    model.classifier.eval()  # ... with one submodule in eval mode
    flags = {n: p.requires_grad for n, p in model.named_parameters()}
    before = {k: v.clone() for k, v in model.state_dict().items()}
    a = xw.load_model(model, tok)
    text = "A quietly devastating film."
    target = ["positive"]
    for name in CORE_METHODS:
        xw.explain(text, model=a, method=name, target=target, **FAST.get(name, {}))
    assert target == ["positive"]
    assert model.training and not model.classifier.training and model.bert.training
    assert {n: p.requires_grad for n, p in model.named_parameters()} == flags
    assert all(torch.equal(before[k], v) for k, v in model.state_dict().items())
    assert all(p.grad is None for p in model.parameters())


def test_training_mode_does_not_make_results_random():
    model, tok = tiny_classifier("bert")
    model.train()
    a = xw.load_model(model, tok)
    one = xw.explain("a fine film", model=a, method="integrated_gradients", n_steps=8)
    two = xw.explain("a fine film", model=a, method="integrated_gradients", n_steps=8)
    np.testing.assert_array_equal(one.scores, two.scores)


def test_comparison_with_shared_and_per_method_parameters(tiny_bert):
    c = xw.explain("a fine film", model=tiny_bert, methods=["lime", "shap", "occlusion"], seed=1,
                   method_params={"lime": {"num_samples": 80}, "shap": {"max_evals": 50}})
    assert c.methods == ["lime", "shap", "occlusion"]
    assert c["lime"].params["num_samples"] == 80 and c["lime"].params["seed"] == 1
    with pytest.raises(TypeError, match=r"no method in .* accepts \['n_steps'\]"):
        xw.explain("a fine film", model=tiny_bert, methods=["lime"], n_steps=3)
    with pytest.raises(ValueError, match="not in methods"):
        xw.explain("a fine film", model=tiny_bert, methods=["lime"], method_params={"shap": {}})
