"""The checks of method parameters, in one message style: the parameter, the value given, what is accepted
(``seed`` has its own in ``xai_widgets._rng``). ``run_method`` applies the shared rules (seeds, flags that default to
a bool); each method checks the rest of its own parameters before it computes anything."""
from __future__ import annotations

import math
from typing import Optional, Sequence

import numpy as np


def check_bool(name: str, value) -> bool:
    """True or False (numpy's bools too); anything else, "yes" or 1 included, is a ValueError."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise ValueError(f"{name} must be True or False, got {value!r}")


def check_choice(name: str, value, options: Sequence) -> object:
    """One of ``options`` (compared by equality, types included: 1 is not True)."""
    for option in options:
        if type(value) is type(option) and value == option:
            return option
    raise ValueError(f"{name} must be one of {list(options)}, got {value!r}")


def check_positive_int(name: str, value, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def check_finite(name: str, value, minimum: Optional[float] = None, strict: bool = False) -> float:
    """A finite number (>= or > ``minimum``); ValueError naming the parameter and what is accepted."""
    ok = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool) and \
        math.isfinite(float(value))
    if ok and minimum is not None:
        ok = float(value) > minimum if strict else float(value) >= minimum
    if not ok:
        bound = "" if minimum is None else f" {'>' if strict else '>='} {minimum}"
        raise ValueError(f"{name} must be a finite number{bound}, got {value!r}")
    return float(value)


__all__ = ["check_bool", "check_choice", "check_finite", "check_positive_int"]
