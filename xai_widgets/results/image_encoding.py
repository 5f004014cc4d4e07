"""Images inside results: PNG and base64 encoding, the heat-map colour scale and its overlay on the image.

Numpy and Pillow only (no matplotlib): the static HTML of an image attribution is built when a notebook prints
the result. The colour scale matches the widgets': a signed map is red (negative) to blue (positive) through
transparent, an unsigned one goes from transparent to the positive colour."""
from __future__ import annotations

import base64
import io
from typing import Any, Dict, Optional

import numpy as np

from .static_html import _BOX, NEGATIVE, POSITIVE, esc, number


def png_bytes(image: np.ndarray) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(np.asarray(image, dtype=np.uint8)).save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def png_base64(image: np.ndarray) -> str:
    return base64.b64encode(png_bytes(image)).decode("ascii")


def image_from_png(data: bytes) -> np.ndarray:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as im:
        return np.asarray(im.convert("RGB"), dtype=np.uint8).copy()


def array_to_json(a: np.ndarray, dtype: str = "float32") -> Dict[str, Any]:
    a = np.ascontiguousarray(np.asarray(a, dtype=dtype))
    return {"dtype": dtype, "shape": list(a.shape), "b64": base64.b64encode(a.tobytes()).decode("ascii")}


def array_from_json(d: Optional[Dict[str, Any]]) -> Optional[np.ndarray]:
    if d is None:
        return None
    if isinstance(d, list):
        return np.asarray(d, dtype=np.float32)
    raw = base64.b64decode(d["b64"])
    return np.frombuffer(raw, dtype=d["dtype"]).reshape(d["shape"]).copy()


def overlay(image: np.ndarray, heat: np.ndarray, signed: bool = True, alpha: float = 0.6,
            vmax: Optional[float] = None) -> np.ndarray:
    """The image with ``heat`` [H, W] laid over it: each pixel mixed with the score's colour, by |score| / vmax."""
    heat = np.nan_to_num(np.asarray(heat, dtype=np.float64))
    vmax = float(np.abs(heat).max()) if vmax is None else float(vmax)
    t = heat / vmax if vmax > 0 else np.zeros_like(heat)
    t = np.clip(t, -1, 1) if signed else np.clip(np.abs(t), 0, 1)
    colour = np.where((t >= 0)[..., None], np.array(POSITIVE, float), np.array(NEGATIVE, float))
    w = (np.abs(t) * alpha)[..., None]
    base = np.asarray(image, dtype=np.float64)
    if base.shape[:2] != heat.shape:
        raise ValueError(f"heat map {heat.shape} does not match the image {base.shape[:2]}")
    return np.clip(base * (1 - w) + colour * w, 0, 255).round().astype(np.uint8)


def image_attribution_html(attr, width: int = 224) -> str:
    """The static view of an image attribution: the picture and its heat map over it, as inline PNGs (data
    URIs of images are the only URLs emitted; they load nothing)."""
    t = attr.targets[0]
    label = attr.labels[t] if 0 <= t < len(attr.labels) else str(t)
    caption = (f"{attr.method_label} \u2192 {label} (p = {number(attr.probabilities[t], 3)}); "
               f"predicted {attr.predicted_label}")
    over = overlay(attr.image, attr.heatmap[0], signed=attr.signed)
    imgs = "".join(f'<img alt="{esc(alt)}" width="{width}" style="margin-right:6px;image-rendering:auto" '
                   f'src="data:image/png;base64,{png_base64(a)}">' for alt, a in (("image", attr.image),
                                                                                ("heat map", over)))
    return f'<div style="{_BOX}"><div>{esc(caption)}</div>{imgs}</div>'


__all__ = ["image_attribution_html", "png_bytes", "png_base64", "image_from_png", "array_to_json", "array_from_json", "overlay"]
