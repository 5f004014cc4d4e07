"""Explaining by examples: influential training instances (``influence``, ``self_influence``)."""
from .influence import INFLUENCE_METHODS, influence, self_influence

__all__ = ["influence", "self_influence", "INFLUENCE_METHODS"]
