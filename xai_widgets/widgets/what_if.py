"""``what_if(text, model=None, method="occlusion", train=None)``: an editable what-if widget.

Edit the text and see the prediction and the token attributions follow (the edits are sent to the kernel about
400 ms after the last keystroke); three buttons run in the kernel through anywidget custom messages (no server,
no iframe):

- "suggest a counterfactual": ``attack(text, model=model, method="synonym", max_changes=3)``; the suggestion is shown
  with its changed words marked and an "apply" action that makes it the text;
- "nearest training examples": ``influence(text, model=model, method="knn", k=5, train=train)``; it needs the
  training set, known for the embedded default model only: for another model pass ``train=(texts, labels)``
  (without it the button is disabled and says why);
- "pin": keeps the current version (text, probabilities, attribution) for side-by-side comparison (unpin from its
  card).

``history`` is a DataFrame of every version computed (version, text, prediction, the probability of each label,
seconds taken, pinned). A failure in the kernel (an empty text, a model error) is shown as a message in the widget
(the ``error`` trait), never as a traceback. The offline export (``xai_widgets.export.save_html``) writes the final
state; there the text is read-only (editing needs a running kernel) and the pinned versions, the suggestion and the
neighbours still show.

The front end is ``xai_widgets/static/what_if.js`` (``js/src/what_if.js``); it computes nothing: every
prediction, attribution, suggestion and neighbour comes from the kernel, and every text is put on the page as text.
"""
from __future__ import annotations

import html
import time
from typing import Any, Dict, List, Optional, Sequence

import traitlets

from .._json import jsonable
from .base import XaiWidget

#: the knobs of the buttons' kernel calls
SUGGEST = {"method": "synonym", "max_changes": 3}
NEIGHBOURS = {"method": "knn", "k": 5}
ACTIONS = ("suggest", "neighbours", "pin", "unpin", "apply", "dismiss")


def _message(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if isinstance(exc, (ValueError, TypeError)) else f"{type(exc).__name__}: {text}"


def _is_default(model: Any, adapter: Any) -> bool:
    """Whether ``adapter`` is the embedded default model (whose training split ``influence`` knows): the adapter
    ``resolve_model(None)`` returns, without loading it to find out."""
    if model is None:
        return True
    from .. import models

    return models.is_default(adapter)


class WhatIf(XaiWidget):
    """``WhatIf(text, model=None, method="occlusion", train=None, theme="auto")``; ``what_if(...)`` builds one.

    Traits synced with the page: ``text`` (both ways: setting it, from Python or on the page, recomputes),
    ``result`` (the current version: ``version``, ``text``, ``labels``, ``probabilities``, ``predicted``,
    ``seconds``, ``attribution`` = the Attribution's to_json()), ``pinned`` (pinned versions, the same dicts),
    ``suggestion`` (an AdversarialExample's to_json() or None), ``neighbours`` (an ExampleSet's to_json() or None),
    ``busy`` ("" or the running action: "predict", "suggest", "neighbours"), ``error`` (the last failure's message,
    "" for none), ``method`` / ``method_label`` / ``model_name``, ``neighbours_reason`` (why the neighbours button
    is disabled, "" when it works), ``kernel`` (False on the offline page), ``theme``."""

    text = traitlets.Unicode("").tag(sync=True)
    result = traitlets.Dict().tag(sync=True)
    pinned = traitlets.List().tag(sync=True)
    suggestion = traitlets.Dict(default_value=None, allow_none=True).tag(sync=True)
    neighbours = traitlets.Dict(default_value=None, allow_none=True).tag(sync=True)
    busy = traitlets.Unicode("").tag(sync=True)
    error = traitlets.Unicode("").tag(sync=True)
    method = traitlets.Unicode("").tag(sync=True)
    method_label = traitlets.Unicode("").tag(sync=True)
    model_name = traitlets.Unicode("").tag(sync=True)
    neighbours_reason = traitlets.Unicode("").tag(sync=True)
    kernel = traitlets.Bool(True).tag(sync=True)

    _bundle = "what_if"
    _export_traits = ("text", "result", "pinned", "suggestion", "neighbours", "error", "method", "method_label",
                      "model_name", "neighbours_reason", "theme")

    def __init__(self, text: str, model: Any = None, method: str = "occlusion", train: Optional[Sequence] = None,
                 theme: str = "auto", **kwargs: Any) -> None:
        if not isinstance(text, str):
            raise TypeError(f"text must be a string; got {type(text).__name__}")
        if not isinstance(method, str):
            raise TypeError(f"method must be a method name; got {type(method).__name__}")
        from ..methods import get_method
        from ..models import resolve_model

        spec = get_method(method)  # an unknown name fails here, naming the registered methods
        adapter = resolve_model(model)
        if getattr(adapter, "modality", "") != "text":
            raise TypeError(f"what_if needs a text classifier; got a {getattr(adapter, 'modality', '') or 'non-text'} "
                            f"model ({type(adapter).__name__})")
        self._model, self._adapter = model, adapter
        self._train = None
        if train is not None:
            from ..examples.influence import training_set

            texts, labels = training_set(adapter, train)  # checks the pair (copies: the input is never changed)
            self._train = (list(texts), [int(v) for v in labels])
        reason = "" if self._train is not None or _is_default(model, adapter) else (
            "needs the training set: pass train=(texts, labels) to what_if (it is known for the embedded default "
            "model only)")
        self._rows: List[Dict[str, Any]] = []
        self._version = 0
        self._ready = False
        super().__init__(method=spec.name, method_label=str(getattr(spec, "label", "") or spec.name),
                         model_name=str(getattr(adapter, "name", "") or ""), neighbours_reason=reason, theme=theme,
                         **kwargs)
        self.on_msg(self._on_page_message)
        self._ready = True
        self.text = text
        if text == "":  # the trait did not change: compute (and say the text is empty) anyway
            self._recompute(text)

    @traitlets.validate("method")
    def _valid_method(self, proposal):
        from ..methods import get_method

        name = proposal["value"]
        try:
            spec = get_method(name)
        except (KeyError, ValueError, TypeError) as exc:
            raise traitlets.TraitError(f"method: {exc}") from None
        adapter = getattr(self, "_adapter", None)
        if adapter is not None and not spec.applies_to(adapter):
            raise traitlets.TraitError(f"method {name!r} does not apply to {getattr(adapter, 'name', 'this model')}")
        return spec.name

    # ------------------------------------------------------------------ the text and its result
    @traitlets.observe("text")
    def _text_changed(self, change):
        if self._ready:
            self._recompute(change["new"])

    def _recompute(self, text: str) -> None:
        if not text.strip():
            self.error = "the text is empty: type a sentence to see the model's prediction"
            return
        from ..methods import run_method

        self.busy = "predict"
        try:
            start = time.perf_counter()
            attribution = run_method(self._adapter, self.method, text, None, {})
            seconds = time.perf_counter() - start
            data = jsonable(attribution.to_json())
        except Exception as exc:  # noqa: BLE001 - shown in the widget, not as a traceback
            self.error = f"could not explain this text: {_message(exc)}"
            return
        finally:
            self.busy = ""
        self._version += 1
        probs = [float(p) for p in data.get("probabilities") or []]
        labels = [str(x) for x in data.get("labels") or []]
        predicted = data.get("predicted")
        if predicted is None and probs:
            predicted = max(range(len(probs)), key=probs.__getitem__)
        entry = {"version": self._version, "text": text, "labels": labels, "probabilities": probs,
                 "predicted": None if predicted is None else int(predicted), "seconds": round(seconds, 4),
                 "attribution": data}
        self._rows.append({k: entry[k] for k in ("version", "text", "labels", "probabilities", "predicted",
                                                 "seconds")})
        with self.hold_sync():
            self.error = ""
            self.result = entry

    # ------------------------------------------------------------------ actions (the page's buttons)
    def _on_page_message(self, _widget: Any, content: Any, _buffers: Any = None) -> None:
        """A custom message from the page: ``{"action": "suggest" | "neighbours" | "pin" | "unpin" | "apply" |
        "dismiss", ...}``; every failure becomes the ``error`` message."""
        if not isinstance(content, dict) or content.get("action") not in ACTIONS:
            self.error = f"unknown request from the page: {content!r}"
            return
        action = content["action"]
        try:
            if action == "suggest":
                self.suggest()
            elif action == "neighbours":
                self.nearest()
            elif action == "pin":
                self.pin()
            elif action == "unpin":
                self.unpin(content.get("version"))
            elif action == "apply":
                self.apply_suggestion()
            else:
                self.dismiss(content.get("what"))
        except Exception as exc:  # noqa: BLE001 - shown in the widget, not as a traceback
            self.error = _message(exc)

    def _run(self, action: str, what: str, fn):
        if not self.text.strip():
            self.error = f"{what}: the text is empty"
            return None
        self.busy, self.error = action, ""
        try:
            return fn()
        except Exception as exc:  # noqa: BLE001 - shown in the widget, not as a traceback
            self.error = f"{what} failed: {_message(exc)}"
            return None
        finally:
            self.busy = ""

    def suggest(self) -> Optional[Dict[str, Any]]:
        """A counterfactual of the current text (``attack(..., method="synonym", max_changes=3)``), shown as
        the ``suggestion``; returns its to_json() (None on failure: see ``error``)."""

        def run():
            from ..attacks import attack

            ex = attack(self.text, model=self._adapter, **SUGGEST)
            return jsonable(ex.to_json())

        data = self._run("suggest", "suggest a counterfactual", run)
        if data is not None:
            self.suggestion = data
        return data

    def nearest(self) -> Optional[Dict[str, Any]]:
        """The nearest training examples of the current text (``influence(..., method="knn", k=5)``), shown as
        ``neighbours``; returns their to_json() (None on failure: see ``error``)."""
        if self.neighbours_reason:
            self.error = f"nearest training examples: {self.neighbours_reason}"
            return None

        def run():
            from ..examples.influence import influence

            return jsonable(influence(self.text, model=self._adapter, train=self._train, **NEIGHBOURS).to_json())

        data = self._run("neighbours", "nearest training examples", run)
        if data is not None:
            self.neighbours = data
        return data

    def pin(self) -> Optional[int]:
        """Keeps the current version for comparison; returns its version number (pinning it twice is a no-op)."""
        if not self.result or self.result.get("text") != self.text:
            self.error = "nothing to pin: the current text has no prediction"
            return None
        v = self.result["version"]
        if all(p["version"] != v for p in self.pinned):
            self.pinned = [*self.pinned, dict(self.result)]
        return v

    def unpin(self, version: Any = None) -> None:
        """Removes pinned version ``version`` (None: all of them)."""
        if version is None:
            self.pinned = []
            return
        if isinstance(version, bool) or not isinstance(version, (int, float)) or int(version) != version:
            raise ValueError(f"unpin needs a version number; got {version!r}")
        if all(p["version"] != int(version) for p in self.pinned):
            raise ValueError(f"version {int(version)} is not pinned (pinned: {[p['version'] for p in self.pinned]})")
        self.pinned = [p for p in self.pinned if p["version"] != int(version)]

    def apply_suggestion(self) -> None:
        """Makes the suggestion's adversarial text the text (and so recomputes)."""
        if not self.suggestion:
            raise ValueError("there is no suggestion to apply: ask for one first")
        self.text = self.suggestion["adversarial"]

    def dismiss(self, what: Any = None) -> None:
        """Clears the suggestion ("suggestion"), the neighbours ("neighbours") or the error message ("error")."""
        if what == "suggestion":
            self.suggestion = None
        elif what == "neighbours":
            self.neighbours = None
        elif what == "error":
            self.error = ""
        else:
            raise ValueError(f"dismiss takes 'suggestion', 'neighbours' or 'error'; got {what!r}")

    # ------------------------------------------------------------------ reading it back
    @property
    def history(self):
        """Every version computed, in order: version, text, prediction, ``p_<label>`` for each label, seconds,
        pinned."""
        import pandas as pd

        pinned = {p["version"] for p in self.pinned}
        labels = self._rows[0]["labels"] if self._rows else list(getattr(self._adapter, "labels", []))
        rows = []
        for r in self._rows:
            row = {"version": r["version"], "text": r["text"],
                   "prediction": r["labels"][r["predicted"]] if r["predicted"] is not None else None}
            row.update({f"p_{lab}": p for lab, p in zip(r["labels"], r["probabilities"])})
            row.update(seconds=r["seconds"], pinned=r["version"] in pinned)
            rows.append(row)
        columns = ["version", "text", "prediction", *[f"p_{lab}" for lab in labels], "seconds", "pinned"]
        return pd.DataFrame(rows, columns=columns)

    @property
    def attribution(self):
        """The current version's Attribution (rebuilt from its JSON), or None."""
        if not self.result:
            return None
        from ..results import Attribution

        return Attribution.from_json(self.result["attribution"])

    # ------------------------------------------------------------------ export and static view
    def _export_state(self) -> Dict[str, Any]:
        state = super()._export_state()
        state.update(kernel=False, busy="")  # the offline page has no kernel: read-only text
        return state

    def _static_html(self) -> str:
        r = self.result or {}
        pred = ""
        if r.get("predicted") is not None:
            p = r["probabilities"][r["predicted"]]
            pred = f" ({html.escape(r['labels'][r['predicted']])}, p = {p:.3f})"
        tokens = ""
        if isinstance(r.get("attribution"), dict) and r["attribution"].get("tokens"):
            from ..results.static_html import attribution_html

            tokens = attribution_html(r["attribution"])
        return (f"<div style='font-family:system-ui,sans-serif;font-size:13px'><div>what if: {html.escape(self.text)}"
                f"{pred}</div>{tokens}<div>editing needs a running kernel with JavaScript widgets</div></div>")

    def __repr__(self) -> str:
        r = self.result or {}
        pred = r["labels"][r["predicted"]] if r.get("predicted") is not None else None
        return (f"WhatIf(text={self.text[:50]!r}, prediction={pred!r}, versions={len(self._rows)}, "
                f"pinned={[p['version'] for p in self.pinned]})")


def what_if(text: str, model: Any = None, method: str = "occlusion", train: Optional[Sequence] = None,
            theme: str = "auto") -> WhatIf:
    """An editable what-if widget on ``text``: the prediction and the ``method`` attribution follow each edit;
    buttons suggest a counterfactual (a synonym attack), show the nearest training examples (``train=(texts,
    labels)`` for a model other than the embedded default) and pin versions for comparison. See ``WhatIf``."""
    return WhatIf(text, model=model, method=method, train=train, theme=theme)


__all__ = ["WhatIf", "what_if", "SUGGEST", "NEIGHBOURS"]
