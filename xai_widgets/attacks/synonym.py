"""Word-swap attack ordered by word saliency (PWWS, Ren et al., 2019) with an offline thesaurus.

Saliency of word i: the drop of the predicted class's probability when the word is replaced by the tokenizer's
unknown token. For each word, every synonym (``thesaurus.py``) is tried alone; the best is the one that lowers the
probability most among those whose text keeps a cosine similarity of at least ``min_similarity`` to the original in
the model's own sentence embedding (``similarity.py``). Words are then ranked by softmax(saliency)_i times that
best drop, and their best synonyms applied in that order until the prediction flips (or ``max_changes`` words are
changed), skipping a swap that would take the whole text below ``min_similarity``; unnecessary changes are undone
at the end. Function words (``words.STOPWORDS``) are never swapped.
"""
from __future__ import annotations

import numpy as np

from .similarity import sentence_embeddings
from .thesaurus import synonyms_function
from .victim import Victim
from .words import STOPWORDS, match_case


def synonym(victim: Victim, max_changes: int, thesaurus="roget", n_synonyms: int = 20,
            min_similarity: float = 0.8):
    syn = synonyms_function(thesaurus)
    text, spans = victim.text, victim.spans
    words = [text[s:e] for s, e in spans]
    unk = getattr(victim.adapter.tokenizer, "unk_token", None) or "UNK"
    sal = victim.p0[victim.target] - victim.p_target([victim.text_of({i: unk}) for i in range(len(words))])
    cands = [(i, match_case(w, words[i])) for i in range(len(words)) if words[i].lower() not in STOPWORDS
             for w in syn(words[i], n_synonyms) if w.lower() != words[i].lower()]
    diag = {"candidates": len(cands), "kept_by_similarity": 0}
    if not cands:
        return {}, [victim.step({}, [])], diag
    texts = [victim.text_of({i: w}) for i, w in cands]
    E = sentence_embeddings(victim.adapter, [text] + texts)
    victim.embedding_calls += len(texts) + 1
    sim = E[1:] @ E[0]
    p = victim.p_target(texts)
    best = {}
    for (i, w), pi, si in zip(cands, p, sim):
        if si >= min_similarity and (i not in best or pi < best[i][1]):
            best[i] = (w, pi)
    diag["kept_by_similarity"] = int((sim >= min_similarity).sum())
    if not best:
        return {}, [victim.step({}, [])], diag
    weight = np.exp(sal - sal.max())
    weight /= weight.sum()
    score = {i: weight[i] * (victim.p0[victim.target] - pi) for i, (w, pi) in best.items()}
    ranked = [(i, best[i][0]) for i in sorted(score, key=lambda i: -score[i])]

    def accept(subs):  # the whole text, not only each swap alone, must stay close to the original
        e = sentence_embeddings(victim.adapter, [victim.text_of(subs)])[0]
        victim.embedding_calls += 1
        return float(e @ E[0]) >= min_similarity

    subs, steps = victim.greedy(ranked, max_changes, accept=accept)
    return subs, steps, diag


def final_similarity(victim: Victim, adversarial: str) -> float:
    E = sentence_embeddings(victim.adapter, [victim.text, adversarial])
    victim.embedding_calls += 2
    return float(E[0] @ E[1])


__all__ = ["synonym", "final_similarity"]
