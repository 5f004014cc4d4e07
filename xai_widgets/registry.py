"""One small registry, found by name, that serves methods, metrics and views alike (after inseq's
``utils/registry.py``).

Names are normalised (case, ``-`` and spaces fold to ``_``); aliases point at the same entry; a ``loader`` imports
the built-in entries on the first lookup, so importing the package stays cheap; a lazy entry
(``add_lazy(name, "module:attribute")``) is imported when it is first asked for.
"""
from __future__ import annotations

import importlib
from typing import Callable, Dict, Generic, Iterator, List, Optional, Tuple, TypeVar

T = TypeVar("T")


def normalise(name: str) -> str:
    return name.strip().lower().replace("-", "_").replace(" ", "_")


class Registry(Generic[T]):
    """``reg.add(name, obj, aliases=())``, ``reg.get(name)``, ``reg.names()``, ``name in reg``, ``iter(reg)``."""

    def __init__(self, kind: str, loader: Optional[Callable[[], None]] = None):
        self.kind = kind
        self._loader = loader
        self._loaded = loader is None
        self._items: Dict[str, T] = {}
        self._aliases: Dict[str, str] = {}
        self._lazy: Dict[str, str] = {}

    # ------------------------------------------------------------------ filling
    def add(self, name: str, obj: T, aliases: Tuple[str, ...] = (), replace: bool = False) -> T:
        key = normalise(name)
        if not replace and key in self._items and self._items[key] is not obj:
            raise ValueError(f"{self.kind} {name!r} is registered twice")
        self._items[key] = obj
        self._lazy.pop(key, None)
        for alias in aliases:
            a = normalise(alias)
            if a in self._items or self._aliases.get(a, key) != key:
                raise ValueError(f"{self.kind} alias {alias!r} is already taken")
            self._aliases[a] = key
        return obj

    def add_lazy(self, name: str, target: str) -> None:
        """Register ``"package.module:attribute"``, imported on the first ``get(name)``."""
        self._lazy[normalise(name)] = target

    # ------------------------------------------------------------------ lookup
    def _load(self) -> None:
        if not self._loaded:
            self._loaded = True
            self._loader()  # type: ignore[misc]

    def key(self, name: str) -> str:
        """The canonical key of ``name`` (an alias resolves to its entry); ValueError listing the names."""
        self._load()
        if not isinstance(name, str):
            raise TypeError(f"{self.kind} must be a name (str), got {type(name).__name__}; available: {self.names()}")
        key = normalise(name)
        key = self._aliases.get(key, key)
        if key not in self._items and key not in self._lazy:
            raise ValueError(f"unknown {self.kind} {name!r}; available: {self.names()}")
        return key

    def get(self, name: str) -> T:
        key = self.key(name)
        if key not in self._items:
            module, _, attr = self._lazy[key].partition(":")
            self._items[key] = getattr(importlib.import_module(module), attr)
        return self._items[key]

    def find(self, name: str) -> Optional[T]:
        """``get(name)``, or None when nothing is registered under it."""
        try:
            return self.get(name)
        except ValueError:
            return None

    def names(self) -> List[str]:
        self._load()
        return sorted(set(self._items) | set(self._lazy))

    def items(self) -> List[Tuple[str, T]]:
        return [(n, self.get(n)) for n in self.names()]

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str):
            return False
        self._load()
        key = self._aliases.get(normalise(name), normalise(name))
        return key in self._items or key in self._lazy

    def __iter__(self) -> Iterator[T]:
        return iter([obj for _, obj in self.items()])

    def __repr__(self) -> str:
        return f"Registry({self.kind!r}, {self.names()})"


__all__ = ["Registry", "normalise"]
