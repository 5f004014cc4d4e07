"""``AttentionExplorer``: matrix, head, model and statistics views of ``AttentionMaps`` in one widget.

Only tokens, per-head statistics and small uint8 thumbnails (at most 32 x 32 per head) are in the initial state.
The views ask for weights with custom messages ``{"type": "request", "layer": l, "head": h}`` (``h``: a head
index, -1 for the mean of the layer's heads, "all" for the whole layer); the answer is
``{"type": "attention", "layer", "head", "n", "dtype": "float16", "shape"}`` with one binary buffer of float16
weights (2 bytes a weight, never a JSON list). The offline export inlines the current layer (or every layer).
"""
from __future__ import annotations

import base64
from typing import Any, Dict, Tuple, Union

import numpy as np
import traitlets

from .. import export
from .base import XaiWidget
from .choices import choice_validator, one_of, StrictInt, THEMES

BUNDLE = export.STATIC_DIR / "attention_explorer.js"
VIEWS = ("matrix", "head", "model", "stats")
THUMB_MAX = 32
STAT_KEYS = ("entropy", "entropy_norm", "to_first", "to_special", "to_self", "to_prev", "to_next")


def thumbnails(att: np.ndarray, size: int = THUMB_MAX) -> Tuple[np.ndarray, int]:
    """[L, H, n, n] -> (uint8 [L, H, t, t], t): block means over t x t bins (t = min(n, size)), each thumbnail
    scaled by its own maximum so that faint patterns stay visible."""
    L, H, n, _ = att.shape
    t = min(n, size)
    starts = (np.arange(t) * n) // t
    counts = np.diff(np.append(starts, n)).astype(np.float32)
    s = np.add.reduceat(np.add.reduceat(att, starts, axis=2), starts, axis=3)
    s = s / counts[:, None] / counts[None, :]
    peak = s.max(axis=(2, 3), keepdims=True)
    q = np.where(peak > 0, s / np.where(peak > 0, peak, 1), 0.0)
    return np.round(q * 255).astype(np.uint8), t


def encode_weights(arr: np.ndarray) -> bytes:
    """Little-endian float16 bytes (weights are in [0, 1]: relative error <= 2^-11)."""
    return np.ascontiguousarray(arr, dtype="<f2").tobytes()


def _round(x, digits=4):
    return [[round(float(v), digits) for v in row] for row in np.asarray(x)]


def explorer_state(maps, layer: int = 0, head: int = -1, view: str = "matrix", theme: str = "auto") -> Dict[str, Any]:
    """The initial trait values (without the weights)."""
    one_of("view", view, VIEWS)
    one_of("theme", theme, THEMES)
    layer = maps._check(layer)
    if not -1 <= head < maps.n_heads:
        raise ValueError(f"head must be -1 (mean of heads) or 0..{maps.n_heads - 1}, got {head}")
    st = maps.statistics()
    thumbs, t = thumbnails(maps.attentions)
    return {
        "tokens": list(maps.tokens), "special": list(maps.special), "causal": bool(maps.causal),
        "n_layers": maps.n_layers, "n_heads": maps.n_heads, "model_name": maps.model_name, "text": maps.text,
        "stats": {**{k: _round(st[k]) for k in STAT_KEYS}, "role": st["role"]},
        "thumbs": thumbs.tobytes(), "thumb_size": t, "layer": layer, "head": int(head), "view": view,
        "heads_on": [True] * maps.n_heads, "theme": theme,
    }


class AttentionExplorer(XaiWidget):
    """Attention maps of one text: ``AttentionExplorer(maps, layer=0, head=-1, view="matrix")``.

    ``view``: "matrix" (heatmap of one head, or the mean of the layer's heads when ``head == -1``), "head"
    (token-to-token lines, heads coloured and toggleable through ``heads_on``), "model" (thumbnails of every
    layer x head; a click opens the matrix view), "stats" (entropy and attention shares per head)."""

    tokens = traitlets.List(traitlets.Unicode()).tag(sync=True)
    special = traitlets.List(traitlets.Bool()).tag(sync=True)
    causal = traitlets.Bool(False).tag(sync=True)
    n_layers = StrictInt(0).tag(sync=True)
    n_heads = StrictInt(0).tag(sync=True)
    model_name = traitlets.Unicode("").tag(sync=True)
    text = traitlets.Unicode("").tag(sync=True)
    stats = traitlets.Dict().tag(sync=True)
    thumbs = traitlets.Bytes(b"").tag(sync=True)
    thumb_size = StrictInt(0).tag(sync=True)
    layer = StrictInt(0).tag(sync=True)
    head = StrictInt(-1).tag(sync=True)
    view = traitlets.Unicode("matrix").tag(sync=True)
    heads_on = traitlets.List(traitlets.Bool()).tag(sync=True)
    inline = traitlets.Dict().tag(sync=True)  # offline export only: {"layer:all": base64 float16}

    _bundle = "attention_explorer"
    _export_traits = ("tokens", "special", "causal", "n_layers", "n_heads", "model_name", "text", "stats",
                      "thumbs", "thumb_size", "layer", "head", "view", "heads_on", "theme")

    def __init__(self, maps, layer: int = 0, head: int = -1, view: str = "matrix", theme: str = "auto",
                 inline_layers: Union[None, str] = None, **kwargs: Any) -> None:
        self.maps = maps
        self.inline_layers = inline_layers
        self.bytes_sent = 0
        self.requests = 0
        super().__init__(**explorer_state(maps, layer, head, view, theme), **kwargs)
        self.on_msg(self._on_msg)

    @traitlets.validate("layer")
    def _valid_layer(self, proposal):
        v = proposal["value"]
        if self.n_layers and not 0 <= v < self.n_layers:
            raise traitlets.TraitError(f"layer {v} out of range 0..{self.n_layers - 1}")
        return v

    @traitlets.validate("head")
    def _valid_head(self, proposal):
        v = proposal["value"]
        if self.n_heads and not -1 <= v < self.n_heads:
            raise traitlets.TraitError(f"head must be -1 (mean) or 0..{self.n_heads - 1}, got {v}")
        return v

    _valid_view = choice_validator("view", VIEWS)

    # ------------------------------------------------------------------ data on request
    def weights(self, layer: int, head: Union[int, str]) -> np.ndarray:
        """The weights a request asks for: [n, n] (a head or the mean) or [heads, n, n] (``head="all"``)."""
        layer = self.maps._check(int(layer))
        if head == "all":
            return self.maps.layer(layer)
        head = int(head)
        return self.maps.head(layer, None if head == -1 else head)

    def answer(self, content: Dict[str, Any]) -> Tuple[Dict[str, Any], list]:
        """(reply, buffers) for one custom message from the view (no side effects besides the counters)."""
        if not isinstance(content, dict) or content.get("type") != "request":
            return {"type": "error", "message": f"unknown message {str(content)[:80]}"}, []
        try:
            layer, head = int(content["layer"]), content.get("head", -1)
            arr = self.weights(layer, head)
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            return {"type": "error", "message": str(exc), "layer": content.get("layer"),
                    "head": content.get("head")}, []
        buf = encode_weights(arr)
        self.bytes_sent += len(buf)
        self.requests += 1
        return {"type": "attention", "layer": layer, "head": head, "n": self.maps.n_tokens, "dtype": "float16",
                "shape": list(arr.shape)}, [buf]

    def _on_msg(self, _widget, content, _buffers) -> None:
        reply, buffers = self.answer(content)
        self.send(reply, buffers=buffers)

    # ------------------------------------------------------------------ export
    def _export_state(self) -> Dict[str, Any]:
        layers = range(self.n_layers) if self.inline_layers == "all" else [self.layer]
        inline = {f"{l}:all": base64.b64encode(encode_weights(self.maps.layer(l))).decode("ascii") for l in layers}
        return {**super()._export_state(), "inline": inline}

    def _static_html(self) -> str:
        return self.maps._static_html()

    def __repr__(self) -> str:
        return (f"AttentionExplorer(layers={self.n_layers}, heads={self.n_heads}, tokens={len(self.tokens)}, "
                f"view={self.view!r}, layer={self.layer}, head={self.head})")
