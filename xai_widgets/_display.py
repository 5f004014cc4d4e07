"""How result objects show themselves in a notebook: their widget, with a text fallback."""
from __future__ import annotations


def widget_mimebundle(obj, kwargs) -> dict:
    """The mime bundle of ``obj.widget()`` with ``repr(obj)`` as text/plain; text only if the widget fails."""
    try:
        bundle = obj.widget()._repr_mimebundle_(**kwargs)
    except Exception as exc:  # the widget is optional: fall back to text rather than break the notebook
        return {"text/plain": repr(obj) + f"\n(widget unavailable: {exc})"}
    if isinstance(bundle, tuple):
        bundle = bundle[0]
    bundle = dict(bundle or {})
    bundle["text/plain"] = repr(obj)
    return bundle
