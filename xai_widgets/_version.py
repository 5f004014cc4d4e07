"""The library version, kept apart so that every layer (cache keys, exports) can read it."""
__version__ = "0.2.0"
