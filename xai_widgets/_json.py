"""JSON-safe conversion shared by results, widgets and export."""
from __future__ import annotations

import math
from typing import Any


def jsonable(obj: Any) -> Any:
    """A JSON-safe copy: numpy arrays/scalars to lists/numbers, tuples to lists, non-finite floats to None."""
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [jsonable(v) for v in obj]
    if hasattr(obj, "tolist") and not isinstance(obj, (str, bytes)):  # numpy arrays and scalars
        return jsonable(obj.tolist())
    if obj is None or isinstance(obj, (str, bool, int)):
        return obj
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    return str(obj)
