"""``AdversarialView``: an ``AdversarialExample`` (the outcome of ``xai_widgets.attack``) as a widget.

A header (attack method, flipped or not, words changed, model calls), the original and the adversarial text with the
changed words marked (old -> new), a small chart of the probability of the original class after each step of the
search with the decision line (0.5 for two classes, 1/C otherwise), both predictions, and the token attributions of
the original and of the adversarial text side by side (the TokenHighlight view, embedded), both toward the original
class so that they are comparable.

The attributions are computed here, in the kernel, at construction (``attribution="occlusion"`` by default, any
registered method name; ``None`` for none; or a pair of precomputed results). The front end
(``xai_widgets/static/adversarial_view.js``, built from ``js/src/adversarial_view.js``) reads the example's
``to_json()`` (the ``data`` trait) and the two attributions' ``to_json()`` (``attributions``) and computes nothing
they do not hold. Every text (words, labels, step texts) is put on the page as text, never parsed as HTML.
"""
from __future__ import annotations

import numbers
from typing import Any, Dict, Sequence, Union

import traitlets

from .._json import jsonable
from ..results.adversarial import AdversarialExample
from .base import XaiWidget

_REQUIRED = ("method", "original", "adversarial", "success", "labels", "target", "original_probabilities",
             "adversarial_probabilities", "changes", "steps", "calls")
_CHANGE_KEYS = ("position", "start", "end", "adv_start", "adv_end", "old", "new")


def _fail(message: str) -> None:
    raise ValueError(f"adversarial example data: {message} (pass an AdversarialExample or its to_json())")


def _is_int(v: Any) -> bool:
    return isinstance(v, numbers.Integral) and not isinstance(v, bool)


def _is_prob(v: Any) -> bool:
    return isinstance(v, numbers.Real) and not isinstance(v, bool) and 0.0 <= float(v) <= 1.0


def check_data(data: Dict[str, Any]) -> Dict[str, Any]:
    """Checks an ``AdversarialExample.to_json()`` dict for what the page reads (keys, types, offsets inside the
    texts, probabilities in 0..1); returns it."""
    if not isinstance(data, dict):
        raise TypeError(f"expected an AdversarialExample or its to_json() dict, got {type(data).__name__}")
    missing = [k for k in _REQUIRED if k not in data]
    if missing:
        _fail(f"lacks {missing}")
    for k in ("method", "original", "adversarial"):
        if not isinstance(data[k], str):
            _fail(f"{k} must be a string, got {type(data[k]).__name__}")
    if not isinstance(data["success"], bool):
        _fail(f"success must be True or False, got {data['success']!r}")
    labels = data["labels"]
    if not isinstance(labels, (list, tuple)) or len(labels) < 2 or not all(isinstance(x, str) for x in labels):
        _fail(f"labels must be a list of at least two label names, got {labels!r}")
    C = len(labels)
    if not _is_int(data["target"]) or not 0 <= data["target"] < C:
        _fail(f"target {data['target']!r} must be a class index in 0..{C - 1}")
    for k in ("original_probabilities", "adversarial_probabilities"):
        p = data[k]
        if not isinstance(p, (list, tuple)) or len(p) != C or not all(_is_prob(v) for v in p):
            _fail(f"{k} must hold one probability in 0..1 per label ({C}), got {p!r}")
    if not _is_int(data["calls"]) or data["calls"] < 0:
        _fail(f"calls must be a non-negative number of model calls, got {data['calls']!r}")
    if not isinstance(data["changes"], (list, tuple)):
        _fail("changes must be a list of dicts")
    n_orig, n_adv = len(data["original"]), len(data["adversarial"])
    for i, c in enumerate(data["changes"]):
        if not isinstance(c, dict) or any(k not in c for k in _CHANGE_KEYS):
            _fail(f"change {i} must be a dict with {list(_CHANGE_KEYS)}, got {c!r}")
        if not all(_is_int(c[k]) for k in ("position", "start", "end", "adv_start", "adv_end")):
            _fail(f"change {i}: position and offsets must be integers")
        if not 0 <= c["start"] <= c["end"] <= n_orig:
            _fail(f"change {i}: start..end {c['start']}..{c['end']} is outside the original text ({n_orig} characters)")
        if not 0 <= c["adv_start"] <= c["adv_end"] <= n_adv:
            _fail(f"change {i}: adv_start..adv_end {c['adv_start']}..{c['adv_end']} is outside the adversarial text "
                  f"({n_adv} characters)")
        if not isinstance(c["old"], str) or not isinstance(c["new"], str):
            _fail(f"change {i}: old and new must be strings")
    steps = data["steps"]
    if not isinstance(steps, (list, tuple)) or not steps:
        _fail("steps must be a non-empty list (the first step is the original text)")
    for i, st in enumerate(steps):
        if not isinstance(st, dict) or not isinstance(st.get("text"), str) or not _is_prob(st.get("probability")):
            _fail(f"step {i} must be a dict with a text and the probability (0..1) of the original class, got {st!r}")
    return data


def _as_example(example: Any) -> AdversarialExample:
    if isinstance(example, AdversarialExample):
        check_data(jsonable(example.to_json()))
        return example
    if isinstance(example, dict):
        return AdversarialExample.from_json(check_data(example))
    raise TypeError(f"AdversarialView shows an AdversarialExample (xw.attack(...)) or its to_json() dict; got "
                    f"{type(example).__name__}")


class AdversarialView(XaiWidget):
    """``AdversarialView(example, model=None, attribution="occlusion", theme="auto")`` for an
    ``AdversarialExample`` (or its ``to_json()`` dict).

    ``attribution``: a method name (the attributions of the original and of the adversarial text toward the
    original class ``example.target`` are computed now with ``model``, None: the embedded default model), ``None``
    (no attributions), or a pair ``(original, adversarial)`` of results (or their dicts) computed elsewhere.
    With ``model=None`` and an example made by another model (its ``model_name``), no attribution is computed and
    the page says so: pass the model.

    Traits synced with the page: ``data`` (the example's to_json()), ``attributions`` ([] or the two
    attributions' to_json()), ``attribution_note`` (why there are none, "" otherwise), ``theme``."""

    data = traitlets.Dict().tag(sync=True)
    attributions = traitlets.List().tag(sync=True)
    attribution_note = traitlets.Unicode("").tag(sync=True)

    _bundle = "adversarial_view"
    _export_traits = ("data", "attributions", "attribution_note", "theme")

    def __init__(self, example: Union[AdversarialExample, Dict[str, Any]], model: Any = None,
                 attribution: Union[None, str, Sequence[Any]] = "occlusion", theme: str = "auto",
                 **kwargs: Any) -> None:
        self._example = _as_example(example)
        data = check_data(jsonable(self._example.to_json()))
        attributions, note = self._attributions(self._example, model, attribution)
        super().__init__(data=data, attributions=attributions, attribution_note=note, theme=theme, **kwargs)

    @staticmethod
    def _attributions(ex: AdversarialExample, model: Any, attribution: Any):
        from .token_highlight import result_dicts

        if attribution is None:
            return [], ""
        if isinstance(attribution, str):
            from ..methods import get_method, run_method
            from ..models import resolve_model

            get_method(attribution)  # an unknown name fails here, naming the registered methods
            if model is None and ex.model_name:
                from ..models.default import NAME

                if ex.model_name != NAME:
                    return [], (f"no attributions: this example was made with the model {ex.model_name!r}, not the "
                                "embedded default one; pass model= to AdversarialView to compute them")
            adapter = resolve_model(model)
            if list(adapter.labels) != list(ex.labels):
                raise ValueError(f"the model's labels {list(adapter.labels)} differ from the example's {ex.labels}: "
                                 "pass the model that made the example")
            out = []
            for text in (ex.original, ex.adversarial):
                out += result_dicts(run_method(adapter, attribution, text, int(ex.target), {}))
            return out, ""
        if isinstance(attribution, (list, tuple)) and len(attribution) == 2:
            out = [result_dicts(a)[0] for a in attribution]
            for d, text, name in zip(out, (ex.original, ex.adversarial), ("original", "adversarial")):
                if d["text"] != text:
                    raise ValueError(f"the {name} attribution explains {d['text'][:40]!r}, not the {name} text "
                                     f"{text[:40]!r}")
            return out, ""
        raise TypeError("attribution must be a method name, None, or a pair (original, adversarial) of attribution "
                        f"results; got {type(attribution).__name__}")

    @traitlets.validate("data")
    def _valid_data(self, proposal):
        return check_data(proposal["value"])

    @traitlets.validate("attributions")
    def _valid_attributions(self, proposal):
        v = proposal["value"]
        if len(v) not in (0, 2):
            raise traitlets.TraitError(f"attributions must be [] or [original, adversarial]; got {len(v)} entries")
        from .token_highlight import result_dicts

        return [result_dicts(a)[0] for a in v]

    @traitlets.observe("data")
    def _data_changed(self, change):
        if self._example.to_json() != change["new"]:
            self._example = AdversarialExample.from_json(change["new"])

    @property
    def example(self) -> AdversarialExample:
        """The AdversarialExample shown."""
        return self._example

    def _static_html(self) -> str:
        return self._example._static_html()

    def __repr__(self) -> str:
        ex = self._example
        return (f"AdversarialView(method={ex.method!r}, success={ex.success}, words_changed={ex.words_changed}, "
                f"attributions={len(self.attributions) // 2})")


__all__ = ["AdversarialView", "check_data"]
