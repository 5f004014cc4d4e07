"""Words of a text and substitutions of them: the unit every attack changes.

A word is a maximal run of letters (with an inner apostrophe: "don't"); punctuation, digits and spaces are never
changed. A substitution maps word positions to new strings; applying it rebuilds the text around the untouched
characters, so the adversarial text differs from the original only where a word was replaced."""
from __future__ import annotations

import re
from typing import Dict, List, Tuple

WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def word_spans(text: str) -> List[Tuple[int, int]]:
    return [m.span() for m in WORD.finditer(text)]


# function words: no synonym swap changes them (PWWS's WordNet has no entries for most of them either)
STOPWORDS = frozenset("""a an the and or but nor so yet if then than that this these those there here of in on at
by for with about against between into through during before after above below to from up down out off over under
again further once is are was were be been being am has have had having do does did doing will would shall should
can could may might must i me my mine we us our ours you your yours he him his she her hers it its they them their
theirs what which who whom whose when where why how all any both each few more most other some such no not only own
same too very just as also s t don't isn't it's i'm""".split())


def match_case(new: str, old: str) -> str:
    """``new`` in the case pattern of ``old`` (all caps, capitalised, or as given)."""
    if old.isupper() and len(old) > 1:
        return new.upper()
    if old[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def apply(text: str, spans: List[Tuple[int, int]], subs: Dict[int, str]) -> Tuple[str, List[dict]]:
    """(new text, changes): ``changes`` in text order with ``position``, ``start``/``end`` in ``text``,
    ``adv_start``/``adv_end`` in the new text, ``old`` and ``new``."""
    out, changes, at, shift = [], [], 0, 0
    for pos in sorted(subs):
        s, e = spans[pos]
        new = subs[pos]
        out.append(text[at:s])
        adv_start = s + shift
        out.append(new)
        changes.append({"position": int(pos), "start": s, "end": e, "adv_start": adv_start,
                        "adv_end": adv_start + len(new), "old": text[s:e], "new": new})
        shift += len(new) - (e - s)
        at = e
    out.append(text[at:])
    return "".join(out), changes


__all__ = ["word_spans", "apply", "match_case", "WORD", "STOPWORDS"]
