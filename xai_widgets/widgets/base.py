"""The one base class of the widgets: where a widget's front end is found, the theme trait and its validation, the
state the offline export writes, and the static HTML shown where widgets do not run.

A widget class names its bundle (``_bundle = "token_highlight"`` -> ``xai_widgets/static/token_highlight.js``,
built from ``js/src/token_highlight.js``) and the traits the export keeps (``_export_traits``); binary traits are
written to the page as base64 strings, which the views decode like the DataViews a kernel sends.
"""
from __future__ import annotations

import base64
from collections.abc import Iterable
from typing import Any, ClassVar, Dict, List, Tuple

import anywidget
import traitlets

from .. import export
from .._json import jsonable
from .choices import THEMES, choice_validator


def attribution_dicts(results: Any) -> List[Dict[str, Any]]:
    """One result or a sequence of results (objects with ``to_json()`` or dicts; a ``Comparison`` counts as a
    sequence) as a flat list of JSON-safe dicts (not yet validated)."""
    out: List[Dict[str, Any]] = []

    def add(item: Any) -> None:
        if isinstance(item, dict):
            out.append(jsonable(item))
        elif hasattr(item, "to_json"):
            data = item.to_json()
            if isinstance(data, dict):
                out.append(jsonable(data))
            else:
                for x in data:
                    add(x)
        elif isinstance(item, Iterable) and not isinstance(item, (str, bytes)):
            for x in item:
                add(x)
        else:
            raise TypeError(f"expected an attribution result (with to_json()) or a dict, got {type(item).__name__}")

    add(results)
    return out


class XaiWidget(anywidget.AnyWidget):
    _bundle: ClassVar[str] = ""
    _export_traits: ClassVar[Tuple[str, ...]] = ()

    theme = traitlets.Unicode("auto").tag(sync=True)
    _valid_theme = choice_validator("theme", THEMES)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        name = cls.__dict__.get("_bundle")
        if name and "_esm" not in cls.__dict__:
            path = export.STATIC_DIR / f"{name}.js"
            if path.is_file():  # anywidget reads (and with ANYWIDGET_HMR=1 watches) the file
                cls._esm = path
        super().__init_subclass__(**kwargs)

    def __init__(self, **kwargs: Any) -> None:
        cls = type(self)
        path = export.bundle_path(cls._bundle)  # a clear error with the build command when it is missing
        if "_esm" not in cls.__dict__:  # built after the class was defined: load it now
            cls._esm = path.read_text(encoding="utf-8")
        super().__init__(**kwargs)

    # ------------------------------------------------------------------ export and static views
    def _export_state(self) -> Dict[str, Any]:
        out = {}
        for k in self._export_traits:
            v = getattr(self, k)
            out[k] = base64.b64encode(v).decode("ascii") if isinstance(v, (bytes, bytearray, memoryview)) else v
        return out

    def _export_spec(self) -> Tuple[str, Dict[str, Any]]:
        """(bundle name, state) for ``xai_widgets.export``."""
        return self._bundle, self._export_state()

    def _static_html(self) -> str:
        return "<p>This view needs JavaScript (an xai-widgets widget).</p>"

    def _repr_mimebundle_(self, **kwargs: Any):
        out = super()._repr_mimebundle_(**kwargs)
        data, meta = out if isinstance(out, tuple) else (out or {}, {})
        try:
            data = {**data, "text/html": self._static_html()}
        except Exception:  # noqa: BLE001 - the fallback must never break the widget
            pass
        return data, meta


__all__ = ["XaiWidget", "attribution_dicts"]
