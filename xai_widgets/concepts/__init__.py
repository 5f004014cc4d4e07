"""Concept-based explanations: concept activation vectors and TCAV (``concept_test``)."""
from .pools import BUILTIN_CONCEPTS, concept_examples
from .tcav import concept_test

__all__ = ["concept_test", "BUILTIN_CONCEPTS", "concept_examples"]
