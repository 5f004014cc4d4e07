"""``ConceptReport``: the outcome of ``xai_widgets.concept_test`` (a ``ConceptScores``) as a widget.

A concepts x layers grid of TCAV scores: each cell shows the mean score over the random runs with its spread, drawn
on a 0..1 strip against the random band of its layer (the random-vs-random runs' mean +- 2 sd), the Holm-corrected
p-value with a significant / not significant mark of the TCAV paper's t-test over the runs, a second line with the
Holm-corrected p-value and mark of the set-level test (``p_set_holm``, see ``concepts/tcav.py``; "n/a" for older
results without it), and a flag where the CAV is near chance (held-out accuracy below ``NEAR_CHANCE``: the concept
is not linearly separable from random text at that layer, so its score means little).
Clicking a cell lists the k examples most and least aligned with that concept's mean CAV at that layer (cosine
alignment and directional derivative); clicking one of them shows its per-token concept sensitivity as coloured
tokens (the TokenHighlight view, embedded). A header names the explained class, the number of examples, of random
runs and the CAV kind.

The front end is ``xai_widgets/static/concept_report.js`` (``js/src/concept_report.js``); it reads the result's
``to_json()`` (the ``data`` trait) and computes nothing the result does not hold. Every text (concept names,
labels, examples, tokens) is put on the page as text, never parsed as HTML.
"""
from __future__ import annotations

from typing import Any, Dict, Optional, Union

import numpy as np
import traitlets

from ..results.concept_scores import ConceptScores
from .base import XaiWidget
from .choices import StrictInt

_REQUIRED = ("concepts", "layers", "labels", "target", "scores", "random_scores", "p_holm", "alpha", "examples",
             "example_tokens", "alignment", "sensitivity", "token_sensitivity")


def _shape(name: str, value: Any, shape: tuple) -> None:
    try:
        got = np.shape(np.asarray(value, dtype=float))  # None (NaN in JSON) reads as nan
    except (TypeError, ValueError):
        raise ValueError(f"concept report data: {name} is not a regular array of numbers") from None
    if tuple(got[:len(shape)]) != tuple(shape):
        raise ValueError(f"concept report data: {name} has shape {got}, expected {shape} (see ConceptScores.to_json())")


def check_data(data: Dict[str, Any]) -> Dict[str, Any]:
    """Checks a ``ConceptScores.to_json()`` dict for what the page reads (keys and shapes); returns it."""
    if not isinstance(data, dict):
        raise TypeError(f"expected a ConceptScores or its to_json() dict, got {type(data).__name__}")
    missing = [k for k in _REQUIRED if k not in data]
    if missing:
        raise ValueError(f"concept report data lacks {missing}; pass a ConceptScores or its to_json()")
    C, L, n = len(data["concepts"]), len(data["layers"]), len(data["examples"])
    if not C or not L:
        raise ValueError("concept report data has no concepts or no layers")
    R = np.shape(data["scores"])[2] if np.ndim(data["scores"]) == 3 else -1
    _shape("scores", data["scores"], (C, L, R))
    _shape("random_scores", data["random_scores"], (L,))
    _shape("p_holm", data["p_holm"], (C, L))
    for name in ("p_set", "p_set_holm", "significant_set"):  # the set test: optional (older results lack it)
        if data.get(name) is not None:
            _shape(name, data[name], (C, L))
    _shape("alignment", data["alignment"], (C, L, n))
    _shape("sensitivity", data["sensitivity"], (C, L, n))
    if len(data["example_tokens"]) != n or len(data["token_sensitivity"]) != n:
        raise ValueError(f"concept report data: example_tokens and token_sensitivity need one entry per example ({n})")
    for i, (tokens, sens) in enumerate(zip(data["example_tokens"], data["token_sensitivity"])):
        _shape(f"token_sensitivity[{i}]", sens, (C, L, len(tokens)))
    if not 0 <= int(data["target"]) < len(data["labels"]):
        raise ValueError(f"target {data['target']} out of range for labels {data['labels']}")
    return data


def _index_validator(name: str, count):
    @traitlets.validate(name)
    def _valid(self, proposal):
        v, n = proposal["value"], count(self)
        if v != -1 and not (n and 0 <= v < n):
            raise traitlets.TraitError(f"{name} must be -1 (none) or an index in 0..{n - 1}; got {v}")
        return v

    return _valid


class ConceptReport(XaiWidget):
    """``ConceptReport(scores, concept=None, layer=None, example=None, k=5, theme="auto")`` for a ``ConceptScores``
    (or its ``to_json()`` dict). ``concept`` / ``layer`` (a concept name and a tested layer, both or neither) open
    that cell's aligned examples; ``example`` (an example index) shows its per-token sensitivity.

    Traits synced with the page: ``data`` (the result's to_json()), ``concept_index`` / ``layer_index`` (the
    selected cell, -1 for none), ``example`` (the selected example, -1 for none), ``k`` (how many most and least
    aligned examples the drill-down lists), ``theme`` ("auto", "light", "dark")."""

    data = traitlets.Dict().tag(sync=True)
    concept_index = StrictInt(-1).tag(sync=True)
    layer_index = StrictInt(-1).tag(sync=True)
    example = StrictInt(-1).tag(sync=True)
    k = StrictInt(5).tag(sync=True)

    _bundle = "concept_report"
    _export_traits = ("data", "concept_index", "layer_index", "example", "k", "theme")

    _valid_concept_index = _index_validator("concept_index", lambda self: len(self.data.get("concepts", [])))
    _valid_layer_index = _index_validator("layer_index", lambda self: len(self.data.get("layers", [])))
    _valid_example = _index_validator("example", lambda self: len(self.data.get("examples", [])))

    def __init__(self, scores: Union[ConceptScores, Dict[str, Any]], concept: Optional[str] = None,
                 layer: Optional[int] = None, example: Optional[int] = None, k: int = 5, theme: str = "auto",
                 **kwargs: Any) -> None:
        self._scores = self._as_scores(scores)
        self._data_of_scores = check_data(self._scores.to_json())
        super().__init__(data=self._data_of_scores, k=k, theme=theme, **kwargs)
        if concept is not None or layer is not None or example is not None:
            self.select(concept, layer, example)

    @staticmethod
    def _as_scores(scores: Any) -> ConceptScores:
        if isinstance(scores, ConceptScores):
            return scores
        if isinstance(scores, dict):
            return ConceptScores.from_json(check_data(scores))
        raise TypeError(f"ConceptReport shows a ConceptScores (xw.concept_test(...)) or its to_json() dict; got "
                        f"{type(scores).__name__}")

    @traitlets.validate("data")
    def _valid_data(self, proposal):
        return check_data(proposal["value"])

    @traitlets.observe("data")
    def _data_changed(self, change):
        new = change["new"]
        if new is not getattr(self, "_data_of_scores", None):  # assigned directly: keep the helpers in step
            self._scores = ConceptScores.from_json(new)
            self._data_of_scores = new
        with self.hold_trait_notifications():
            if self.concept_index >= len(new["concepts"]) or self.layer_index >= len(new["layers"]):
                self.concept_index, self.layer_index, self.example = -1, -1, -1
            if self.example >= len(new["examples"]):
                self.example = -1

    @traitlets.validate("k")
    def _valid_k(self, proposal):
        v = proposal["value"]
        if v < 1:
            raise traitlets.TraitError(f"k must be a positive number of examples; got {v}")
        return v

    # ------------------------------------------------------------------ selection
    @property
    def scores(self) -> ConceptScores:
        """The ConceptScores shown."""
        return self._scores

    def set_scores(self, scores: Union[ConceptScores, Dict[str, Any]]) -> None:
        """Show another result (clears the selection)."""
        new = self._as_scores(scores)
        data = check_data(new.to_json())
        with self.hold_trait_notifications():
            self.concept_index, self.layer_index, self.example = -1, -1, -1
            self._scores, self._data_of_scores = new, data
            self.data = data

    def select(self, concept: Optional[str] = None, layer: Optional[int] = None, example: Optional[int] = None) -> None:
        """Open the cell of ``concept`` (a name) at ``layer`` (a tested layer index, negative from the end) and,
        with ``example`` (an index into the examples), its per-token view. ``select()`` clears the selection."""
        if (concept is None) != (layer is None):
            raise ValueError("give both concept and layer (or neither, to clear the selection)")
        if concept is None:
            if example is not None:
                raise ValueError("an example is shown for a selected cell: give concept and layer too")
            ci = li = ex = -1
        else:
            ci, li = self._scores._index(concept, layer)
            ex = -1 if example is None else int(example)
            if ex != -1 and not 0 <= ex < len(self._scores.examples):
                raise ValueError(f"example {example} out of range 0..{len(self._scores.examples) - 1}")
        with self.hold_trait_notifications():
            self.concept_index, self.layer_index, self.example = ci, li, ex

    @property
    def selected(self):
        """(concept name, layer) of the open cell, or None."""
        if self.concept_index < 0 or self.layer_index < 0:
            return None
        return self._scores.concepts[self.concept_index], self._scores.layers[self.layer_index]

    def aligned_examples(self, k: Optional[int] = None):
        """The DataFrame of the k most and least aligned examples of the open cell (what the page lists)."""
        if self.selected is None:
            raise ValueError("no cell is selected: click one or call select(concept, layer)")
        return self._scores.aligned_examples(*self.selected, k=k or self.k)

    def token_highlight(self, example: Optional[int] = None, **kwargs: Any):
        """A ``TokenHighlight`` of the per-token sensitivity of ``example`` (default: the selected one) to the
        open cell's concept at its layer."""
        from .token_highlight import TokenHighlight

        if self.selected is None:
            raise ValueError("no cell is selected: click one or call select(concept, layer)")
        i = self.example if example is None else int(example)
        if i < 0:
            raise ValueError("no example is selected: click one or pass example=")
        kwargs.setdefault("theme", self.theme)
        return TokenHighlight(self._scores.token_attribution(*self.selected, i), **kwargs)

    # ------------------------------------------------------------------ static view
    def _static_html(self) -> str:
        return self._scores._static_html()

    def __repr__(self) -> str:
        sel = self.selected
        return (f"ConceptReport(concepts={self._scores.concepts}, layers={self._scores.layers}, "
                f"target={self._scores.target_label!r}, selected={sel})")


__all__ = ["ConceptReport", "check_data"]
