"""The attacked model as the attacks see it: predictions of texts (memoised, counted) and the search steps every
attack shares (greedy substitution in a ranked order, reduction to a minimal set, the result)."""
from __future__ import annotations

import time
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from ..results.adversarial import AdversarialExample
from .words import apply, word_spans


EXHAUSTIVE = 8  # changes up to which the reduction tries every subset


class Victim:
    def __init__(self, adapter, text: str):
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"text must be a non-empty string; got {text!r}")
        self.adapter, self.text = adapter, text
        self.spans = word_spans(text)
        if not self.spans:
            raise ValueError(f"text {text!r} has no words to change (a word is a run of letters)")
        self.cache: Dict[str, np.ndarray] = {}
        self.queries = 0
        self.gradient_calls = 0
        self.embedding_calls = 0
        self.started = time.perf_counter()
        self.p0 = self.probs([text])[0]
        self.target = int(np.argmax(self.p0))

    def probs(self, texts: Sequence[str]) -> np.ndarray:
        new = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if new:
            out = self.adapter.predict_proba(new)
            self.queries += len(new)
            for t, row in zip(new, out):
                self.cache[t] = np.asarray(row, dtype=float)
        return np.stack([self.cache[t] for t in texts]) if texts else np.zeros((0, len(self.adapter.labels)))

    def p_target(self, texts: Sequence[str]) -> np.ndarray:
        return self.probs(texts)[:, self.target]

    def flipped(self, text: str) -> bool:
        return int(np.argmax(self.probs([text])[0])) != self.target

    def text_of(self, subs: Dict[int, str]) -> str:
        return apply(self.text, self.spans, subs)[0]

    # ------------------------------------------------------------------ shared search steps
    def greedy(self, ranked: Sequence[Tuple[int, str]], max_changes: int,
               accept=None) -> Tuple[Dict[int, str], List[dict]]:
        """Apply the substitutions in ``ranked`` order (one per word), until the prediction flips or
        ``max_changes`` words are changed; ``accept(subs)`` may veto a step (a constraint on the whole text).
        Returns (substitutions, steps)."""
        subs: Dict[int, str] = {}
        steps = [self.step({}, [])]
        for pos, new in ranked:
            if len(subs) >= max_changes:
                break
            if pos in subs:
                continue
            trial = {**subs, pos: new}
            current = self.p_target([self.text_of(subs)])[0]
            if self.p_target([self.text_of(trial)])[0] >= current:
                continue  # a change that does not lower the probability only spends the budget
            if accept is not None and not accept(trial):
                continue
            subs[pos] = new
            steps.append(self.step(subs, [pos]))
            if self.flipped(self.text_of(subs)):
                break
        return subs, steps

    def step(self, subs: Dict[int, str], positions: List[int]) -> dict:
        t = self.text_of(subs)
        p = self.probs([t])[0]
        return {"text": t, "probability": float(p[self.target]),
                "prediction": self.adapter.labels[int(np.argmax(p))], "positions": [int(x) for x in positions]}

    def minimal(self, subs: Dict[int, str]) -> Dict[int, str]:
        """The smallest subset of the changes that still flips the prediction: every subset is tried, smallest
        first (at most 2^EXHAUSTIVE texts, batched), so no strict subset of the result succeeds. Beyond
        EXHAUSTIVE changes, changes are undone one at a time to a fixed point (no single one can be undone)."""
        subs = dict(subs)
        if not self.flipped(self.text_of(subs)):
            return subs
        if len(subs) <= EXHAUSTIVE:
            from itertools import combinations

            keys = list(subs)
            for size in range(1, len(keys)):
                trials = [{k: subs[k] for k in c} for c in combinations(keys, size)]
                texts = [self.text_of(t) for t in trials]
                probs = self.probs(texts)
                hits = [j for j in range(len(trials)) if int(np.argmax(probs[j])) != self.target]
                if hits:  # the subset that lowers the original class most, among the smallest that flip
                    return trials[min(hits, key=lambda j: probs[j][self.target])]
            return subs
        changed = True
        while changed and len(subs) > 1:  # to a fixed point: undoing one change can make another removable
            changed = False
            for pos in list(subs)[::-1]:
                trial = {k: v for k, v in subs.items() if k != pos}
                if trial and self.flipped(self.text_of(trial)):
                    subs, changed = trial, True
        return subs

    def result(self, method: str, subs: Dict[int, str], steps: List[dict], params: dict,
               diagnostics: Optional[dict] = None) -> AdversarialExample:
        found = self.minimal(subs)
        adv, changes = apply(self.text, self.spans, found)
        success = self.flipped(adv)
        if found != subs:  # the reduction undid some changes: its outcome is the last step
            steps = steps + [{**self.step(found, sorted(found)), "reduced": True}]
        p_adv = self.probs([adv])[0]
        calls = self.queries + self.gradient_calls + self.embedding_calls
        diag = {"queries": self.queries, "gradient_calls": self.gradient_calls,
                "embedding_calls": self.embedding_calls, "seconds": time.perf_counter() - self.started,
                "words": len(self.spans), **(diagnostics or {})}
        return AdversarialExample(
            method=method, original=self.text, adversarial=adv, success=bool(success),
            labels=list(self.adapter.labels), target=self.target,
            original_probabilities=[float(x) for x in self.p0], adversarial_probabilities=[float(x) for x in p_adv],
            changes=changes, steps=steps, calls=int(calls), params=params, diagnostics=diag,
            model_name=str(self.adapter.name))


__all__ = ["Victim"]
