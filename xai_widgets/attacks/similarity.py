"""The model's own sentence embedding, for the similarity constraint of the word-swap attack: the mean over content
tokens of the encoder's last hidden state (sentence-transformers' pooling for all-MiniLM-L6-v2), or of the input
word embeddings for a model that returns no hidden states. It is the *victim's* space: for the default model the
encoder was fine-tuned for sentiment, so the constraint mixes closeness of meaning with closeness of the model's
view, a stricter and different check than PWWS's independent similarity model."""
from __future__ import annotations

from typing import Sequence

import numpy as np
import torch

from ..models.torch_utils import eval_mode


def sentence_embeddings(adapter, texts: Sequence[str]) -> np.ndarray:
    out = [None] * len(texts)
    with torch.inference_mode(), eval_mode(adapter.model):
        for idx, ids, mask, encs in adapter.length_batches(list(texts), 64):
            hidden = None
            try:
                res = adapter.model(input_ids=ids, attention_mask=mask, output_hidden_states=True)
                hs = getattr(res, "hidden_states", None)
                hidden = hs[-1] if hs else None
            except TypeError:
                hidden = None
            if hidden is None or hidden.dim() != 3:
                hidden = adapter.embedding_layer(ids)
            special = torch.tensor([[1.0 if not s else 0.0 for s in e.special] + [0.0] * (ids.shape[1] - len(e.special))
                                    for e in encs], device=hidden.device)
            w = special * mask.to(hidden.dtype)
            pooled = (hidden * w[..., None]).sum(1) / w.sum(1, keepdim=True).clamp_min(1.0)
            for j, i in enumerate(idx):
                out[i] = pooled[j].double().cpu().numpy()
    E = np.stack(out)
    return E / np.maximum(np.linalg.norm(E, axis=1, keepdims=True), 1e-12)


__all__ = ["sentence_embeddings"]
