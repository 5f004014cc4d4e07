"""xai-widgets: explain pretrained transformer models in Jupyter, with interactive widgets.

>>> import xai_widgets as xw
>>> xw.explain("This movie is great!")                       # integrated gradients, default model
>>> xw.explain("This movie is great!", methods=["saliency", "lime", "shap"])
"""
from .api import explain
from .attention import AttentionMaps, AttentionUnavailableError, attention
from .evaluation import evaluate
from .errors import GradientUnavailableError, TruncationWarning, XaiWidgetsWarning
from .models import TextClassifier, load_model
from .registry import available_methods, get_method
from .results import Attribution, Comparison

__version__ = "0.1.0"


def save_html(path, *items, title: str = "xai-widgets"):
    """Write several results or widgets into one self-contained HTML page that renders offline."""
    from .export import save_html as _save

    return _save(path, *items, title=title)


__all__ = ["explain", "evaluate", "attention", "AttentionMaps", "AttentionUnavailableError", "load_model", "available_methods",
           "get_method", "Attribution", "Comparison",
           "TextClassifier", "save_html", "GradientUnavailableError", "TruncationWarning", "XaiWidgetsWarning"]
