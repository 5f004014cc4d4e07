"""A bag-of-words linear sentiment classifier written as a tiny torch module, with the real MiniLM WordPiece
tokenizer, so the ``TextClassifier`` adapter accepts it and its right answers are known in closed form.

logit_negative = 0, logit_positive = sum over non-special tokens t of w[t]; so p(positive | S) = sigmoid(sum_{t in
S} w[t]) for any subset S of the tokens, and the true attribution of a token (to the positive logit) is its weight.
[CLS], [SEP], [PAD] and [MASK] have weight 0: removing a token and masking it are the same thing here."""
from __future__ import annotations

import math
from types import SimpleNamespace

import torch

from tiny_models import wordpiece_tokenizer

WEIGHTS = {"great": 2.0, "dull": -1.5, "film": 0.3, "plot": -0.2, "is": 0.05, "but": -0.1, "the": 0.0,
           "fun": 1.2, "boring": -1.8, "a": 0.01}


class BowClassifier(torch.nn.Module):
    def __init__(self, tokenizer, weights):
        super().__init__()
        self.embed = torch.nn.Embedding(len(tokenizer), 2)
        with torch.no_grad():
            self.embed.weight.zero_()
            for word, w in weights.items():
                self.embed.weight[tokenizer.convert_tokens_to_ids(word), 1] = w

    def get_input_embeddings(self):
        return self.embed

    def forward(self, input_ids=None, attention_mask=None, inputs_embeds=None, **kwargs):
        x = self.embed(input_ids) if inputs_embeds is None else inputs_embeds
        if attention_mask is not None:
            x = x * attention_mask[..., None].to(x.dtype)
        return SimpleNamespace(logits=x.sum(dim=1))


def bow_adapter(weights=None):
    from xai_widgets import load_model

    tok = wordpiece_tokenizer()
    return load_model(BowClassifier(tok, weights or WEIGHTS).eval(), tok, labels=["negative", "positive"],
                      name="bow")


def p_positive(words) -> float:
    """Closed form: p(positive) of a bag of (whitespace) words."""
    return 1.0 / (1.0 + math.exp(-sum(WEIGHTS.get(w, 0.0) for w in words)))
