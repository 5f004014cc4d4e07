"""Jupyter widgets (anywidget) of xai_widgets. They only display results; they never compute attributions."""
from .token_highlight import TokenHighlight


def __getattr__(name):
    if name == "AttentionExplorer":  # imported on first use: keeps `import xai_widgets.widgets` light
        from .attention_explorer import AttentionExplorer

        return AttentionExplorer
    if name == "FeatureImportance":
        from .feature_importance import FeatureImportance

        return FeatureImportance
    if name == "EvaluationReport":
        from .evaluation_report import EvaluationReport

        return EvaluationReport
    raise AttributeError(name)


__all__ = ["TokenHighlight", "AttentionExplorer", "EvaluationReport", "FeatureImportance"]
