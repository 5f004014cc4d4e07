"""The one registry of attribution methods: each method module registers itself under a name."""
from __future__ import annotations

from typing import Callable, Dict, List

_METHODS: Dict[str, "MethodSpec"] = {}


class MethodSpec:
    __slots__ = ("name", "label", "func", "kind", "signed", "needs_gradients")

    def __init__(self, name: str, label: str, func: Callable, kind: str, signed: bool, needs_gradients: bool):
        self.name, self.label, self.func = name, label, func
        self.kind, self.signed, self.needs_gradients = kind, signed, needs_gradients

    def __repr__(self) -> str:
        return f"MethodSpec({self.name!r}, kind={self.kind!r}, signed={self.signed})"


def register(name: str, label: str, kind: str, signed: bool = True, needs_gradients: bool = False,
             aliases: tuple = ()) -> Callable[[Callable], Callable]:
    """Decorator: ``@register("occlusion", "Occlusion", kind="perturbation")``."""

    def deco(func: Callable) -> Callable:
        spec = MethodSpec(name, label, func, kind, signed, needs_gradients)
        for key in (name, *aliases):
            if key in _METHODS and _METHODS[key].func is not func:
                raise ValueError(f"method name {key!r} is registered twice")
            _METHODS[key] = spec
        func.spec = spec  # type: ignore[attr-defined]
        return func

    return deco


def get_method(name: str) -> MethodSpec:
    _load_builtin()
    if not isinstance(name, str):
        raise TypeError(f"method must be a name (str), got {type(name).__name__}; available: {available_methods()}")
    key = name.strip().lower().replace("-", "_").replace(" ", "_")
    if key not in _METHODS:
        raise ValueError(f"unknown method {name!r}; available: {available_methods()}")
    return _METHODS[key]


def available_methods() -> List[str]:
    _load_builtin()
    return sorted({spec.name for spec in _METHODS.values()})


def _load_builtin() -> None:
    from . import methods  # noqa: F401  (importing the package registers every method)
