"""The method registry: every method module registers itself by name, saying what it needs.

``@register("lime", "LIME", kind="perturbation", modalities=("text",), needs=("mask",))`` over a function
``f(adapter, x, target=None, **params)`` (local methods) or ``f(adapter, X, y=None, target=None, **params)``
(``scope="global"``). A method may register one implementation per modality and scope under the same name (LIME
samples tokens for a text and LimeTabularExplainer's neighbourhood for a table row; ``tree_shap`` explains one row
or a whole dataset). ``run_method`` is the one place that checks, once, that the adapter offers what the method
needs, and that every parameter applies; and that the result has no NaN (``finite.py``).
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, FrozenSet, List, Optional, Sequence, Tuple

from ..errors import CapabilityError, GradientUnavailableError
from ..models.base import CAPABILITIES
from .._rng import check_seed
from ..registry import Registry
from .checks import check_bool
from .finite import check_finite

KINDS = ("gradient", "perturbation", "attention", "model", "sampling")
SCOPES = ("local", "global")
MODALITIES = ("text", "tabular", "image")
#: the text methods of the first chapters, in the order the demo, the widgets and evaluate() show them
CORE_METHODS = ["saliency", "gradient_x_input", "integrated_gradients", "smoothgrad", "gradient_shap", "occlusion",
                "lime", "shap"]


@dataclass(frozen=True)
class Implementation:
    func: Callable
    modalities: Tuple[str, ...]
    needs: FrozenSet[str]
    scope: str = "local"

    @property
    def params(self) -> List[str]:
        """The parameters a caller may pass (all but the adapter, the input, and y for global methods)."""
        names = list(inspect.signature(self.func).parameters)[2:]
        return [p for p in names if p not in ("y",)]

    def defaults(self) -> Dict[str, Any]:
        out = {}
        for k, p in list(inspect.signature(self.func).parameters.items())[2:]:
            if k not in ("target", "y") and p.default is not inspect.Parameter.empty and \
                    p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY):
                out[k] = p.default
        return out


@dataclass
class MethodSpec:
    name: str
    label: str
    kind: str
    signed: bool
    implementations: List[Implementation] = field(default_factory=list)
    aliases: Tuple[str, ...] = ()

    @property
    def func(self) -> Callable:
        return self.implementations[0].func

    @property
    def scopes(self) -> Tuple[str, ...]:
        return tuple(dict.fromkeys(impl.scope for impl in self.implementations))

    @property
    def scope(self) -> str:
        """"local" when the method explains single inputs (it may also have a global implementation)."""
        return "local" if "local" in self.scopes else "global"

    def modalities(self, scope: Optional[str] = None) -> Tuple[str, ...]:
        return tuple(dict.fromkeys(m for impl in self.implementations if scope in (None, impl.scope)
                                   for m in impl.modalities))

    @property
    def seeded(self) -> bool:
        """Whether the method draws random samples (takes ``seed``)."""
        return any("seed" in impl.params for impl in self.implementations)

    def find(self, modality: str, scope: str = "local") -> Optional[Implementation]:
        return next((impl for impl in self.implementations if modality in impl.modalities and impl.scope == scope),
                    None)

    def applies_to(self, adapter, scope: str = "local") -> bool:
        impl = self.find(adapter.modality, scope)
        return impl is not None and impl.needs <= adapter.capabilities

    def implementation(self, adapter, scope: str = "local") -> Implementation:
        """The implementation for ``adapter``; one clear ``CapabilityError`` naming what is missing and the
        methods that would work."""
        impl = self.find(getattr(adapter, "modality", ""), scope)
        what = f"{type(adapter).__name__} {getattr(adapter, 'name', '')!r}".strip()
        if impl is None:
            other = [s for s in self.scopes if s != scope and self.find(adapter.modality, s)]
            if other:
                entry = "explain_global" if other[0] == "global" else "explain"
                raise CapabilityError(f"{self.name} is a {other[0]} method for {adapter.modality} models: call "
                                      f"xw.{entry}(...); {scope} methods that work with {what}: "
                                      f"{_alternatives(adapter, scope)}")
            explained = ", ".join(self.modalities(scope)) or "no"
            raise CapabilityError(
                f"{self.name} does not apply to {adapter.modality} models (as a {scope} method it explains "
                f"{explained} models); {scope} methods that work with {what}: {_alternatives(adapter, scope)}")
        lacking = sorted(impl.needs - adapter.capabilities)
        if lacking:
            cap = lacking[0]
            reason = adapter.missing(cap) if hasattr(adapter, "missing") else ""
            error = GradientUnavailableError if cap == "gradients" else CapabilityError
            raise error(f"{self.name} needs {cap} ({CAPABILITIES.get(cap, cap)}), which {what} does not offer"
                        f"{': ' + reason if reason else ''}. Methods that work with this model: "
                        f"{_alternatives(adapter, scope)}")
        return impl

    def __repr__(self) -> str:
        return (f"MethodSpec({self.name!r}, kind={self.kind!r}, scopes={self.scopes}, signed={self.signed}, "
                f"modalities={self.modalities()})")


#: filled as the package ``xai_widgets.methods`` imports its modules (which happens before anything here is used)
METHODS: Registry = Registry("method")


def _order(name: str) -> tuple:
    return (name in CORE_METHODS, CORE_METHODS.index(name) if name in CORE_METHODS else 0, name)


def _alternatives(adapter, scope: str) -> str:
    names = sorted((s.name for _, s in METHODS.items() if s.applies_to(adapter, scope)), key=_order)
    names = list(dict.fromkeys(names))
    if not names:
        return "none"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def register(name: str, label: str, kind: str, signed: bool = True, modalities: Sequence[str] = ("text",),
             needs: Sequence[str] = (), scope: str = "local", aliases: Tuple[str, ...] = ()
             ) -> Callable[[Callable], Callable]:
    """Decorator: ``@register("occlusion", "Occlusion", kind="perturbation", modalities=("text", "tabular"),
    needs=("mask",))``. Registering a name again adds an implementation for other modalities."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {SCOPES}, got {scope!r}")
    bad = [m for m in modalities if m not in MODALITIES] + [n for n in needs if n not in CAPABILITIES]
    if bad:
        raise ValueError(f"unknown modalities or needs {bad}; accepted: {MODALITIES}, {sorted(CAPABILITIES)}")

    def deco(func: Callable) -> Callable:
        impl = Implementation(func, tuple(modalities), frozenset(needs), scope)
        spec = METHODS._items.get(name)  # noqa: SLF001 - the registry's own module
        if spec is None:
            spec = MethodSpec(name, label, kind, signed, [impl], tuple(aliases))
            METHODS.add(name, spec, aliases=aliases)
        else:
            twice = [m for m in modalities if spec.find(m, scope)]
            if twice or spec.kind != kind:
                raise ValueError(f"method {name!r} is registered twice (for {twice}, {scope}) or with another kind")
            spec.implementations.append(impl)
        func.spec = spec  # type: ignore[attr-defined]
        return func

    return deco


def get_method(name: str) -> MethodSpec:
    return METHODS.get(name)


def available_methods(model=None, scope: Optional[str] = None) -> List[str]:
    """The registered method names; with ``model`` (an adapter) only those that work with it; with ``scope``
    ("local" or "global") only those of that scope."""
    if scope is not None and scope not in SCOPES:
        raise ValueError(f"scope must be one of {SCOPES}, got {scope!r}")
    scopes = SCOPES if scope is None else (scope,)
    return sorted({s.name for _, s in METHODS.items()
                   if any(sc in s.scopes and (model is None or s.applies_to(model, sc)) for sc in scopes)})


def resolved_params(name: str, adapter, params: Dict[str, Any], scope: str = "local") -> Dict[str, Any]:
    """The method's parameters with its defaults filled in (so that a changed default is a new cache key)."""
    impl = get_method(name).implementation(adapter, scope)
    return {**impl.defaults(), **params}


def run_method(adapter, name: str, x, target=None, params: Optional[Dict[str, Any]] = None, *,
               scope: str = "local", **extra):
    """Run method ``name`` on ``adapter`` for input ``x``: the capability and parameter checks, then the method.
    ``extra`` holds what the entry point passes itself (``y`` for global methods)."""
    spec = get_method(name)
    impl = spec.implementation(adapter, scope)
    params = dict(params or {})
    accepted = set(impl.params)
    unknown = set(params) - accepted
    if unknown:
        raise TypeError(f"{spec.name} got unknown parameter(s) {sorted(unknown)}; it accepts "
                        f"{sorted(accepted - {'target'})}")
    defaults = impl.defaults()
    for key, value in params.items():  # the rules every method shares: seeds, and flags that default to a bool
        if key == "seed":
            params[key] = check_seed(value)  # the int used is the one recorded
        elif isinstance(defaults.get(key), bool):
            params[key] = check_bool(key, value)
    return check_finite(impl.func(adapter, x, target=target, **extra, **params), spec.name, params)


__all__ = ["register", "get_method", "available_methods", "run_method", "resolved_params",
           "MethodSpec", "Implementation", "METHODS", "CORE_METHODS", "KINDS", "SCOPES", "MODALITIES"]
