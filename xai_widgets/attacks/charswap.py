"""Character-level edits (DeepWordBug, Gao et al., 2018): the words whose deletion lowers the predicted class's
probability most are misspelt, one edit each, until the prediction flips.

For each word (of two or more letters), ``edits`` variants are drawn from a generator seeded by ``seed``, cycling
through the kinds: swap two adjacent letters, substitute a letter, delete a letter, insert a letter (the first
letter is kept, as readers rely on it; words of two letters allow substitutions and insertions only). Each variant is tried alone; the word's best variant is the one that lowers
the probability most. Words are taken in the order of their deletion score; unnecessary edits are undone at the
end."""
from __future__ import annotations

import string

import numpy as np

from .victim import Victim


def variants(word: str, rng: np.random.Generator, n: int) -> list:
    """Up to n one-edit misspellings of ``word``; an inner apostrophe ("don't") stays where it is."""
    if "'" in word:
        head, _, tail = word.partition("'")
        return [v + "'" + tail for v in variants(head, rng, n)] if len(head) >= 2 else []
    out = []
    letters = string.ascii_lowercase
    kinds = ["swap", "substitute", "delete", "insert"]
    for t in range(n * 4):
        if len(out) >= n:
            break
        kind = kinds[t % 4]
        w = word
        if kind == "swap" and len(w) >= 3:
            i = int(rng.integers(1, len(w) - 1))
            w = w[:i] + w[i + 1] + w[i] + w[i + 2:]
        elif kind == "substitute" and len(w) >= 2:
            i = int(rng.integers(1, len(w)))
            c = letters[int(rng.integers(26))]
            w = w[:i] + (c.upper() if w[i].isupper() else c) + w[i + 1:]
        elif kind == "delete" and len(w) >= 3:
            i = int(rng.integers(1, len(w)))
            w = w[:i] + w[i + 1:]
        elif kind == "insert":
            i = int(rng.integers(1, len(w) + 1))
            c = letters[int(rng.integers(26))]
            w = w[:i] + (c.upper() if w[i - 1].isupper() else c) + w[i:]
        if w != word and w not in out:
            out.append(w)
    return out


def charswap(victim: Victim, max_changes: int, seed: int, edits: int = 8):
    rng = np.random.default_rng(seed)
    text, spans = victim.text, victim.spans
    words = [text[s:e] for s, e in spans]
    idx = [i for i, w in enumerate(words) if len(w) >= 2]
    if not idx:
        return {}, [victim.step({}, [])], {}
    drop = victim.p0[victim.target] - victim.p_target([victim.text_of({i: ""}) for i in idx])
    order = [idx[j] for j in np.argsort(-drop, kind="stable")]
    cands = [(i, v) for i in order for v in variants(words[i], rng, edits)]
    p = victim.p_target([victim.text_of({i: v}) for i, v in cands])
    best = {}
    for (i, v), pi in zip(cands, p):
        if i not in best or pi < best[i][1]:
            best[i] = (v, pi)
    ranked = [(i, best[i][0]) for i in order if i in best]
    subs, steps = victim.greedy(ranked, max_changes)
    return subs, steps, {"candidates": len(cands)}


__all__ = ["charswap", "variants"]
