"""The photographs that ship offline inside installed wheels: ``grace_hopper`` (matplotlib's sample data),
``china`` and ``flower`` (scikit-learn's ``load_sample_images``)."""
from __future__ import annotations

import os
from typing import Dict

import numpy as np

NAMES = ("grace_hopper", "china", "flower")


def _path(name: str) -> str:
    if name == "grace_hopper":
        import matplotlib

        return os.path.join(matplotlib.get_data_path(), "sample_data", "grace_hopper.jpg")
    import sklearn.datasets

    return os.path.join(os.path.dirname(sklearn.datasets.__file__), "images", f"{name}.jpg")


def sample_images(name=None):
    """All sample images as {name: HxWx3 uint8 array}, or one of them by ``name``."""
    from PIL import Image

    if name is not None and name not in NAMES:
        raise ValueError(f"unknown sample image {name!r}; accepted: {list(NAMES)}")
    out: Dict[str, np.ndarray] = {}
    for n in ([name] if name else NAMES):
        with Image.open(_path(n)) as im:
            out[n] = np.asarray(im.convert("RGB"), dtype=np.uint8).copy()
    return out[name] if name else out


__all__ = ["sample_images", "NAMES"]
