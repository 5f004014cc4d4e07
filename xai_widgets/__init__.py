"""xai-widgets: explain pretrained models in Jupyter, with interactive widgets.

>>> import xai_widgets as xw
>>> xw.explain("This movie is great!")                       # integrated gradients, default model
>>> xw.explain("This movie is great!", methods=["saliency", "lime", "shap"])
>>> tab = xw.load_model(forest, data=X_train)                # any sklearn estimator or pipeline
>>> xw.explain(X_test[0], model=tab, method="tree_shap"); xw.explain_global(tab, X_test, y_test)

The names below are imported on first use: ``import xai_widgets`` itself loads neither torch, transformers, lime,
shap, sklearn, scipy nor matplotlib. This module is the top of the import graph; it is also where the built-in
widgets are registered as the views of the result types (``views.py``).
"""
from __future__ import annotations

import importlib

from ._version import __version__
from .attention import AttentionMaps, attention  # bound here: the subpackage of the same name must not shadow it
from .errors import (AttentionUnavailableError, CapabilityError, GradientUnavailableError, TruncationWarning,
                     XaiWidgetsWarning)
from .views import VIEWS

for _view, _target in (("token_highlight", "xai_widgets.widgets.token_highlight:TokenHighlight"),
                       ("feature_importance", "xai_widgets.widgets.feature_importance:FeatureImportance"),
                       ("attention_explorer", "xai_widgets.widgets.attention_explorer:AttentionExplorer"),
                       ("evaluation_report", "xai_widgets.widgets.evaluation_report:EvaluationReport"),
                       ("image_heatmap", "xai_widgets.widgets.image_heatmap:ImageHeatmap"),
                       ("concept_report", "xai_widgets.widgets.concept_report:ConceptReport"),
                       ("example_gallery", "xai_widgets.widgets.example_gallery:ExampleGallery"),
                       ("adversarial_view", "xai_widgets.widgets.adversarial_view:AdversarialView")):
    VIEWS.add_lazy(_view, _target)

_LAZY = {
    "explain": "api", "explain_global": "api",
    "evaluate": "evaluation", "estimate_evaluation": "evaluation", "concept_test": "concepts", "ConceptScores": "results",
    "attack": "attacks", "attack_dataset": "attacks", "AdversarialExample": "results", "AttackSummary": "results",
    "influence": "examples", "self_influence": "examples", "prototypes": "examples", "text_clusters": "examples",
    "what_if": "widgets.what_if", "WhatIf": "widgets.what_if", "ExampleGallery": "widgets.example_gallery",
    "AdversarialView": "widgets.adversarial_view", "ExampleSet": "results",
    "load_model": "models", "load_image_model": "models", "ImageClassifier": "models",
    "sample_images": "data", "TextClassifier": "models", "TabularModel": "models", "CausalLM": "models",
    "available_methods": "methods", "get_method": "methods",
    "Attribution": "results", "Comparison": "results", "GlobalExplanation": "results",
    "EvaluationResult": "evaluation", "export_notebook": "notebook_export",
}


def __getattr__(name):
    if name in _LAZY:
        value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'xai_widgets' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))


def save_html(path, *items, title: str = "xai-widgets"):
    """Write several results (of any type: attributions, comparisons, global explanations, attention maps,
    evaluation results) or widgets into one self-contained HTML page that renders offline; returns the path."""
    from .export import save_html as _save

    return _save(path, *items, title=title)


__all__ = ["explain", "explain_global", "evaluate", "estimate_evaluation", "concept_test", "ConceptScores", "attack", "attack_dataset",
           "AdversarialExample", "AttackSummary", "influence", "self_influence",
           "prototypes", "text_clusters", "what_if", "WhatIf", "ExampleGallery", "AdversarialView", "ExampleSet", "attention", "AttentionMaps", "AttentionUnavailableError",
           "load_model", "load_image_model", "sample_images", "ImageClassifier", "available_methods", "get_method", "Attribution", "Comparison", "GlobalExplanation",
           "EvaluationResult", "TextClassifier", "TabularModel", "CausalLM", "save_html", "export_notebook", "CapabilityError",
           "GradientUnavailableError", "TruncationWarning", "XaiWidgetsWarning", "__version__"]
