"""HotFlip (Ebrahimi et al., 2018) for any text classifier with an embedding matrix: word substitutions guided by
the gradient, verified by the model.

For a word that is a single vocabulary entry at position i, replacing its embedding e_old by e_new changes the log
probability of the predicted class by about (e_new - e_old) . g_i, g_i = d log p_target / d e_i: one backward
pass scores every (position, vocabulary entry) pair through one matrix product with the model's own embedding
matrix. Candidates are restricted to whole-word entries (letters only, at least two of them, a single token when
written as a word; no subword pieces, no special tokens), so the result is a readable text. A beam search keeps the
``beam`` texts with the lowest true probability of the predicted class after each step; each step takes the
``candidates`` best first-order flips of every beam text and verifies all of them with one batched prediction. The
search stops at the first step that flips the prediction (or after ``max_changes``), then undoes every change that
is not needed (``Victim.minimal``).

TextAttack's gradient HotFlip refuses Hugging Face models (TextAttack#256); OpenAttack's "HotFlip" is not
gradient-based. This one needs only ``inputs_embeds``, which every transformers model accepts.
"""
from __future__ import annotations

from typing import Dict, List, Tuple

import numpy as np
import torch

from .victim import Victim
from .words import apply, match_case

_VOCAB: Dict[int, Tuple[np.ndarray, List[str]]] = {}


def whole_word_vocabulary(adapter) -> Tuple[np.ndarray, List[str]]:
    """(ids, words) of the vocabulary entries that are whole words, cached per tokenizer."""
    tok = adapter.tokenizer
    key = id(tok)
    if key not in _VOCAB:
        special = set(getattr(tok, "all_special_ids", []) or [])
        vocab = tok.get_vocab()
        ids, words = [], []
        cand = [(i, tok.convert_tokens_to_string([t]).strip()) for t, i in vocab.items() if i not in special]
        cand = [(i, w) for i, w in cand if len(w) >= 2 and w.isalpha() and w.isascii()]
        enc = tok([" " + w for _, w in cand], add_special_tokens=False)["input_ids"]
        for (i, w), e in zip(cand, enc):
            if list(e) == [i]:
                ids.append(i)
                words.append(w)
        order = np.argsort(ids)
        _VOCAB[key] = (np.asarray(ids)[order], [words[j] for j in order])
    return _VOCAB[key]


def _gradients(victim: Victim, text: str):
    """(encoding, g [L, D]) with g = d log p_target / d input embeddings."""
    adapter = victim.adapter
    enc = adapter.encode(text, warn=False)
    ids = torch.as_tensor([enc.input_ids], device=adapter.device)
    with torch.enable_grad():  # also under a caller's no_grad / inference_mode
        emb = adapter.embedding_layer(ids).detach().clone().requires_grad_(True)
        mask = torch.ones_like(ids)
        logits = adapter.logits(inputs_embeds=emb, attention_mask=mask)
        logp = torch.log_softmax(logits.float(), -1)[0, victim.target]
        (g,) = torch.autograd.grad(logp, emb)
    victim.gradient_calls += 1
    return enc, g[0].detach()


def hotflip(victim: Victim, max_changes: int, beam: int = 4, candidates: int = 10, per_position: int = 5):
    """(substitutions, steps) of the best text found: the first that flips, or the lowest p_target."""
    adapter = victim.adapter
    vocab_ids, vocab_words = whole_word_vocabulary(adapter)
    if not len(vocab_ids):
        raise ValueError("the tokenizer has no whole-word vocabulary entries to substitute")
    E = adapter.embedding_layer.weight.detach()
    E_v = E[torch.as_tensor(vocab_ids, device=E.device)].float()  # [V, D]
    beams: List[Tuple[Dict[int, str], List[dict]]] = [({}, [victim.step({}, [])])]
    for _ in range(max_changes):
        children = []
        for subs, steps in beams:
            text = victim.text_of(subs)
            enc, g = _gradients(victim, text)
            spans = _respan(victim, subs)
            where = {sp: k for k, sp in enumerate(spans)}
            rows = [(i, where[tuple(enc.offsets[i])]) for i in range(len(enc.input_ids))
                    if not enc.special[i] and tuple(enc.offsets[i]) in where
                    and where[tuple(enc.offsets[i])] not in subs]
            if not rows:
                continue
            G = g[[i for i, _ in rows]].float()  # [R, D]
            old = E[torch.as_tensor([enc.input_ids[i] for i, _ in rows], device=E.device)].float()
            gain = G @ E_v.T - (G * old).sum(1, keepdim=True)  # first-order change of log p_target, [R, V]
            top = torch.topk(gain, k=min(per_position, gain.shape[1]), dim=1, largest=False)
            proposals = []
            for r, (_, k) in enumerate(rows):
                word = text[spans[k][0]:spans[k][1]]
                for val, j in zip(top.values[r].tolist(), top.indices[r].tolist()):
                    if vocab_words[j].lower() != word.lower():
                        proposals.append((val, k, match_case(vocab_words[j], word)))
            proposals.sort(key=lambda x: x[0])
            for _, k, new in proposals[:candidates]:
                children.append(({**subs, k: new}, steps, k))
        if not children:
            break
        unique = {}
        for subs, steps, k in children:
            unique.setdefault(tuple(sorted(subs.items())), (subs, steps, k))
        children = list(unique.values())
        texts = [victim.text_of(c[0]) for c in children]
        p = victim.p_target(texts)  # one batched, verified prediction of every candidate
        order = list(np.argsort(p, kind="stable"))
        hits = [j for j in order if victim.flipped(texts[j])]  # with 3+ classes the lowest p need not flip
        order = hits[:1] + [j for j in order if j not in hits[:1]]
        beams = [(children[j][0], children[j][1] + [victim.step(children[j][0], [children[j][2]])])
                 for j in order[:beam]]
        if hits:
            break
    return beams[0]


def _respan(victim: Victim, subs: Dict[int, str]):
    """Word spans of the substituted text (the substituted words keep their positions)."""
    if not subs:
        return list(victim.spans)
    _, changes = apply(victim.text, victim.spans, subs)
    shift, out, ch = 0, [], {c["position"]: c for c in changes}
    for k, (s, e) in enumerate(victim.spans):
        if k in ch:
            out.append((ch[k]["adv_start"], ch[k]["adv_end"]))
            shift = ch[k]["adv_end"] - e
        else:
            out.append((s + shift, e + shift))
    return out


__all__ = ["hotflip", "whole_word_vocabulary"]
