"""The choices the widgets share (their themes), the one check of "must be one of" arguments and traits, and the
integer traits and index checks of what a user or the page may set."""
from __future__ import annotations

from typing import Any, Sequence

import traitlets

THEMES = ("auto", "light", "dark")


def one_of(name: str, value: Any, allowed: Sequence[Any], error: type = ValueError) -> Any:
    """``value`` when it is in ``allowed``; otherwise ``error`` naming the argument and what it accepts."""
    if value not in allowed:
        raise error(f"{name} must be one of {tuple(allowed)}, got {value!r}")
    return value


def choice_validator(name: str, allowed: Sequence[Any]):
    """A traitlets validator for the trait ``name`` that accepts only ``allowed`` (assign it in the class body)."""

    @traitlets.validate(name)
    def _valid(self, proposal):
        return one_of(name, proposal["value"], allowed, traitlets.TraitError)

    return _valid


class StrictInt(traitlets.Int):
    """An integer trait that refuses bools (``traitlets.Int`` takes True as 1)."""

    def validate(self, obj, value):
        if isinstance(value, bool):
            self.error(obj, value)
        return super().validate(obj, value)


class StrictFloat(traitlets.Float):
    """A float trait that refuses bools (``traitlets.Float`` takes True as 1.0)."""

    def validate(self, obj, value):
        if isinstance(value, bool):
            self.error(obj, value)
        return super().validate(obj, value)


def optional_index_validator(name: str, count):
    """A traitlets validator for the trait ``name``: -1 (none) or an index 0..n-1, n = ``count(self)``."""

    @traitlets.validate(name)
    def _valid(self, proposal):
        i, n = proposal["value"], int(count(self))
        if i != -1 and not 0 <= i < n:
            raise traitlets.TraitError(f"{name} must be -1 (none) or an index 0..{n - 1}, got {i}")
        return i

    return _valid


def index_validator(name: str, items: str):
    """A traitlets validator for the trait ``name``: an index into the list trait ``items`` (when it is filled)."""

    @traitlets.validate(name)
    def _valid(self, proposal):
        i, n = proposal["value"], len(getattr(self, items))
        if n and not 0 <= i < n:
            raise traitlets.TraitError(f"{name} {i} out of range for {n} {items}")
        return i

    return _valid
