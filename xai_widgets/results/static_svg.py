"""Inline SVG pictures for the static fallbacks (no script, no URL, every label escaped): a heat matrix (attention
maps) and a line chart with a legend (evaluation curves). Bars live in ``static_html.bar_svg``."""
from __future__ import annotations

import math
from typing import Dict, Optional, Sequence

import numpy as np

from .static_html import NEGATIVE, POSITIVE, esc, number, scaled

MAX_AXIS = 32  # 32 x 32 cells: about 60 kB of SVG; more would flood the saved notebook
TITLED_CELLS = 400  # up to this many cells, each carries its value in a <title>
_FONT = "font-family:system-ui,sans-serif;font-size:10px"
# Colour-blind-safe line colours (Okabe-Ito), cycled.
LINE_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")


def _cell_colour(v: float, vmax: float, signed: bool) -> str:
    t = scaled(v, vmax, signed)
    if t is None:
        return "#ffffff"
    r, g, b = POSITIVE if t >= 0 else NEGATIVE
    a = abs(t)
    return "#%02x%02x%02x" % (round(255 + (r - 255) * a), round(255 + (g - 255) * a), round(255 + (b - 255) * a))


def heat_matrix_svg(row_labels: Sequence[str], col_labels: Sequence[str], matrix, caption: str = "",
                    signed: bool = False, max_axis: int = MAX_AXIS, cell: int = 12) -> str:
    """One ``<rect>`` per cell of ``matrix`` [rows, cols] (at most ``max_axis`` on each axis, with a note when cut),
    rows and columns labelled by the (escaped) tokens; each cell's ``<title>`` holds its value."""
    m = np.asarray(matrix, dtype=np.float64)
    if m.ndim != 2:
        raise ValueError(f"matrix must be 2-D, got shape {m.shape}")
    n_rows, n_cols = min(m.shape[0], max_axis), min(m.shape[1], max_axis)
    cut = m.shape[0] > n_rows or m.shape[1] > n_cols
    m = m[:n_rows, :n_cols]
    finite = m[np.isfinite(m)]
    vmax = float(np.abs(finite).max()) if finite.size else 0.0
    rows = [str(x) for x in list(row_labels)[:n_rows]]
    cols = [str(x) for x in list(col_labels)[:n_cols]]
    label_w, top = 80, 70 + (14 if caption else 0)
    width, height = label_w + n_cols * cell + 8, top + n_rows * cell + (18 if cut else 6)
    out = [f'<svg class="xw-static" width="{width}" height="{height}" '
           f'style="{_FONT}">']
    if caption:
        out.append(f'<text x="0" y="11" font-weight="600">{esc(caption)}</text>')
    for j, lab in enumerate(cols):
        x = label_w + j * cell + cell * 0.7
        out.append(f'<text transform="translate({x:.1f},{top - 4}) rotate(-60)">{esc(lab[:12])}</text>')
    titled = n_rows * n_cols <= TITLED_CELLS
    for i, lab in enumerate(rows):
        y = top + i * cell
        out.append(f'<text x="{label_w - 3}" y="{y + cell - 3}" text-anchor="end">{esc(lab[:12])}</text>')
    out.append('<g class="xw-cells">')
    for i, lab in enumerate(rows):
        y = top + i * cell
        for j in range(n_cols):
            v = float(m[i, j])
            rect = (f'<rect x="{label_w + j * cell}" y="{y}" width="{cell}" height="{cell}" '
                    f'fill="{_cell_colour(v, vmax, signed)}"')
            out.append(f'{rect}><title>{esc(lab)} \u2192 {esc(cols[j])}: {number(v, 3)}</title></rect>' if titled
                       else rect + "/>")
    out.append("</g>")
    if cut:
        out.append(f'<text x="0" y="{height - 4}">showing the first {n_rows} x {n_cols} of {matrix.shape[0]} x '
                   f'{matrix.shape[1]}</text>')
    out.append("</svg>")
    return "".join(out)


def line_chart_svg(series: Dict[str, Sequence[float]], xs: Optional[Sequence[float]] = None, caption: str = "",
                   x_label: str = "", y_label: str = "", dashed: Sequence[str] = (), width: int = 460,
                   height: int = 220) -> str:
    """One ``<polyline class="xw-line">`` per series (same x for all) and a legend entry per series."""
    names = list(series)
    n = max((len(series[k]) for k in names), default=0)
    xs = list(np.linspace(0, 1, n)) if xs is None else [float(x) for x in xs]
    ys_all = [float(v) for k in names for v in series[k] if v is not None and math.isfinite(float(v))]
    lo, hi = (min(ys_all), max(ys_all)) if ys_all else (0.0, 1.0)
    if hi - lo < 1e-12:
        lo, hi = lo - 0.5, hi + 0.5
    x0, x1 = (min(xs), max(xs)) if xs else (0.0, 1.0)
    x1 = x1 if x1 > x0 else x0 + 1
    left, right, top = 44, 8, 18 if caption else 6
    legend_h = 14 * len(names)
    plot_h = height - top - 30
    total_h = height + legend_h
    px = lambda x: left + (x - x0) / (x1 - x0) * (width - left - right)  # noqa: E731
    py = lambda y: top + (hi - y) / (hi - lo) * plot_h  # noqa: E731
    out = [f'<svg class="xw-static" width="{width}" height="{total_h}" '
           f'style="{_FONT}">']
    if caption:
        out.append(f'<text x="0" y="11" font-weight="600">{esc(caption)}</text>')
    out.append(f'<rect x="{left}" y="{top}" width="{width - left - right}" height="{plot_h}" fill="none" '
               f'stroke="#8c959f"/>')
    for v in (lo, hi):
        out.append(f'<text x="{left - 3}" y="{py(v) + 4:.1f}" text-anchor="end">{number(v, 3)}</text>')
    for v in (x0, x1):
        out.append(f'<text x="{px(v):.1f}" y="{top + plot_h + 12}" text-anchor="middle">{number(v, 3)}</text>')
    if x_label:
        out.append(f'<text x="{left}" y="{top + plot_h + 24}">{esc(x_label)}</text>')
    if y_label:
        out.append(f'<text transform="translate(10,{top + plot_h:.0f}) rotate(-90)">{esc(y_label)}</text>')
    for k, name in enumerate(names):
        colour = LINE_COLOURS[k % len(LINE_COLOURS)]
        dash = ' stroke-dasharray="5,3"' if name in dashed else ""
        pts = " ".join(f"{px(x):.1f},{py(float(y)):.1f}" for x, y in zip(xs, series[name])
                       if y is not None and math.isfinite(float(y)))
        out.append(f'<polyline class="xw-line" fill="none" stroke="{colour}" stroke-width="1.6"{dash} '
                   f'points="{pts}"><title>{esc(name)}</title></polyline>')
        ly = height + k * 14
        out.append(f'<line class="xw-legend" x1="{left}" x2="{left + 22}" y1="{ly - 4}" y2="{ly - 4}" '
                   f'stroke="{colour}" stroke-width="2"{dash}/><text x="{left + 28}" y="{ly}">{esc(name)}</text>')
    out.append("</svg>")
    return "".join(out)


__all__ = ["heat_matrix_svg", "line_chart_svg", "MAX_AXIS"]
