"""``TokenHighlight``: attribution scores of one or several methods on one text, as coloured tokens.

The front end is the bundled ES module ``xai_widgets/static/token_highlight.js`` (built from ``js/src`` by
``cd js && npm ci && npm run build``). This module never imports torch or transformers: it only displays
results, given as objects with a ``to_json()`` method (``Attribution``, ``Comparison``) or as plain dicts.
"""
from __future__ import annotations

import html
from typing import Any, Dict, List, Optional, Sequence, Union

import traitlets

from .. import export
from ..results.static_html import attribution_html
from .base import XaiWidget, attribution_dicts
from .choices import choice_validator, index_validator, one_of, optional_index_validator, StrictInt, THEMES

BUNDLE = export.STATIC_DIR / "token_highlight.js"
VIEWS = ("single", "grid")
_REQUIRED = ("text", "tokens", "targets", "scores", "labels")


# ---------------------------------------------------------------------------------------------- results
def _check_result(d: Dict[str, Any], k: int) -> Dict[str, Any]:
    missing = [key for key in _REQUIRED if key not in d]
    if missing:
        raise ValueError(f"result {k} lacks {missing}; a result dict needs {list(_REQUIRED)} (see Attribution.to_json())")
    n, targets, scores = len(d["tokens"]), list(d["targets"]), list(d["scores"])
    if len(scores) != len(targets) or any(len(row) != n for row in scores):
        raise ValueError(f"result {k} ({d.get('method', '?')}): scores must have one row of {n} values per target "
                         f"({len(targets)} targets)")
    d.setdefault("method", f"method_{k}")
    d.setdefault("method_label", str(d["method"]).replace("_", " ").title())
    d.setdefault("special", [False] * n)
    d.setdefault("word_start", [True] * n)
    d.setdefault("signed", True)
    d.setdefault("truncated", False)
    return d


def result_dicts(results: Any) -> List[Dict[str, Any]]:
    """Normalises one result or a sequence of results (objects with ``to_json()`` or dicts; a ``Comparison``
    counts as a sequence) to a validated list of plain dicts on the same text."""
    out = attribution_dicts(results)
    if not out:
        raise ValueError("no results to show: pass at least one attribution result")
    out = [_check_result(d, k) for k, d in enumerate(out)]
    texts = {d["text"] for d in out}
    if len(texts) > 1:
        raise ValueError(f"all results must explain the same text; got {len(texts)} different texts: "
                         + "; ".join(repr(t[:40]) for t in texts))
    return out


def resolve_target(results: Sequence[Dict[str, Any]], target: Union[None, int, str]) -> int:
    """A class index for the ``target`` trait: None -> -1 (each result's first target); a label string is
    looked up in ``labels``."""
    if target is None:
        return -1
    labels = list(results[0]["labels"])
    if isinstance(target, str):
        if target not in labels:
            raise ValueError(f"unknown target {target!r}; labels are {labels}")
        target = labels.index(target)
    if isinstance(target, bool) or not isinstance(target, int):
        raise TypeError(f"target must be a class index, a label or None; got {type(target).__name__}")
    if target == -1:
        return -1
    if not 0 <= target < len(labels):
        raise ValueError(f"target {target} out of range; labels are {labels} (indices 0..{len(labels) - 1})")
    if not any(target in d["targets"] for d in results):
        have = sorted({t for d in results for t in d["targets"]})
        raise ValueError(f"no result has scores for class {target} ({labels[target]!r}); they explain "
                         f"{[labels[t] for t in have]}; recompute with target='all'")
    return target


def token_highlight_state(results: Any, method_index: int = 0, target: Union[None, int, str] = None,
                          view: str = "single", theme: str = "auto") -> Dict[str, Any]:
    """The validated trait values of a TokenHighlight (also used by the offline export)."""
    dicts = result_dicts(results)
    if not 0 <= int(method_index) < len(dicts):
        raise ValueError(f"method_index {method_index} out of range for {len(dicts)} results")
    one_of("view", view, VIEWS)
    one_of("theme", theme, THEMES)
    return {"results": dicts, "method_index": int(method_index), "target": resolve_target(dicts, target),
            "view": view, "theme": theme, "hovered": -1}


# ----------------------------------------------------------------------------------------------- widget
class TokenHighlight(XaiWidget):
    """Coloured tokens for one or several attribution results of the same text.

    ``TokenHighlight(results, method_index=0, target=None, view="single", theme="auto")``: ``results`` is an
    ``Attribution``, a ``Comparison``, a dict from ``to_json()`` or a sequence of those; ``target`` is a class
    index or label (None: each result's first explained class); ``view`` is "single" or "grid" (all methods as
    rows); ``theme`` is "auto", "light" or "dark". ``hovered`` (synced back from the page) is the index of the
    hovered or focused token, -1 for none; ``hovered_token`` gives its text.
    """

    results = traitlets.List(traitlets.Dict()).tag(sync=True)
    method_index = StrictInt(0).tag(sync=True)
    target = StrictInt(-1).tag(sync=True)
    view = traitlets.Unicode("single").tag(sync=True)
    hovered = StrictInt(-1).tag(sync=True)

    _bundle = "token_highlight"
    _export_traits = ("results", "method_index", "target", "view", "theme")

    def __init__(self, results: Any, method_index: int = 0, target: Union[None, int, str] = None,
                 view: str = "single", theme: str = "auto", **kwargs: Any) -> None:
        super().__init__(**token_highlight_state(results, method_index, target, view, theme), **kwargs)

    @traitlets.validate("results")
    def _valid_results(self, proposal):
        return result_dicts(proposal["value"])

    _valid_method_index = index_validator("method_index", "results")
    _valid_hovered = optional_index_validator("hovered", lambda self: len(self.current["tokens"]) if self.results else 0)

    @traitlets.validate("target")
    def _valid_target(self, proposal):
        try:
            return resolve_target(self.results, proposal["value"]) if self.results else proposal["value"]
        except (TypeError, ValueError) as exc:
            raise traitlets.TraitError(str(exc)) from None

    _valid_view = choice_validator("view", VIEWS)

    def set_results(self, results: Any, target: Union[None, int, str] = None) -> None:
        """Show other results (objects or dicts), resetting method, target and hover."""
        dicts = result_dicts(results)
        with self.hold_trait_notifications():
            self.method_index = 0
            self.target = -1
            self.results = dicts
            self.target = resolve_target(dicts, target)
            self.hovered = -1

    def set_target(self, target: Union[None, int, str]) -> None:
        """Show the scores for another class, by index or label (None: each result's first target)."""
        self.target = resolve_target(self.results, target)

    @property
    def current(self) -> Dict[str, Any]:
        """The result dict shown in single view."""
        return self.results[min(max(self.method_index, 0), len(self.results) - 1)]

    @property
    def hovered_token(self) -> Optional[str]:
        """Text of the hovered/focused token, or None."""
        tokens = self.current.get("tokens", []) if self.results else []
        return tokens[self.hovered] if 0 <= self.hovered < len(tokens) else None

    def _export_state(self) -> Dict[str, Any]:
        return {**super()._export_state(), "hovered": -1}

    def _static_html(self) -> str:
        return static_tokens_html(self.results)

    def __repr__(self) -> str:
        methods = [d.get("method") for d in self.results]
        return f"TokenHighlight(methods={methods}, view={self.view!r}, target={self.target})"


def static_tokens_html(results: Sequence[Dict[str, Any]]) -> str:
    """Coloured tokens per result, then a token/score table per result (what the page shows without
    JavaScript, and what a notebook shows where widgets do not run)."""
    parts = []
    for r in results:
        if not isinstance(r, dict) or "tokens" not in r:
            continue
        parts.append(attribution_html(r))
        targets, labels = r.get("targets") or [], r.get("labels") or []
        header = "".join(f"<th>score: {html.escape(str(labels[t] if t < len(labels) else t))}</th>" for t in targets)
        rows = []
        for i, tok in enumerate(r["tokens"]):
            cells = "".join(f"<td>{'' if row[i] is None else f'{row[i]:.4g}'}</td>" for row in r.get("scores") or [])
            rows.append(f"<tr><td>{i}</td><td>{html.escape(str(tok))}</td>{cells}</tr>")
        caption = html.escape(f"{r.get('method_label') or r.get('method', '')}: {r.get('text', '')}")
        parts.append(f'<details><summary>scores</summary><table class="xw-fallback"><caption>{caption}</caption>'
                     f"<tr><th>#</th><th>token</th>{header}</tr>{''.join(rows)}</table></details>")
    return "".join(parts) or "<p>This page needs JavaScript to show its widgets.</p>"
