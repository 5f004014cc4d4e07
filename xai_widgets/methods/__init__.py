"""Attribution methods, one module each, registered by name (``registry.py``); the modules are imported on the
first lookup, so ``import xai_widgets`` loads none of their dependencies (lime, shap, sklearn, scipy)."""
from .registry import (CORE_METHODS, METHODS, MethodSpec, available_methods, get_method, register,  # noqa: F401
                       resolved_params, run_method)

__all__ = ["CORE_METHODS", "METHODS", "MethodSpec", "available_methods", "get_method", "register", "run_method",
           "resolved_params"]
