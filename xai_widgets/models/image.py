"""Adapter for any torch image classifier: ``ImageClassifier`` and its prepared input ``ImagePrepared``.

Inputs are a PIL image (mode RGB), an HxWx3 uint8 array or a path to an image file. With ``image_size`` the image
is resized (shorter side to ``image_size / crop_fraction``, bilinear) and centre-cropped to ``image_size`` first, as ImageNet
models are evaluated; the cropped image is what the model sees and what every heat map is drawn on.
``preprocess`` maps that HxWx3 uint8 array to the float tensor [3, H, W] the model reads (``None``: scale to
[0, 1] and nothing else). Baselines and replacements are made in pixel space and preprocessed the same way, so
"black" means what the model sees for a black image, whatever the normalisation.

Features, for masks and evaluation, are the cells of a ``patch``-pixel grid; gradients are taken with respect to
the preprocessed tensor and folded over the colour channels, giving one value per pixel (``heatmap`` [T, H, W]);
the per-feature scores of a result are those pixel values summed over each grid cell.
"""
from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence

import numpy as np
import torch

from .base import Adapter, Prepared
from .torch_utils import eval_mode, pick_device, state_digest, transform_logits

OUTPUTS = ("probability", "logit", "log_probability")
BASELINES = ("black", "blurred", "uniform", "mean")
#: how many uniform-noise images a baseline set (GradientSHAP) draws
N_UNIFORM = 8


def load_image(image) -> np.ndarray:
    """An HxWx3 uint8 array from a PIL image (mode RGB), an array or a path; ValueError for anything else."""
    if isinstance(image, (str, os.PathLike)):
        path = Path(image)
        if not path.is_file():
            raise ValueError(f"image path {str(path)!r} does not exist or is not a file")
        from PIL import Image

        with Image.open(path) as im:
            if im.mode != "RGB":
                raise ValueError(f"image {path.name!r} has mode {im.mode!r}; accepted: RGB images (convert with "
                                 "PIL.Image.open(path).convert('RGB'))")
            return np.asarray(im, dtype=np.uint8).copy()
    if hasattr(image, "mode") and hasattr(image, "size") and callable(getattr(image, "convert", None)):
        if image.mode != "RGB":
            raise ValueError(f"the PIL image has mode {image.mode!r}; accepted: mode 'RGB' (use image.convert('RGB'))")
        return np.asarray(image, dtype=np.uint8).copy()
    if isinstance(image, np.ndarray):
        if image.ndim != 3 or image.shape[2] != 3:
            what = "grayscale (H, W)" if image.ndim == 2 else f"shape {image.shape}"
            if image.ndim == 3 and image.shape[2] == 4:
                what = f"RGBA (shape {image.shape})"
            raise ValueError(f"the image array is {what}; accepted: an HxWx3 uint8 RGB array")
        if image.dtype != np.uint8:
            raise ValueError(f"the image array has dtype {image.dtype}; accepted: uint8 (0..255)")
        if min(image.shape[:2]) < 1:
            raise ValueError(f"the image array is empty: shape {image.shape}")
        return np.ascontiguousarray(image).copy()
    raise TypeError(f"image must be a PIL image, an HxWx3 uint8 numpy array or a path; got {type(image).__name__}")


def resize_crop(image: np.ndarray, size: int, crop_fraction: float = 0.875) -> np.ndarray:
    """Shorter side to ``round(size / crop_fraction)`` (bilinear), then the centre ``size`` x ``size`` crop."""
    from PIL import Image

    h, w = image.shape[:2]
    short = int(round(size / crop_fraction))
    scale = short / min(h, w)
    im = Image.fromarray(image).resize((max(size, round(w * scale)), max(size, round(h * scale))), Image.BILINEAR)
    W, H = im.size
    left, top = (W - size) // 2, (H - size) // 2
    return np.asarray(im.crop((left, top, left + size, top + size)), dtype=np.uint8).copy()


def blur(image: np.ndarray, sigma: float) -> np.ndarray:
    """A Gaussian blur of a uint8 image (PIL), for the "blurred" baseline."""
    from PIL import Image, ImageFilter

    return np.asarray(Image.fromarray(image).filter(ImageFilter.GaussianBlur(radius=sigma)), dtype=np.uint8)


def scale_01(image: np.ndarray) -> torch.Tensor:
    """The default preprocessing: HxWx3 uint8 -> [3, H, W] float in [0, 1]."""
    return torch.from_numpy(np.ascontiguousarray(image.transpose(2, 0, 1))).float() / 255.0


class ImageClassifier(Adapter):
    """A torch image classifier (logits [batch, classes] from a float batch [batch, 3, H, W]) with its labels."""

    modality = "image"
    outputs = OUTPUTS
    default_output = "probability"
    replacements = BASELINES
    default_replacement = "blurred"

    def __init__(self, model: torch.nn.Module, labels: Optional[Sequence[str]] = None,
                 preprocess: Optional[Callable] = None, image_size: Optional[int] = None,
                 name: Optional[str] = None, device=None, patch: Optional[int] = None, batch_size: int = 16,
                 crop_fraction: float = 0.875):
        if not isinstance(model, torch.nn.Module):
            raise TypeError(f"an image model must be a torch nn.Module; got {type(model).__name__}")
        if preprocess is not None and not callable(preprocess):
            raise TypeError(f"preprocess must be a callable (HxWx3 uint8 array -> float tensor [3, H, W]) or None; "
                            f"got {type(preprocess).__name__}")
        if image_size is not None and (isinstance(image_size, bool) or not isinstance(image_size, int)
                                       or image_size < 8):
            raise ValueError(f"image_size must be an integer >= 8 or None (use the image as it is); got {image_size!r}")
        if patch is not None and (isinstance(patch, bool) or not isinstance(patch, int) or patch < 1):
            raise ValueError(f"patch must be a positive integer (pixels) or None (about 14 cells a side); "
                             f"got {patch!r}")
        if isinstance(crop_fraction, bool) or not isinstance(crop_fraction, (int, float)) or \
                not 0.1 <= float(crop_fraction) <= 1.0:
            raise ValueError(f"crop_fraction must be a number in [0.1, 1] (the share of the shorter side kept); "
                             f"got {crop_fraction!r}")
        self.crop_fraction = float(crop_fraction)
        self.model = model
        self.device = pick_device(device)
        if next(iter(model.parameters()), None) is not None and \
                next(model.parameters()).device != self.device:
            model.to(self.device)
        self.preprocess_fn = preprocess
        self.image_size = image_size
        self.patch = patch
        self.batch_size = int(batch_size)
        self.name = name or type(model).__name__
        self.capabilities = frozenset({"mask", "gradients", "probabilities", "parameters"})
        self._labels_given = labels
        self.labels = list(labels) if labels is not None else []

    # ------------------------------------------------------------------ images
    def image(self, x) -> np.ndarray:
        """The HxWx3 uint8 image the model sees for input ``x`` (loaded, resized and cropped)."""
        arr = load_image(x)
        return resize_crop(arr, self.image_size, self.crop_fraction) if self.image_size else arr

    def to_tensor(self, image: np.ndarray) -> torch.Tensor:
        """[3, H, W] float tensor: ``preprocess(image)`` checked, on the model's device."""
        t = (self.preprocess_fn or scale_01)(image)
        if not isinstance(t, torch.Tensor):
            t = torch.as_tensor(np.asarray(t))
        if t.dim() != 3 or not t.is_floating_point():
            raise ValueError(f"preprocess must return a float tensor [3, H, W]; it returned "
                             f"{t.dtype} of shape {tuple(t.shape)}")
        return t.to(self.device)

    # ------------------------------------------------------------------ outputs
    def logits(self, batch: torch.Tensor) -> torch.Tensor:
        with eval_mode(self.model):
            try:
                out = self.model(batch)
            except RuntimeError as exc:  # most often an input size the network was not built for
                if "shape" not in str(exc) and "size" not in str(exc):
                    raise
                raise ValueError(f"{self.name} failed on an input of shape {tuple(batch.shape[1:])} ({exc}); pass "
                                 "image_size= to load_model(..., kind='image') to resize images to the size the "
                                 "network expects, or a preprocess that does") from exc
        out = out.logits if hasattr(out, "logits") else (out[0] if isinstance(out, (tuple, list)) else out)
        if out.dim() != 2:
            raise ValueError(f"the image model returned outputs of shape {tuple(out.shape)}; expected "
                             "[batch, classes]")
        if not self.labels:
            self.labels = [f"class_{i}" for i in range(out.shape[1])]
        elif len(self.labels) != out.shape[1]:
            raise ValueError(f"{len(self.labels)} labels given but the model has {out.shape[1]} outputs")
        return out

    transform = staticmethod(transform_logits)

    def predict_tensors(self, batch: torch.Tensor, output: str = "probability") -> np.ndarray:
        outs = []
        with torch.inference_mode():
            for s in range(0, batch.shape[0], self.batch_size):
                outs.append(self.transform(self.logits(batch[s: s + self.batch_size].to(self.device)), output))
        return torch.cat(outs).double().cpu().numpy()

    def predict_proba(self, images, output: str = "probability") -> np.ndarray:
        """Outputs [n, classes] for one image or a list of images (each loaded, resized, preprocessed)."""
        items = images if isinstance(images, (list, tuple)) else [images]
        return self.predict_tensors(torch.stack([self.to_tensor(self.image(x)) for x in items]), output)

    def predict_items(self, items: Sequence[Any], output: str) -> np.ndarray:
        """Outputs for masked images (``ImagePrepared.perturb``), built batch by batch."""
        out = []
        for s in range(0, len(items), self.batch_size):
            chunk = items[s: s + self.batch_size]
            batch = torch.cat([it.tensor() if isinstance(it, _MaskedImage) else it.view(1, *it.shape[-3:])
                               for it in chunk])
            out.append(self.predict_tensors(batch, output))
        return np.concatenate(out) if out else np.zeros((0, len(self.labels)))

    # ------------------------------------------------------------------ prepare
    def prepare(self, x, target=None, output: Optional[str] = None) -> "ImagePrepared":
        started = time.perf_counter()
        return self._prepare_image(self.image(x), target, output, started)

    def _prepare_image(self, image: np.ndarray, target, output, started) -> "ImagePrepared":
        tensor = self.to_tensor(image)[None]
        logits = self.logits(tensor).detach()
        probs = torch.softmax(logits, -1)[0].double().cpu().numpy()
        return ImagePrepared(self, image, tensor, probs, target, output, started)

    def prepare_traced(self, x, target, output: Optional[str], modules: Sequence[torch.nn.Module]):
        """(prep, activations, outputs): ``prepare`` and the first gradient pass in one forward: the outputs
        [1, classes] (in ``prep.output`` units) keep their graph, ``activations`` are the outputs of ``modules``
        (for layer methods such as Grad-CAM, which then need one backward and no second forward)."""
        from .layers import capture

        started = time.perf_counter()
        image = self.image(x)
        tensor = self.to_tensor(image)[None]
        xg = tensor.detach().clone().requires_grad_(True)
        with capture(modules) as store, torch.enable_grad():
            logits = self.logits(xg)
        probs = torch.softmax(logits.detach(), -1)[0].double().cpu().numpy()
        prep = ImagePrepared(self, image, tensor, probs, target, output, started)
        with torch.enable_grad():
            y = self.transform(logits, prep.output)
        return prep, list(store), y

    def prepare_from(self, attribution) -> "ImagePrepared":
        if attribution.layout != "image" or attribution.image is None:
            raise ValueError("this attribution does not explain an image")
        return self._prepare_image(np.asarray(attribution.image, dtype=np.uint8), list(attribution.targets),
                                   attribution.params.get("output"), time.perf_counter())

    # ------------------------------------------------------------------ layers
    def layer(self, layer=None) -> torch.nn.Module:
        """A module of the network: the module itself, its name in ``named_modules()``, or None for the last
        convolution (Grad-CAM's default)."""
        from .layers import find_module, last_conv

        if layer is None:  # looked up once: walking a large network's modules costs a millisecond per call
            if getattr(self, "_last_conv", None) is None:
                self._last_conv = last_conv(self.model)
            return self._last_conv
        return find_module(self.model, layer)

    def _fingerprint_parts(self) -> List[bytes]:
        probe = np.linspace(0, 255, 8 * 8 * 3).astype(np.uint8).reshape(8, 8, 3)
        try:
            pre = self.to_tensor(probe).detach().cpu().numpy().tobytes()
        except Exception:  # noqa: BLE001 - a preprocess that needs a fixed size: its identity is enough
            pre = repr(self.preprocess_fn).encode()
        return [state_digest(self.model), "\x1f".join(self.labels).encode(), pre,
                str((self.image_size, self.crop_fraction, self.patch)).encode()]

    def with_model(self, model: torch.nn.Module, name: Optional[str] = None) -> "ImageClassifier":
        """The same preprocessing and labels around another network (sanity checks' randomised copies)."""
        return ImageClassifier(model, labels=self.labels or self._labels_given, preprocess=self.preprocess_fn,
                               image_size=self.image_size, name=name or self.name, device=self.device,
                               patch=self.patch, batch_size=self.batch_size, crop_fraction=self.crop_fraction)

    def __repr__(self) -> str:
        size = f"{self.image_size}px" if self.image_size else "any size"
        return f"ImageClassifier({self.name!r}, classes={len(self.labels) or '?'}, input={size})"


class _MaskedImage:
    """One perturbed image, built only when its batch is run: grid cells where ``keep == 0`` replaced."""

    __slots__ = ("prep", "keep", "replacement")

    def __init__(self, prep: "ImagePrepared", keep: np.ndarray, replacement: str):
        self.prep, self.keep, self.replacement = prep, keep, replacement

    def tensor(self) -> torch.Tensor:
        prep = self.prep
        mask = prep.pixel_mask(self.keep)  # [H, W] 1 = keep
        rep = prep.baseline(self.replacement)
        return prep.x * mask + rep * (1 - mask)


class ImagePrepared(Prepared):
    """An image made ready: ``x`` [1, 3, H, W] and the grid of ``patch`` cells that masks hide."""

    baseline_kinds = BASELINES
    default_baseline = "black"
    default_baselines = ("black", "blurred", "uniform")

    def __init__(self, adapter: ImageClassifier, image: np.ndarray, x: torch.Tensor, probabilities, target, output,
                 started):
        self.started = started
        self.image = image
        self.x = x
        self._init(adapter, probabilities, target, output)
        H, W = image.shape[:2]
        self.patch = adapter.patch or max(1, int(round(min(H, W) / 14)))
        self.rows, self.cols = -(-H // self.patch), -(-W // self.patch)
        self.n_all = self.rows * self.cols
        self.positions = list(range(self.n_all))
        self._baselines: Dict[str, torch.Tensor] = {}
        cell = np.arange(H)[:, None] // self.patch * self.cols + np.arange(W)[None, :] // self.patch
        self.cells = torch.as_tensor(cell, device=x.device)  # [H, W] -> grid cell index

    @property
    def size(self):
        return self.image.shape[:2]

    def pixel_mask(self, keep: np.ndarray) -> torch.Tensor:
        k = torch.as_tensor(np.asarray(keep, dtype=np.float32), device=self.x.device)
        return k[self.cells].view(1, 1, *self.size).to(self.x.dtype)

    def perturb(self, keep: np.ndarray, replacement: str) -> List[_MaskedImage]:
        keep = np.asarray(keep)
        return [_MaskedImage(self, keep[j], replacement) for j in range(keep.shape[0])]

    def reference(self) -> np.ndarray:
        if self.output == "probability":
            return self.probabilities
        return self.adapter.predict_tensors(self.x, self.output)[0]

    def layout(self) -> Dict[str, Any]:
        names = [f"cell ({r}, {c})" for r in range(self.rows) for c in range(self.cols)]
        return {"layout": "image", "text": self.adapter.name, "tokens": names, "image": self.image,
                "patch_size": self.patch}

    def result_fields(self, scores: np.ndarray) -> Dict[str, Any]:
        """A method's per-pixel map [T, H, W] as the result's ``heatmap`` and, summed per grid cell, ``scores``."""
        scores = np.asarray(scores, dtype=np.float64)
        if scores.ndim == 2 and scores.shape[1] == self.n_all:  # already per cell
            heat = scores[:, self.cells.cpu().numpy()]
            return {**self.layout(), "scores": scores, "heatmap": heat.astype(np.float32)}
        T = scores.shape[0]
        cells = self.cells.cpu().numpy().ravel()
        pooled = np.stack([np.bincount(cells, weights=scores[k].ravel(), minlength=self.n_all) for k in range(T)])
        return {**self.layout(), "scores": pooled, "heatmap": scores.astype(np.float32)}

    # ------------------------------------------------------------------ gradients: the preprocessed pixels
    def inputs(self) -> torch.Tensor:
        return self.x

    def baseline(self, kind: str, several: bool = False) -> torch.Tensor:
        """[1, 3, H, W] (``several``: [B, 3, H, W] for "uniform"): a black image, the image blurred (sigma: a
        tenth of its shorter side), uniform noise (seeded, fixed) or the image's mean colour, preprocessed."""
        if kind not in BASELINES:
            raise ValueError(f"unknown baseline {kind!r}; accepted: {list(BASELINES)}")
        key = f"{kind}:{several}"
        if key not in self._baselines:
            img = self.image
            if kind == "black":
                imgs = [np.zeros_like(img)]
            elif kind == "blurred":
                imgs = [blur(img, max(1.0, min(img.shape[:2]) / 10))]
            elif kind == "mean":
                imgs = [np.broadcast_to(img.reshape(-1, 3).mean(0).round().astype(np.uint8), img.shape).copy()]
            else:
                rng = np.random.default_rng(0)
                imgs = [rng.integers(0, 256, size=img.shape, dtype=np.uint8) for _ in range(N_UNIFORM if several
                                                                                              else 1)]
            self._baselines[key] = torch.stack([self.adapter.to_tensor(i) for i in imgs])
        return self._baselines[key]

    def forward(self, points: torch.Tensor, output: Optional[str] = None) -> torch.Tensor:
        return self.adapter.transform(self.adapter.logits(points), output or self.output)

    def chunk_size(self, internal_batch_size: Optional[int]) -> int:
        return int(internal_batch_size) if internal_batch_size is not None else self.adapter.batch_size

    def feature_sum(self, per_dim: torch.Tensor) -> np.ndarray:
        """Sum over the colour channels: [T, 3, H, W] -> [T, H, W]."""
        return per_dim.sum(dim=-3).double().cpu().numpy()

    def feature_norm(self, grads: torch.Tensor) -> np.ndarray:
        """The largest |gradient| over the colour channels (Simonyan et al.): [T, 3, H, W] -> [T, H, W]."""
        return grads.abs().amax(dim=-3).double().cpu().numpy()

    def noise_sigma(self, noise_level: float) -> float:
        return float(noise_level) * float(self.x.max() - self.x.min())


__all__ = ["ImageClassifier", "ImagePrepared", "load_image", "resize_crop", "scale_01", "BASELINES"]
