"""One shared progress helper for every method and builder (tqdm.auto), switchable off.

Switch it off globally with ``xai_widgets.progress.set_enabled(False)`` or the environment
variable ``XAI_WIDGETS_PROGRESS=0``; a call can also pass ``progress=False``.
"""
from __future__ import annotations

import os
from typing import Iterable, Optional, TypeVar

T = TypeVar("T")
_enabled: Optional[bool] = None


def set_enabled(flag: bool) -> None:
    global _enabled
    _enabled = bool(flag)


def enabled() -> bool:
    if _enabled is not None:
        return _enabled
    return os.environ.get("XAI_WIDGETS_PROGRESS", "1") not in ("0", "false", "False", "no")


def progress(iterable: Iterable[T], total: Optional[int] = None, desc: str = "", show: Optional[bool] = None,
             min_total: int = 2) -> Iterable[T]:
    """Wrap ``iterable`` in a tqdm bar when progress is on and the loop has at least ``min_total`` items."""
    on = enabled() if show is None else (show and enabled())
    if total is None:
        try:
            total = len(iterable)  # type: ignore[arg-type]
        except TypeError:
            total = None
    if not on or (total is not None and total < min_total):
        return iterable
    from tqdm.auto import tqdm

    return tqdm(iterable, total=total, desc=desc, leave=False)
