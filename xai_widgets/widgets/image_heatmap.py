"""``ImageHeatmap``: image attributions (``Attribution`` with ``layout="image"``, or a ``Comparison`` of them) as
a heat map laid over the picture the model saw.

The page draws the image with the map over it on a canvas (signed maps: red negative, blue positive, through
transparent; unsigned maps: transparent to the positive colour; each map scaled to its largest |value|), with an
opacity slider, a class switch, a method switch and a grid view showing every method side by side. Hovering the
image reads the value at that pixel and the grid cell under it (row, column and the cell's summed score), with the
cell outlined in every panel; ``hovered`` (the cell index, -1 for none) is synced back.

What crosses to the page: the image as PNG bytes (``image``), the maps as one binary buffer (``maps``: little-endian
float16 [n_maps, height, width], each map divided by its largest finite |value|, which is in its result's
``map_scales``; NaN where the map is not finite), and per result a small dict (method, class labels, probabilities,
the per-cell ``scores``, ``map_offset``: the index of its first map). The offline export writes the binary traits
as base64. The front end is ``xai_widgets/static/image_heatmap.js`` (``js/src/image_heatmap.js``).
"""
from __future__ import annotations

import math
from typing import Any, Dict, List, Optional, Tuple, Union

import numpy as np
import traitlets

from .._json import jsonable
from ..results import Attribution
from ..results.image_encoding import png_bytes
from ..results.static_html import many
from .base import XaiWidget
from .choices import choice_validator, index_validator, one_of, StrictFloat, StrictInt, THEMES
from .token_highlight import resolve_target

VIEWS = ("single", "grid")
DEFAULT_OPACITY = 0.6


# ---------------------------------------------------------------------------------------------- results
def image_attributions(results: Any) -> List[Attribution]:
    """One image attribution or several of the same image (``Attribution``, ``Comparison``, dicts from
    ``to_json()``, or a sequence of those) as a validated list of ``Attribution`` objects."""
    out: List[Attribution] = []

    def add(item: Any) -> None:
        if isinstance(item, Attribution):
            out.append(item)
        elif isinstance(item, dict):
            if item.get("layout") != "image":
                raise ValueError(f"ImageHeatmap shows image attributions (layout 'image'); this dict has layout "
                                 f"{item.get('layout', 'tokens')!r}")
            out.append(Attribution.from_json(item))
        elif isinstance(item, (str, bytes)) or not hasattr(item, "__iter__"):
            raise TypeError(f"expected an image Attribution, a Comparison or their dicts, got {type(item).__name__}")
        else:
            for x in item:
                add(x)

    add(results)
    if not out:
        raise ValueError("no results to show: pass at least one image attribution")
    for k, a in enumerate(out):
        if a.layout != "image":
            raise ValueError(f"result {k} ({a.method}) has layout {a.layout!r}: ImageHeatmap shows image "
                             f"attributions; use {a.view!r} for it (result.widget())")
        H, W = a.image.shape[:2]
        p = int(a.patch_size or 0)
        if p < 0:
            raise ValueError(f"result {k} ({a.method}): patch_size must be >= 0, got {p}")
        if p and (-(-H // p)) * (-(-W // p)) != len(a.tokens):
            raise ValueError(f"result {k} ({a.method}): a {W}x{H} image in cells of {p} px has "
                             f"{(-(-H // p)) * (-(-W // p))} cells, but scores has {len(a.tokens)} features")
    first = out[0].image
    for k, a in enumerate(out[1:], 1):
        if a.image.shape != first.shape or not np.array_equal(a.image, first):
            raise ValueError(f"all results must explain the same image; result {k} ({a.method}) explains another "
                             f"one ({a.image.shape[1]}x{a.image.shape[0]} vs {first.shape[1]}x{first.shape[0]})")
    return out


def _normalised(heat: np.ndarray) -> Tuple[np.ndarray, float]:
    """(map / its largest finite |value|, that value); non-finite entries become NaN, an all-zero map stays 0."""
    h = np.asarray(heat, dtype=np.float64)
    finite = np.isfinite(h)
    scale = float(np.abs(h[finite]).max()) if finite.any() else 0.0
    out = np.where(finite, h / scale if scale > 0 else 0.0, np.nan)
    return out, scale


def encode_maps(attrs: List[Attribution]) -> Tuple[bytes, List[List[float]]]:
    """The ``maps`` buffer (float16 little-endian [n_maps, H, W], each map scaled to [-1, 1]) and, per result, the
    scale of each of its maps (in the order of its targets)."""
    chunks, scales = [], []
    for a in attrs:
        row = []
        for m in a.heatmap:
            norm, s = _normalised(m)
            chunks.append(np.ascontiguousarray(norm, dtype="<f2").tobytes())
            row.append(s)
        scales.append(row)
    return b"".join(chunks), scales


def result_entry(a: Attribution, offset: int, scales: List[float]) -> Dict[str, Any]:
    """What the page needs of one result, besides the image and the maps."""
    return jsonable({
        "method": a.method, "method_label": a.method_label, "signed": bool(a.signed), "targets": list(a.targets),
        "labels": list(a.labels), "probabilities": a.probabilities, "predicted": a.predicted,
        "scores": a.scores, "patch_size": int(a.patch_size or 0), "n_cells": len(a.tokens),
        "params": a.params, "diagnostics": a.diagnostics, "model_name": a.model_name,
        "map_offset": offset, "map_scales": scales,
    })


def _opacity(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or not 0.0 <= value <= 1.0:
        raise ValueError(f"opacity must be a number in [0, 1], got {value!r}")
    return float(value)


def image_heatmap_state(results: Any, method_index: int = 0, target: Union[None, int, str] = None,
                        view: str = "single", opacity: float = DEFAULT_OPACITY, theme: str = "auto"
                        ) -> Dict[str, Any]:
    """The validated trait values of an ImageHeatmap (also what the offline export writes, binary traits as
    bytes)."""
    attrs = image_attributions(results)
    if isinstance(method_index, bool) or not isinstance(method_index, (int, np.integer)) \
            or not 0 <= int(method_index) < len(attrs):
        raise ValueError(f"method_index {method_index!r} out of range for {len(attrs)} results")
    one_of("view", view, VIEWS)
    one_of("theme", theme, THEMES)
    maps, scales = encode_maps(attrs)
    entries, offset = [], 0
    for a, s in zip(attrs, scales):
        entries.append(result_entry(a, offset, s))
        offset += len(a.targets)
    H, W = attrs[0].image.shape[:2]
    return {"results": entries, "image": png_bytes(attrs[0].image), "width": int(W), "height": int(H),
            "maps": maps, "n_maps": offset, "method_index": int(method_index),
            "target": resolve_target(entries, target), "view": view, "opacity": _opacity(opacity), "theme": theme,
            "hovered": -1}


# ----------------------------------------------------------------------------------------------- widget
class ImageHeatmap(XaiWidget):
    """The heat map of one or several image attributions over the image.

    ``ImageHeatmap(results, method_index=0, target=None, view="single", opacity=0.6, theme="auto")``: ``results``
    is an image ``Attribution``, a ``Comparison``, a dict from ``to_json()`` or a sequence of those (same image);
    ``target`` a class index or label (None: each result's first explained class); ``view`` "single" or "grid"
    (every method side by side); ``opacity`` of the map over the image, in [0, 1]. ``hovered`` (synced back from
    the page) is the grid cell under the pointer, -1 for none; ``hovered_cell`` describes it.
    """

    results = traitlets.List(traitlets.Dict()).tag(sync=True)
    image = traitlets.Bytes(b"").tag(sync=True)
    width = StrictInt(0).tag(sync=True)
    height = StrictInt(0).tag(sync=True)
    maps = traitlets.Bytes(b"").tag(sync=True)
    n_maps = StrictInt(0).tag(sync=True)
    method_index = StrictInt(0).tag(sync=True)
    target = StrictInt(-1).tag(sync=True)
    view = traitlets.Unicode("single").tag(sync=True)
    opacity = StrictFloat(DEFAULT_OPACITY).tag(sync=True)
    hovered = StrictInt(-1).tag(sync=True)

    _bundle = "image_heatmap"
    _export_traits = ("results", "image", "width", "height", "maps", "n_maps", "method_index", "target", "view",
                      "opacity", "theme")

    def __init__(self, results: Any, method_index: int = 0, target: Union[None, int, str] = None,
                 view: str = "single", opacity: float = DEFAULT_OPACITY, theme: str = "auto", **kwargs: Any) -> None:
        self._source = results
        self._attrs = image_attributions(results)
        super().__init__(**image_heatmap_state(self._attrs, method_index, target, view, opacity, theme), **kwargs)

    # ------------------------------------------------------------------ validation of what users set
    _valid_method_index = index_validator("method_index", "results")
    _valid_view = choice_validator("view", VIEWS)

    @traitlets.validate("target")
    def _valid_target(self, proposal):
        try:
            return resolve_target(self.results, proposal["value"]) if self.results else proposal["value"]
        except (TypeError, ValueError) as exc:
            raise traitlets.TraitError(str(exc)) from None

    @traitlets.validate("opacity")
    def _valid_opacity(self, proposal):
        try:
            return _opacity(proposal["value"])
        except ValueError as exc:
            raise traitlets.TraitError(str(exc)) from None

    @traitlets.validate("hovered")
    def _valid_hovered(self, proposal):
        i, n = proposal["value"], self.n_cells
        if i != -1 and not (n and 0 <= i < n):
            raise traitlets.TraitError(f"hovered must be -1 or a grid cell index 0..{n - 1}, got {i}")
        return i

    # ------------------------------------------------------------------ Python API
    def set_results(self, results: Any, target: Union[None, int, str] = None) -> None:
        """Show other image attributions, resetting method, class and hover (opacity, view and theme stay)."""
        attrs = image_attributions(results)
        state = image_heatmap_state(attrs, 0, target, self.view, self.opacity, self.theme)
        self._source, self._attrs = results, attrs
        with self.hold_trait_notifications():
            self.hovered = -1
            self.method_index = 0
            self.target = -1
            for k in ("results", "image", "width", "height", "maps", "n_maps", "target"):
                setattr(self, k, state[k])

    def set_target(self, target: Union[None, int, str]) -> None:
        """Show the maps for another class, by index or label (None: each result's first target)."""
        self.target = resolve_target(self.results, target)

    @property
    def current(self) -> Dict[str, Any]:
        """The result dict shown in single view."""
        return self.results[min(max(self.method_index, 0), len(self.results) - 1)]

    @property
    def n_cells(self) -> int:
        return int(self.results[0]["n_cells"]) if self.results else 0

    def maps_array(self) -> np.ndarray:
        """The maps as the page reads them: float32 [n_maps, height, width], in the units of the attributions."""
        a = np.frombuffer(self.maps, dtype="<f2").astype(np.float32).reshape(self.n_maps, self.height, self.width)
        scales = np.array([s for r in self.results for s in r["map_scales"]], dtype=np.float32)
        return a * scales[:, None, None]

    def _row(self, r: Dict[str, Any]) -> Optional[int]:
        targets = r["targets"]
        if self.target < 0:
            return 0 if targets else None
        return targets.index(self.target) if self.target in targets else None

    @property
    def hovered_cell(self) -> Optional[Dict[str, Any]]:
        """The cell under the pointer: index, row, column and its summed score per method (for the shown class),
        or None."""
        if not 0 <= self.hovered < self.n_cells:
            return None
        p = self.current["patch_size"]
        cols = -(-self.width // p) if p else 1
        scores = {}
        for r in self.results:
            k = self._row(r)
            scores[r["method"]] = None if k is None else r["scores"][k][self.hovered]
        return {"cell": self.hovered, "row": self.hovered // cols, "col": self.hovered % cols, "scores": scores}

    # ------------------------------------------------------------------ export and static views
    def _export_state(self) -> Dict[str, Any]:
        return {**super()._export_state(), "hovered": -1}

    def _static_html(self) -> str:
        if hasattr(self._source, "_static_html"):
            return self._source._static_html()
        return many([a._static_html() for a in self._attrs])

    def __repr__(self) -> str:
        return (f"ImageHeatmap(methods={[r.get('method') for r in self.results]}, image {self.width}x{self.height}, "
                f"view={self.view!r}, target={self.target}, opacity={self.opacity})")


__all__ = ["ImageHeatmap", "image_heatmap_state", "image_attributions", "encode_maps"]
