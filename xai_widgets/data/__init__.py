"""Offline data sets shipped by PyPI packages."""
from .rotten_tomatoes import load_rotten_tomatoes, rotten_tomatoes_split
from .sample_images import sample_images

__all__ = ["load_rotten_tomatoes", "rotten_tomatoes_split", "sample_images"]
