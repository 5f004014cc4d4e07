"""Offline data sets shipped by PyPI packages."""
from .rotten_tomatoes import load_rotten_tomatoes, rotten_tomatoes_split

__all__ = ["load_rotten_tomatoes", "rotten_tomatoes_split"]
