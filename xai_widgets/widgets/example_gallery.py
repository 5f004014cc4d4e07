"""``ExampleGallery``: an ``ExampleSet`` (influential training examples from ``xw.influence``, self-influence from
``xw.self_influence``, prototypes and criticisms from ``xw.prototypes``, clusters, ...) as a widget.

A header names the result's kind and method, the query and the model's prediction for it (with the query's tokens
coloured by their attribution when one was computed); a table lists the examples with their rank (within their
kind), text, label, the model's prediction, score (with its sign and a small bar) and kind. Clicking a column
header sorts by it (again: the other direction); one toggle per distinct kind and a search box filter the rows, and
a toggle keeps only the misclassified ones (label != prediction), which are marked. Hovering a row previews, and
clicking it pins, its tokens coloured by their attribution toward the model's predicted class (the TokenHighlight
view, embedded) in a panel under the table; the pinned row is the ``selected`` trait.

The attributions are computed here, at construction, with ``attribution`` (a method name, ``"occlusion"`` by
default; ``None``: text only) on ``model`` for the query and for up to ``max_attributions`` rows, the best-ranked
of every kind first, exactly as ``xw.explain(text, model=model, method=attribution)`` computes them. The front end
is ``xai_widgets/static/example_gallery.js`` (``js/src/example_gallery.js``); it reads the traits and computes
nothing the result does not hold. Every text (examples, labels, kinds, the query) is put on the page as text, never
parsed as HTML.
"""
from __future__ import annotations

import math
from typing import Any, Dict, List, Optional, Sequence, Union

import traitlets

from .._json import jsonable
from ..results.example_set import ExampleSet
from ..results.static_html import bar_svg, esc, number
from .base import XaiWidget
from .choices import one_of, StrictInt, THEMES

#: the keys of ExampleSet.to_json() the page reads
_REQUIRED = ("kind", "method", "query", "query_prediction", "labels", "indices", "texts", "example_labels",
             "predictions", "scores", "kinds")
#: the per-example lists, one entry per example
_ROWS = ("indices", "example_labels", "predictions", "scores", "kinds")
_SOURCES = "an ExampleSet (xw.influence, xw.self_influence, xw.prototypes) or its to_json() dict"


def _is_number(v: Any) -> bool:
    return v is None or (isinstance(v, (int, float)) and not isinstance(v, bool))


def check_data(data: Any) -> Dict[str, Any]:
    """Checks an ``ExampleSet.to_json()`` dict for what the page reads (keys, one entry per example in every list,
    the types of the entries); returns it."""
    if not isinstance(data, dict):
        raise TypeError(f"ExampleGallery shows {_SOURCES}; got {type(data).__name__}")
    missing = [k for k in _REQUIRED if k not in data]
    if missing:
        raise ValueError(f"example gallery data lacks {missing}; pass {_SOURCES} (it has {list(_REQUIRED)})")
    for key in ("texts", "labels", *_ROWS):
        if isinstance(data[key], (str, bytes, dict)) or not hasattr(data[key], "__len__"):
            raise ValueError(f"example gallery data: {key} must be a list, got {type(data[key]).__name__}")
    n = len(data["texts"])
    wrong = {k: len(data[k]) for k in _ROWS if len(data[k]) != n}
    if wrong:
        raise ValueError(f"example gallery data: {', '.join(f'{k} has {v} entries' for k, v in wrong.items())}; "
                         f"every list needs one entry per example ({n} texts)")
    for key in ("texts", "example_labels", "predictions", "kinds"):
        bad = [i for i, v in enumerate(data[key]) if not isinstance(v, str)]
        if bad:
            raise ValueError(f"example gallery data: {key}[{bad[0]}] is a {type(data[key][bad[0]]).__name__}; "
                             f"{key} must be strings")
    bad = [i for i, v in enumerate(data["scores"]) if not _is_number(v)]
    if bad:
        raise ValueError(f"example gallery data: scores[{bad[0]}] = {data['scores'][bad[0]]!r} is not a number")
    for key in ("kind", "method", "query", "query_prediction"):
        if not isinstance(data[key], str):
            raise ValueError(f"example gallery data: {key} must be a string, got {type(data[key]).__name__}")
    return data


def attribution_rows(kinds: Sequence[str], limit: int) -> List[int]:
    """The rows that get a token attribution: the best-ranked of every kind first (rank 1 of each kind, then rank
    2, ...; rows of the same rank in their order), at most ``limit``; returned in row order."""
    seen: Dict[str, int] = {}
    ranked = []
    for i, kd in enumerate(kinds):
        seen[kd] = seen.get(kd, 0) + 1
        ranked.append((seen[kd], i))
    return sorted(i for _, i in sorted(ranked)[:max(0, int(limit))])


def _check_attributions(value: Any, n: int) -> List[Optional[Dict[str, Any]]]:
    if not isinstance(value, (list, tuple)) or len(value) != n:
        got = len(value) if isinstance(value, (list, tuple)) else type(value).__name__
        raise traitlets.TraitError(f"attributions must be a list with one entry (an attribution dict or None) per "
                                   f"example ({n}); got {got}")
    for i, a in enumerate(value):
        if a is not None and not (isinstance(a, dict) and "tokens" in a and "scores" in a):
            raise traitlets.TraitError(f"attributions[{i}] must be None or an Attribution.to_json() dict (with tokens "
                                       "and scores)")
    return list(value)


class ExampleGallery(XaiWidget):
    """``ExampleGallery(result, model=None, attribution="occlusion", max_attributions=20, theme="auto",
    attribution_params=None)`` for an ``ExampleSet`` (or its ``to_json()`` dict).

    - ``model``: the model whose token attributions colour the texts (None: the embedded default model; a
      result from another model then gets none, with a note, unless ``model=`` is given);
    - ``attribution``: the attribution method (any local text method of ``xw.available_methods()``) computed for
      the query and for up to ``max_attributions`` rows toward the model's predicted class; ``None``: text only;
    - ``attribution_params``: the method's parameters (e.g. ``{"window": 2}`` for occlusion, ``{"seed": 0}``).

    The attributions take the time of as many ``xw.explain`` calls (occlusion on the embedded default model: 0.16 s
    for a 25-token snippet on 2 idle CPU cores, a few seconds for the default 20 rows; a progress bar shows it): lower ``max_attributions`` or
    pass ``attribution=None`` for a quicker view.

    Traits synced with the page: ``data`` (the result's to_json()), ``attributions`` (one Attribution.to_json()
    dict or None per row), ``query_attribution`` (dict or None), ``attribution`` (the method, None: text only),
    ``attribution_note`` (why there are none, "" otherwise), ``max_attributions``, ``selected`` (the pinned row,
    -1: none; set by a click on the page), ``theme`` ("auto", "light", "dark")."""

    data = traitlets.Dict().tag(sync=True)
    attributions = traitlets.List().tag(sync=True)
    query_attribution = traitlets.Dict(default_value=None, allow_none=True).tag(sync=True)
    attribution = traitlets.Unicode(None, allow_none=True).tag(sync=True)
    attribution_note = traitlets.Unicode("").tag(sync=True)
    max_attributions = StrictInt(20).tag(sync=True)
    selected = StrictInt(-1).tag(sync=True)

    _bundle = "example_gallery"
    _export_traits = ("data", "attributions", "query_attribution", "attribution", "attribution_note",
                      "max_attributions", "selected", "theme")

    def __init__(self, result: Union[ExampleSet, Dict[str, Any]], model: Any = None,
                 attribution: Optional[str] = "occlusion", max_attributions: int = 20, theme: str = "auto",
                 attribution_params: Optional[Dict[str, Any]] = None, **kwargs: Any) -> None:
        if attribution is not None and (not isinstance(attribution, str) or not attribution):
            raise TypeError(f"attribution must be a method name (such as 'occlusion', 'integrated_gradients') or None "
                            f"for text only; got {attribution!r}")
        if isinstance(max_attributions, bool) or not isinstance(max_attributions, int) or max_attributions < 0:
            raise ValueError(f"max_attributions must be a number of rows >= 0; got {max_attributions!r}")
        if attribution_params is not None and not isinstance(attribution_params, dict):
            raise TypeError(f"attribution_params must be a dict of the method's parameters; got "
                            f"{type(attribution_params).__name__}")
        one_of("theme", theme, THEMES)  # before the attributions, which may take a while
        self._model, self._params = model, dict(attribution_params or {})
        self._result = self._as_result(result)
        data = check_data(self._result.to_json())
        attrs, query, note = self._compute(data, attribution, max_attributions)
        self._data_of_result = data
        super().__init__(data=data, attributions=attrs, query_attribution=query, attribution=attribution,
                         attribution_note=note, max_attributions=max_attributions, theme=theme, **kwargs)

    # ------------------------------------------------------------------ the result and its attributions
    @staticmethod
    def _as_result(result: Any) -> ExampleSet:
        if isinstance(result, ExampleSet):
            return ExampleSet.from_json(result.to_json())  # a copy: nothing here touches the caller's result
        if isinstance(result, dict):
            return ExampleSet.from_json(jsonable(check_data(result)))  # jsonable copies every list
        raise TypeError(f"ExampleGallery shows {_SOURCES}; got {type(result).__name__}")

    def _compute(self, data: Dict[str, Any], method: Optional[str], limit: int):
        """(attributions per row, the query's attribution, note) for ``data``."""
        n = len(data["texts"])
        attrs: List[Optional[Dict[str, Any]]] = [None] * n
        if method is None:
            return attrs, None, ""
        from ..methods.registry import get_method, run_method
        from ..models import resolve_model
        from ..models.default import NAME as DEFAULT_NAME
        from ..progress import progress

        spec = get_method(method)  # an unknown name: one ValueError listing the methods
        rows = attribution_rows(data["kinds"], limit)
        if not rows and not data["query"]:
            return attrs, None, ""

        source = str(data.get("model_name") or "")
        if self._model is None and source and source != DEFAULT_NAME:
            return attrs, None, (f"no token attributions: these examples come from the model {source!r}, not the "
                                 f"embedded default; pass ExampleGallery(result, model=...) to colour their tokens")
        adapter = resolve_model(self._model)
        if getattr(adapter, "modality", "text") != "text":
            raise ValueError(f"the examples are texts; {getattr(adapter, 'name', 'the model')} is a "
                             f"{adapter.modality} model")
        spec.implementation(adapter)  # one clear CapabilityError before any work
        done: Dict[str, Dict[str, Any]] = {}

        def explain(text: str) -> Dict[str, Any]:  # what xw.explain(text, model=model, method=method) returns
            if text not in done:
                out = run_method(adapter, spec.name, text, None, self._params).to_json()
                if not isinstance(out, dict) or "tokens" not in out:
                    raise ValueError(f"{spec.name} does not give token attributions of a text; choose a token "
                                     "attribution method such as 'occlusion' or 'integrated_gradients'")
                done[text] = out
            return done[text]

        jobs = ([-1] if data["query"] else []) + rows  # -1: the query
        query = None
        for i in progress(jobs, desc=f"{spec.name} attributions of the examples"):
            if i < 0:
                query = explain(data["query"])
            else:
                attrs[i] = explain(data["texts"][i])
        return attrs, query, ""

    @traitlets.validate("data")
    def _valid_data(self, proposal):
        return check_data(proposal["value"])

    @traitlets.validate("attributions")
    def _valid_attributions(self, proposal):
        return _check_attributions(proposal["value"], len(self.data.get("texts", [])))

    @traitlets.validate("selected")
    def _valid_selected(self, proposal):
        v, n = proposal["value"], len(self.data.get("texts", []))
        if v != -1 and not 0 <= v < n:
            raise traitlets.TraitError(f"selected must be -1 (none) or a row in 0..{n - 1}; got {v}")
        return v

    @traitlets.validate("max_attributions")
    def _valid_max(self, proposal):
        if proposal["value"] < 0:
            raise traitlets.TraitError(f"max_attributions must be >= 0; got {proposal['value']}")
        return proposal["value"]

    @traitlets.observe("data")
    def _data_changed(self, change):
        new = change["new"]
        if new is getattr(self, "_data_of_result", None):
            return
        # assigned directly (by a user or a front end): the attributions belong to the old rows
        self._result = ExampleSet.from_json(jsonable(new))
        self._data_of_result = new
        with self.hold_trait_notifications():
            self.selected = -1
            self.attributions = [None] * len(new["texts"])
            self.query_attribution = None
            self.attribution_note = "no token attributions: the data was replaced; call set_result() to compute them"

    def set_result(self, result: Union[ExampleSet, Dict[str, Any]]) -> None:
        """Show another ExampleSet (with the same model, attribution method and max_attributions); clears the
        selection."""
        new = self._as_result(result)
        data = check_data(new.to_json())
        attrs, query, note = self._compute(data, self.attribution, self.max_attributions)
        with self.hold_trait_notifications():
            self.selected = -1
            self._result, self._data_of_result = new, data
            self.data = data
            self.attributions, self.query_attribution, self.attribution_note = attrs, query, note

    # ------------------------------------------------------------------ selection and helpers
    @property
    def result(self) -> ExampleSet:
        """The ExampleSet shown (a copy of the one given)."""
        return self._result

    def select(self, row: Optional[int] = None) -> None:
        """Pin row ``row`` (its position in the result, negative from the end; None clears the selection)."""
        n = len(self.data["texts"])
        if row is None:
            self.selected = -1
            return
        if isinstance(row, bool) or not isinstance(row, int) or not -n <= row < n:
            raise ValueError(f"row must be an index in 0..{n - 1} (or negative from the end); got {row!r}")
        self.selected = row % n

    @property
    def selected_example(self) -> Optional[Dict[str, Any]]:
        """The pinned row as a dict (row, rank, index, text, label, prediction, score, kind) or None."""
        if self.selected < 0:
            return None
        return self.to_pandas().iloc[self.selected].to_dict()

    def to_pandas(self):
        """The rows as the table shows them in the result's order: row, rank (within its kind), index (in the
        training set), text, label, prediction, score, kind, misclassified, attributed (a token attribution
        was computed)."""
        df = self._result.to_pandas()
        df.insert(0, "row", range(len(df)))
        df["misclassified"] = [bool(a and b and a != b) for a, b in zip(df["label"], df["prediction"])]
        df["attributed"] = [a is not None for a in self.attributions]
        return df

    def token_highlight(self, row: Optional[int] = None, **kwargs: Any):
        """A ``TokenHighlight`` of the token attribution of ``row`` (default: the selected one); ``row="query"``
        for the query's."""
        from .token_highlight import TokenHighlight

        if row == "query":
            attr = self.query_attribution
            if attr is None:
                raise ValueError("the query has no token attribution (no query, or attribution=None)")
        else:
            i = self.selected if row is None else row
            if i is None or i < 0:
                raise ValueError("no row is selected: click one or pass row=")
            attr = self.attributions[i]
            if attr is None:
                raise ValueError(f"row {i} has no token attribution (attribution={self.attribution!r}, "
                                 f"max_attributions={self.max_attributions}); {self.attribution_note}".rstrip("; "))
        kwargs.setdefault("theme", self.theme)
        return TokenHighlight(attr, **kwargs)

    # ------------------------------------------------------------------ static view
    def _static_html(self) -> str:
        d = self.data
        ranks, seen = [], {}
        for kd in d["kinds"]:
            seen[kd] = seen.get(kd, 0) + 1
            ranks.append(seen[kd])
        cols = ("rank", "text", "label", "prediction", "score", "kind")
        head = "".join(f"<th>{c}</th>" for c in cols)
        rows = []
        for i, text in enumerate(d["texts"]):
            label, pred = d["example_labels"][i], d["predictions"][i]
            miss = bool(label and pred and label != pred)
            score = d["scores"][i]
            finite = score is not None and math.isfinite(float(score))
            shown = (("+" if score > 0 else "") + number(score, 4)) if finite else "n/a"
            cells = (str(ranks[i]), esc(text), esc(label), esc(pred) + (" \u2717" if miss else ""), shown,
                     esc(d["kinds"][i]))
            style = " style='background:#fff1f0'" if miss else ""
            rows.append(f"<tr{style}>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        cap = f"{d['kind']} by {d['method']}"
        if d["query"]:
            cap += f" for {d['query']!r} (predicted {d['query_prediction']})"
        return (f"<div style='font-family:system-ui,sans-serif;font-size:13px'><div>{esc(cap)}</div>"
                f"<table class='xw-fallback'><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
                f"<div style='font-size:11px'>\u2717: misclassified (label \u2260 prediction)</div>"
                + (bar_svg([str(t)[:40] for t in d["texts"]], list(d["scores"]), signed=True,
                           caption=f"{d['method']} score", max_rows=40) if d["texts"] else "")
                + "</div>")

    def __repr__(self) -> str:
        d = self.data
        done = sum(a is not None for a in self.attributions)
        return (f"ExampleGallery(kind={d['kind']!r}, method={d['method']!r}, n={len(d['texts'])}, "
                f"attribution={self.attribution!r} ({done} rows), selected={self.selected})")


__all__ = ["ExampleGallery", "check_data", "attribution_rows"]
