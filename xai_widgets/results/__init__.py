"""Result types on one protocol (``base.Result``): feature attributions of one input (``Attribution``,
``Comparison``) and dataset-level explanations (``GlobalExplanation``). Attention maps and evaluation results
follow the same protocol in their own packages."""
from .adversarial import AdversarialExample, AttackSummary
from .attribution import LAYOUTS, Attribution, Comparison
from .base import Result
from .concept_scores import ConceptScores
from .example_set import ExampleSet
from .global_explanation import GlobalExplanation

__all__ = ["Result", "Attribution", "Comparison", "GlobalExplanation", "ConceptScores", "ExampleSet", "AdversarialExample",
           "AttackSummary", "LAYOUTS"]
