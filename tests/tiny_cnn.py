"""A tiny randomly initialised CNN classifier of 3 x 32 x 32 images (conv, ReLU, conv, ReLU, global pooling,
linear), the image counterpart of tiny_models.py."""
from __future__ import annotations

import numpy as np
import torch

LABELS = ["cat", "dog", "<b>bird</b>"]


class TinyCNN(torch.nn.Module):
    def __init__(self, n_classes: int = 3, size: int = 32):
        super().__init__()
        self.features = torch.nn.Sequential(
            torch.nn.Conv2d(3, 8, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
            torch.nn.Conv2d(8, 12, 3, padding=1), torch.nn.ReLU())
        self.head = torch.nn.Linear(12 * (size // 2) ** 2, n_classes)

    def forward(self, x):
        return self.head(self.features(x).flatten(1))


def tiny_cnn(seed: int = 0) -> TinyCNN:
    torch.manual_seed(seed)
    return TinyCNN().eval()


def tiny_image(seed: int = 0, size: int = 32) -> np.ndarray:
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:size, 0:size]
    img = np.stack([(xx * 8) % 256, (yy * 8) % 256, rng.integers(0, 256, (size, size))], axis=-1)
    return img.astype(np.uint8)
