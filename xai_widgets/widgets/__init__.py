"""Jupyter widgets (anywidget) of xai_widgets. They only display results; they never compute attributions."""
from .token_highlight import TokenHighlight

__all__ = ["TokenHighlight"]
