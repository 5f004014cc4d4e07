"""Random numbers without touching anybody's global state: every sampling method draws from its own generator, and
a library that insists on the global one (shap's KernelExplainer, some sklearn paths) runs inside ``isolated``."""
from __future__ import annotations

import contextlib
import random
from typing import Iterator

import numpy as np

SEED_MAX = 2 ** 32


def check_seed(seed, name: str = "seed") -> int:
    """An integer seed in [0, 2^32); anything else is a ValueError naming what is accepted."""
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)):
        raise ValueError(f"{name} must be an integer in [0, 2**32), got {seed!r}: results must be reproducible")
    if not 0 <= int(seed) < SEED_MAX:
        raise ValueError(f"{name} must be an integer in [0, 2**32), got {seed!r}")
    return int(seed)


def make_rng(seed) -> np.random.RandomState:
    return np.random.RandomState(check_seed(seed))


@contextlib.contextmanager
def isolated(seed) -> Iterator[None]:
    """Seed numpy's and Python's global generators for the body, then put their previous states back."""
    np_state, py_state = np.random.get_state(), random.getstate()
    np.random.seed(check_seed(seed))
    random.seed(check_seed(seed))
    try:
        yield
    finally:
        np.random.set_state(np_state)
        random.setstate(py_state)


__all__ = ["check_seed", "make_rng", "isolated", "SEED_MAX"]
