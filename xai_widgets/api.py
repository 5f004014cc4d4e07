"""The high-level entry points: ``explain(x, ...)`` for one input and ``explain_global(model, X, ...)`` for a
dataset. Both resolve the model, look the method up in the registry (which checks, once, that the model offers what
the method needs) and return a result."""
from __future__ import annotations

from typing import Dict, Optional, Sequence, Union

from .methods.registry import get_method, run_method
from .models import resolve_model
from .progress import check_show, progress
from .results import Attribution, Comparison, GlobalExplanation

__all__ = ["explain", "explain_global", "resolve_model"]


_MISSING = object()


def explain(x=_MISSING, model=None, method: str = "integrated_gradients", target=None,
            methods: Optional[Sequence[str]] = None, method_params: Optional[Dict[str, dict]] = None,
            show_progress: Optional[bool] = None, **params) -> Union[Attribution, Comparison]:
    """Explain one input: a text for a text model, one row (1-D array, list, pandas Series, one-row DataFrame) for
    a tabular model.

    ``explain(text)`` runs integrated gradients on the embedded default model and returns an ``Attribution``.
    ``target``: None (the predicted class), a class index, a label name, ``"all"`` or a list.
    ``methods=[...]`` runs several methods and returns a ``Comparison`` shown in one widget; shared ``**params``
    go to every method that accepts them, ``method_params={"lime": {...}}`` to one method; a progress bar names
    the method running (``show_progress=False``, or ``xai_widgets.progress.set_enabled(False)``, turns it off).
    ``text=`` is accepted for ``x`` (the name of the first argument before table rows existed).
    """
    check_show(show_progress)
    if "text" in params:
        if x is not _MISSING:
            raise TypeError("pass the input once: explain(x) or explain(text=...)")
        x = params.pop("text")
    if x is _MISSING:
        raise TypeError("explain() needs the input to explain: a text, or one row of a table")
    adapter = resolve_model(model)
    if methods is None:
        if method_params:
            raise TypeError("method_params is for methods=[...]; pass a single method's parameters as keywords")
        return run_method(adapter, method, x, target, params)
    if isinstance(methods, str):
        raise TypeError("methods must be a list of method names; for one method use method=...")
    names = [get_method(m).name for m in methods]
    if not names:
        raise ValueError("methods is empty; pass a list such as ['saliency', 'integrated_gradients', 'lime']")
    method_params = dict(method_params or {})
    for key in method_params:
        if get_method(key).name not in names:
            raise ValueError(f"method_params names {key!r}, which is not in methods {names}")
    per = {get_method(k).name: v for k, v in method_params.items()}
    accepted = {n: set(get_method(n).implementation(adapter).params) for n in names}
    unused = [p for p in params if not any(p in accepted[n] for n in names)]
    if unused:
        raise TypeError(f"no method in {names} accepts {unused}")
    results = []
    for name in progress(names, desc="explain", unit="methods", label=str, show=show_progress):
        shared = {k: v for k, v in params.items() if k in accepted[name]}
        results.append(run_method(adapter, name, x, target, {**shared, **per.get(name, {})}))
    return Comparison(results)


def explain_global(model=None, X=None, y=None, method: str = "permutation_importance", target=None,
                   seed: int = 0, **params) -> GlobalExplanation:
    """What ``model`` (a tabular adapter from ``load_model(estimator, data=...)``) relies on over the rows ``X``
    (with targets ``y`` for the methods that score performance, such as permutation importance).

    Methods: ``permutation_importance``, ``impurity_importance``, ``linear_weights``, ``gradient_importance``,
    ``tree_shap`` and ``kmeans``; ``xw.available_methods(model, scope="global")`` lists those that work with a
    model. ``seed`` fixes every random draw (permutations, clusters)."""
    adapter = resolve_model(model)
    spec = get_method(method)
    impl = spec.implementation(adapter, "global")
    if "seed" in impl.params:
        params["seed"] = seed
    elif seed != 0:
        raise TypeError(f"{spec.name} draws nothing at random: it takes no seed")
    return run_method(adapter, method, X, target, params, scope="global", y=y)
