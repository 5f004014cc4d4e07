"""Concept and random example pools: what a concept name or spec stands for, and the random text TCAV compares a
concept with.

A concept is a list of sentences or words, or a spec naming a built-in list: ``"inquirer:Positiv"`` (a General
Inquirer category), ``"roget:BADNESS"`` (a Roget head), ``"neutral"`` (General Inquirer words in no evaluative
category); the names in ``BUILTIN_CONCEPTS`` ("positive", "negative", "neutral", ...) are shorthands for those.
Random sets are matched to the concept's form: single words are compared with random words (the General Inquirer
vocabulary), sentences with random headlines; a CAV between words and sentences would learn "one word against a
sentence", not the concept.
"""
from __future__ import annotations

from typing import Dict, List, Sequence, Union

from ..data import lexicons

BUILTIN_CONCEPTS = {"positive": "inquirer:Positiv", "negative": "inquirer:Negativ", "neutral": "neutral",
                    "strong": "inquirer:Strong", "weak": "inquirer:Weak", "pleasure": "inquirer:Pleasur",
                    "pain": "inquirer:Pain", "virtue": "inquirer:Virtue", "vice": "inquirer:Vice"}
RANDOM_POOLS = ("auto", "words", "headlines")


def resolve_spec(name: str, spec: str) -> List[str]:
    spec = BUILTIN_CONCEPTS.get(spec, spec)
    if spec == "neutral":
        return lexicons.neutral_words()
    kind, _, arg = spec.partition(":")
    if kind == "inquirer" and arg:
        return lexicons.general_inquirer(arg)
    if kind == "roget" and arg:
        return lexicons.roget(arg)
    raise ValueError(f"concept {name!r}: unknown spec {spec!r}; accepted: a list of sentences or words, "
                     f"'inquirer:<category>', 'roget:<HEAD>', or one of {sorted(BUILTIN_CONCEPTS)}")


def concept_examples(concepts) -> Dict[str, List[str]]:
    """``concepts`` as {name: [examples]}: a dict of name -> list or spec, or a list of built-in names."""
    if isinstance(concepts, str):
        concepts = [concepts]
    if isinstance(concepts, (list, tuple)):
        bad = [c for c in concepts if not isinstance(c, str) or c not in BUILTIN_CONCEPTS]
        if bad:
            raise ValueError(f"a list of concepts must hold built-in names ({sorted(BUILTIN_CONCEPTS)}); got {bad}; "
                             "pass a dict {name: [sentences or words]} for your own")
        concepts = {c: c for c in concepts}
    if not isinstance(concepts, dict) or not concepts:
        raise TypeError("concepts must be a non-empty dict {name: [sentences or words] or spec} or a list of "
                        f"built-in names {sorted(BUILTIN_CONCEPTS)}")
    out: Dict[str, List[str]] = {}
    for name, ex in concepts.items():
        if not isinstance(name, str) or not name:
            raise TypeError(f"concept names must be non-empty strings; got {name!r}")
        items = resolve_spec(name, ex) if isinstance(ex, str) else ex
        if not isinstance(items, (list, tuple)):
            raise TypeError(f"concept {name!r}: expected a list of sentences or words, got {type(items).__name__}")
        bad = [e for e in items if not isinstance(e, str) or not e.strip()]
        if bad:
            raise ValueError(f"concept {name!r}: every example must be a non-empty string; got {bad[:3]!r}")
        items = list(dict.fromkeys(e.strip() for e in items))
        if len(items) < 2:
            raise ValueError(f"concept {name!r} has {len(items)} distinct example(s); a CAV needs at least 2 "
                             "(TCAV's authors use 50 or more)")
        out[name] = items
    return out


def is_words(examples: Sequence[str]) -> bool:
    return sum(len(e.split()) == 1 for e in examples) * 2 > len(examples)


def random_pool(kind: Union[str, Sequence[str]], concepts: Dict[str, List[str]]) -> List[str]:
    """The texts random sets are drawn from; "auto": words if most concept examples are single words."""
    if not isinstance(kind, str):
        pool = list(dict.fromkeys(t for t in kind if isinstance(t, str) and t.strip()))
        if len(pool) < 4:
            raise ValueError(f"random_pool holds {len(pool)} distinct texts; need at least 4")
        return pool
    if kind not in RANDOM_POOLS:
        raise ValueError(f"random_pool must be one of {list(RANDOM_POOLS)} or a list of texts; got {kind!r}")
    if kind == "auto":
        kind = "words" if is_words([e for ex in concepts.values() for e in ex]) else "headlines"
    if kind == "headlines":
        return lexicons.headlines()
    used = {e.lower() for ex in concepts.values() for e in ex}
    return [w for w in lexicons.general_inquirer_vocabulary() if w not in used]


__all__ = ["BUILTIN_CONCEPTS", "concept_examples", "random_pool", "resolve_spec", "is_words"]
