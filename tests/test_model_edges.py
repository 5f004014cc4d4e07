"""Models and tokenizers at the edges get a correct result or one clear error at load_model: a BertModel without a
head, a plain module with another signature, a head of the wrong width, duplicate label names; a GPT-2 classifier
whose config has no pad id (or one other than the tokenizer's), whose padded batches would change its predictions;
a tokenizer that truncates on the left; texts holding the tokenizer's special-token strings; a causal LM where a
classifier is needed."""
import copy
import warnings

import numpy as np
import pytest
import torch

import xai_widgets as xw
from tiny_causal import causal_tokenizer, tiny_causal
from tiny_models import tiny_classifier, wordpiece_tokenizer


def test_a_bert_model_without_a_head_is_refused_at_load():
    from transformers import BertConfig, BertModel

    tok = wordpiece_tokenizer()
    model = BertModel(BertConfig(vocab_size=tok.vocab_size, hidden_size=32, num_hidden_layers=1,
                                 num_attention_heads=4, intermediate_size=64)).eval()
    with pytest.raises(TypeError, match="BertModel has no classification head"):
        xw.load_model(model, tok)


class Bag(torch.nn.Module):
    """A plain module: mean of the word embeddings, then a linear head."""

    def __init__(self, vocab, n=2):
        super().__init__()
        g = torch.Generator().manual_seed(0)
        self.emb = torch.nn.Embedding(vocab, 8)
        self.head = torch.nn.Linear(8, n)
        with torch.no_grad():
            self.emb.weight.copy_(torch.randn(self.emb.weight.shape, generator=g))

    def get_input_embeddings(self):
        return self.emb

    def forward(self, input_ids=None, attention_mask=None, inputs_embeds=None):
        x = self.emb(input_ids) if inputs_embeds is None else inputs_embeds
        m = attention_mask.unsqueeze(-1).to(x.dtype)
        return self.head((x * m).sum(1) / m.sum(1))


class OneArgument(torch.nn.Module):
    def forward(self, x):
        return x.float().mean(-1, keepdim=True).repeat(1, 2)


def test_plain_modules():
    tok = wordpiece_tokenizer()
    bag = xw.load_model(Bag(tok.vocab_size), tok, labels=["no", "yes"])
    a = xw.explain("a fine film", model=bag, method="saliency")
    b = xw.explain("a fine film", model=bag, method="occlusion")
    assert np.isfinite(a.scores).all() and np.isfinite(b.scores).all()
    with pytest.raises(TypeError, match="could not classify a one-word text.*input_ids and attention_mask"):
        xw.load_model(OneArgument(), tok, labels=["no", "yes"])
    with pytest.raises(ValueError, match=r"returns 2 logits per text but 3 labels"):
        xw.load_model(Bag(tok.vocab_size), tok, labels=["a", "b", "c"])
    with pytest.raises(ValueError, match=r"labels must be distinct.*\['pos'\]"):
        xw.load_model(Bag(tok.vocab_size), tok, labels=["pos", "pos"])


def gpt2_classifier(pad_token_id):
    from transformers import GPT2Config, GPT2ForSequenceClassification

    tok = causal_tokenizer()
    torch.manual_seed(0)
    cfg = GPT2Config(vocab_size=len(tok), n_embd=32, n_layer=2, n_head=4, n_positions=128, num_labels=2,
                     bos_token_id=tok.bos_token_id, eos_token_id=tok.eos_token_id, pad_token_id=pad_token_id)
    return GPT2ForSequenceClassification(cfg).eval(), tok


TEXTS = ["fine", "a fine and moving film", "dull", "the plot is dull and the acting is wooden"]


def one_at_a_time(adapter, texts):
    return np.stack([adapter.predict_proba([t])[0] for t in texts])


def test_gpt2_classifier_whose_config_pad_id_differs_from_the_tokenizer_s():
    model, tok = gpt2_classifier(pad_token_id=tok_id("</s>"))  # the tokenizer pads with <pad>
    adapter = xw.load_model(model, tok, labels=["neg", "pos"])
    assert adapter.batch_limit is None  # fixed by padding with the config's pad id
    np.testing.assert_allclose(adapter.predict_proba(TEXTS), one_at_a_time(adapter, TEXTS), atol=1e-5)


def tok_id(token):
    return causal_tokenizer().convert_tokens_to_ids(token)


def test_gpt2_classifier_without_a_pad_id_runs_one_sequence_at_a_time():
    model, tok = gpt2_classifier(pad_token_id=None)
    with pytest.warns(UserWarning, match="every forward pass takes one sequence"):
        adapter = xw.load_model(model, tok, labels=["neg", "pos"])
    assert adapter.batch_limit == 1
    np.testing.assert_allclose(adapter.predict_proba(TEXTS), one_at_a_time(adapter, TEXTS), atol=1e-6)
    r = xw.explain(TEXTS[1], model=adapter, method="integrated_gradients", n_steps=8)
    assert np.isfinite(r.scores).all()


def test_a_tokenizer_that_truncates_on_the_left():
    model, tok = tiny_classifier("bert", seed=6, num_labels=2)
    tok = copy.deepcopy(tok)
    tok.truncation_side = "left"
    adapter = xw.load_model(model, tok, labels=["neg", "pos"])
    adapter.max_length = 12
    text = "the opening is slow and dull but the ending is a joy and the cast is superb"
    with pytest.warns(xw.TruncationWarning, match="the first"):
        r = xw.explain(text, model=adapter, method="occlusion")
    kept = [t for t, s in zip(r.tokens, r.special) if not s]
    assert kept[-1] == "superb" and "opening" not in kept
    s = xw.explain(text, model=adapter, method="shap", max_evals=40)
    assert s.tokens == r.tokens


def test_texts_with_the_tokenizer_s_special_token_strings(tiny_bert):
    text = "great [SEP] film [CLS] with a [MASK] ending"
    r = xw.explain(text, model=tiny_bert, method="occlusion")
    assert np.isfinite(r.scores).all()
    shown = "".join((" " if sp else "") + t for t, sp in zip(r.tokens, r.space_before))
    assert "[SEP]" in shown and "[MASK]" in shown
    # the literal strings are the user's text: they are features of it, hidden and scored like any word
    literal = [i for i, (t, s) in enumerate(zip(r.tokens, r.special)) if t in ("[SEP]", "[CLS]", "[MASK]") and not s]
    assert len(literal) == 3, list(zip(r.tokens, r.special))


def test_a_causal_lm_where_a_classifier_is_needed():
    model, tok = tiny_causal("gpt2")
    lm = xw.load_model(model, tok)
    with pytest.raises(xw.CapabilityError, match="not a classifier"):
        xw.explain("a fine film", model=lm, method="saliency")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert np.isfinite(xw.explain("a fine film", model=lm, method="attention_rollout").scores).all()
