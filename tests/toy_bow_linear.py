"""A bag-of-words logistic regression written as a text classifier: a frozen one-hot embedding counts a small
vocabulary, and an ``nn.Linear`` over the counts is the whole trainable model, so the example-based methods
(whose parameters are the last linear layer) face a convex problem whose leave-one-out answers can be computed by
retraining."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import torch

from tiny_models import wordpiece_tokenizer

VOCAB = ["great", "dull", "fun", "boring", "film", "plot", "cast", "slow", "fine", "weak", "lovely", "worst"]
SENTIMENT = {"great": 1, "fun": 1, "fine": 1, "lovely": 1, "dull": 0, "boring": 0, "slow": 0, "weak": 0, "worst": 0}


class BowLinear(torch.nn.Module):
    def __init__(self, tokenizer, bias: bool = True):
        super().__init__()
        self.count = torch.nn.Embedding(len(tokenizer), len(VOCAB))
        self.count.weight.requires_grad_(False)
        with torch.no_grad():
            self.count.weight.zero_()
            for j, word in enumerate(VOCAB):
                self.count.weight[tokenizer.convert_tokens_to_ids(word), j] = 1.0
        self.classifier = torch.nn.Linear(len(VOCAB), 2, bias=bias)

    def get_input_embeddings(self):
        return self.count

    def forward(self, input_ids=None, attention_mask=None, inputs_embeds=None, **kwargs):
        x = self.count(input_ids) if inputs_embeds is None else inputs_embeds
        if attention_mask is not None:
            x = x * attention_mask[..., None].to(x.dtype)
        return SimpleNamespace(logits=self.classifier(x.sum(dim=1)))


def corpus(n: int, seed: int):
    """n short texts of 2-5 vocabulary words; the label follows the majority sentiment, with 20 % flipped."""
    rng = np.random.default_rng(seed)
    texts, labels = [], []
    for _ in range(n):
        words = list(rng.choice(VOCAB, size=rng.integers(2, 6)))
        votes = [SENTIMENT[w] for w in words if w in SENTIMENT]
        y = int(np.mean(votes) >= 0.5) if votes else int(rng.integers(2))
        labels.append(1 - y if rng.random() < 0.2 else y)
        texts.append(" ".join(words))
    return texts, labels


def counts(texts) -> torch.Tensor:
    return torch.tensor([[t.split().count(w) for w in VOCAB] for t in texts], dtype=torch.float64)


def fit(layer: torch.nn.Linear, X: torch.Tensor, y, l2: float, weights=None) -> None:
    """Set ``layer`` to the minimiser of (1/n) sum_i w_i CE_i + l2/2 ||theta||^2 (L-BFGS, float64, to 1e-12);
    weights default to 1 (the mean loss)."""
    w = torch.ones(len(y), dtype=torch.float64) if weights is None else torch.as_tensor(weights, dtype=torch.float64)
    W = layer.weight.detach().double().clone().requires_grad_(True)
    b = layer.bias.detach().double().clone().requires_grad_(True) if layer.bias is not None else None
    params = [W] + ([b] if b is not None else [])
    opt = torch.optim.LBFGS(params, lr=1, max_iter=500, tolerance_grad=1e-12, tolerance_change=1e-15,
                            line_search_fn="strong_wolfe")
    target = torch.as_tensor(y, dtype=torch.long)

    def closure():
        opt.zero_grad()
        logits = X @ W.T + (b if b is not None else 0.0)
        loss = (w * torch.nn.functional.cross_entropy(logits, target, reduction="none")).sum() / len(y) + 0.5 * l2 * sum((p * p).sum() for p in params)
        loss.backward()
        return loss

    for _ in range(3):
        opt.step(closure)
    with torch.no_grad():
        layer.weight.copy_(W.float())
        if b is not None:
            layer.bias.copy_(b.float())


def bow_linear_adapter(bias: bool = True, seed: int = 0):
    from xai_widgets import load_model

    tok = wordpiece_tokenizer()
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        model = BowLinear(tok, bias=bias).eval()
    return load_model(model, tok, labels=["negative", "positive"], name="bow-linear")
