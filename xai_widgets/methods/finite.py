"""No silent NaN: ``run_method`` passes every result through ``check_finite`` before returning it. A local
explanation whose scores, or whose model outputs, are not all finite, and a global one whose importances or values
are not, is an error that names the method, how many values and the parameters that produced them."""
from __future__ import annotations

from typing import Any, Dict

import numpy as np

from ..errors import NonFiniteError

#: the numeric fields of each result type that must be finite
FIELDS = {"Attribution": ("probabilities", "scores", "base_values"),  # the model's outputs first: they explain the rest
          "GlobalExplanation": ("importances", "values", "importances_std", "base_value")}


def _count_bad(value: Any):
    if value is None:
        return 0, 0
    a = np.asarray(value, dtype=np.float64)
    return int((~np.isfinite(a)).sum()), int(a.size)


def check_finite(result: Any, method: str, params: Dict[str, Any]):
    """``result`` unchanged when every number in it is finite; else ``NonFiniteError``."""
    for field in FIELDS.get(type(result).__name__, ()):
        bad, size = _count_bad(getattr(result, field, None))
        if not bad:
            continue
        if field == "probabilities":
            raise NonFiniteError(f"the model's outputs for this input are not finite ({bad} of {size} are NaN or "
                                 f"inf), so no {method} explanation can be computed; check the model's weights and "
                                 "the input")
        used = getattr(result, "params", None) or params  # with the defaults filled in
        shown = {k: v for k, v in used.items() if isinstance(v, (str, bool, int, float, type(None)))}
        raise NonFiniteError(f"{method} produced {bad} non-finite {field} (NaN or inf) out of {size} with "
                             f"parameters {shown}; no result is returned. Check the parameters (a noise scale, a "
                             "baseline, a kernel width) and the model's outputs")
    return result


__all__ = ["check_finite", "FIELDS"]
