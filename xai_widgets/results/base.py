"""The protocol every result type follows, whatever it holds (token or feature attributions, dataset-level
importances, attention maps, evaluation reports):

- ``to_json()`` / ``from_json(data)``: a plain, JSON-safe dict and back;
- ``to_pandas()``: a tidy table; ``plot()``: a static matplotlib figure;
- ``widget()``: the interactive view registered for ``view`` (see ``xai_widgets.views``);
- ``to_html(path)``: writes a self-contained offline page and returns the path;
- ``_repr_mimebundle_``: the widget in a notebook, plus a static HTML fallback (``_static_html``) for front ends
  where widgets do not run (GitHub, nbviewer, a kernel-less VS Code), plus ``repr`` as text.

Building or printing a result never imports ipywidgets, torch or matplotlib.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar, Dict, Optional, Union

from ..views import widget_for


class Result:
    """Base class of the result types (subclasses are usually dataclasses)."""

    #: the name of the widget view registered for this result (``xai_widgets.views.VIEWS``)
    view: ClassVar[str] = ""

    # ------------------------------------------------------------------ to be provided by each result type
    def to_json(self) -> Dict[str, Any]:
        raise NotImplementedError

    @classmethod
    def from_json(cls, data):
        raise NotImplementedError

    def to_pandas(self):
        raise NotImplementedError

    def plot(self, *args, **kwargs):
        raise NotImplementedError

    def _static_html(self) -> str:
        """Plain HTML (escaped, no script) that shows the result without JavaScript."""
        raise NotImplementedError

    def _title(self) -> str:
        return type(self).__name__

    # ------------------------------------------------------------------ shared
    def widget(self, **kwargs):
        """The interactive widget for this result."""
        return widget_for(self, **kwargs)

    def to_html(self, path: Union[str, Path], title: Optional[str] = None) -> Path:
        """Write a self-contained HTML page (no network needed) with this result's widget; returns the path."""
        from ..export import save_html

        return save_html(path, self, title=title or self._title())

    def _repr_mimebundle_(self, **kwargs):
        bundle: Dict[str, Any] = {}
        plain = repr(self)
        try:
            wb = self.widget()._repr_mimebundle_(**kwargs)
            bundle.update(wb[0] if isinstance(wb, tuple) else (wb or {}))
        except Exception as exc:  # the widget is optional: fall back to the static view rather than break
            plain += f"\n(widget unavailable: {exc})"
        try:
            bundle["text/html"] = self._static_html()
        except NotImplementedError:
            pass
        bundle["text/plain"] = plain
        return bundle


__all__ = ["Result"]
