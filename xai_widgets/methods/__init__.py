"""Attribution methods, one module each, registered by name (``registry.py``). Every module of this package is
imported here, so a new method is one new file; none of them imports a heavy dependency at the top (torch, lime,
shap, sklearn and scipy load when a method that needs them runs)."""
import importlib as _importlib
import pkgutil as _pkgutil

from .registry import (CORE_METHODS, METHODS, MethodSpec, available_methods, get_method, register,  # noqa: F401
                       resolved_params, run_method)

for _info in _pkgutil.iter_modules(__path__):
    if not _info.name.startswith("_") and _info.name not in ("registry", "base"):
        _importlib.import_module(f"{__name__}.{_info.name}")

__all__ = ["CORE_METHODS", "METHODS", "MethodSpec", "available_methods", "get_method", "register", "run_method",
           "resolved_params"]
