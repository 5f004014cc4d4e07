"""Explaining by examples: influential training instances (``influence``, ``self_influence``), prototypes and
criticisms (``prototypes``)."""
from .influence import INFLUENCE_METHODS, influence, self_influence
from .prototypes import prototypes

__all__ = ["influence", "self_influence", "prototypes", "INFLUENCE_METHODS"]
