"""Explaining by examples: influential training instances (``influence``, ``self_influence``), prototypes and
criticisms (``prototypes``), K-means clusters of the representations (``text_clusters``)."""
from .influence import INFLUENCE_METHODS, influence, self_influence
from .clusters import text_clusters
from .prototypes import prototypes

__all__ = ["influence", "self_influence", "prototypes", "text_clusters", "INFLUENCE_METHODS"]
