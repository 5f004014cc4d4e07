"""Which widget shows which result: result types name a view (``result.view``), widget classes are registered
under that name. The package's ``__init__`` (the top of the import graph) registers the built-in widgets lazily,
so that results, which sit below the widgets, can show themselves without importing them."""
from __future__ import annotations

from typing import Any

from .registry import Registry

VIEWS: Registry = Registry("view")


def widget_for(result: Any, **kwargs: Any):
    """The widget registered for ``result.view``, built on ``result``."""
    name = getattr(result, "view", None)
    if not isinstance(name, str):
        raise TypeError(f"{type(result).__name__} names no view; pass a result of xai_widgets")
    return VIEWS.get(name)(result, **kwargs)


__all__ = ["VIEWS", "widget_for"]
