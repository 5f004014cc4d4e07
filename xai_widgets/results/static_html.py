"""Static HTML views of results, for where no widget runs (GitHub, nbviewer, a kernel-less VS Code, a page with
JavaScript off): coloured token spans, signed bars as inline SVG, plain tables. Every string from a user or a model
is escaped; nothing here emits a script, an event handler or a URL."""
from __future__ import annotations

import html
import math
from typing import Any, Dict, List, Optional, Sequence

# The widgets' light palette (js/src/shared/color.js): negative red, positive blue.
NEGATIVE = (178, 24, 43)
POSITIVE = (33, 102, 172)
_BOX = "font-family:system-ui,sans-serif;font-size:13px;line-height:1.9;margin:4px 0"


def esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def number(v: Any, digits: int = 4) -> str:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return esc(v)
    return f"{f:.{digits}g}" if math.isfinite(f) else "n/a"


def finite_max_abs(values: Sequence[Any]) -> float:
    out = 0.0
    for v in values:
        try:
            f = abs(float(v))
        except (TypeError, ValueError):
            continue
        if math.isfinite(f):
            out = max(out, f)
    return out


def scaled(value: Any, vmax: float, signed: bool = True) -> Optional[float]:
    """``value / vmax`` clipped to [-1, 1] (unsigned: its magnitude); None for a non-number or an empty scale."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(v) or vmax <= 0:
        return None
    t = max(-1.0, min(1.0, v / vmax))
    return t if signed else abs(t)


def shade(value: Any, vmax: float, signed: bool = True) -> str:
    """An rgba background for ``value`` on a diverging scale (unsigned: magnitude in the positive colour)."""
    t = scaled(value, vmax, signed)
    if t is None:
        return "transparent"
    r, g, b = POSITIVE if t >= 0 else NEGATIVE
    return f"rgba({r},{g},{b},{abs(t) * 0.75:.3f})"


def token_spans(tokens: Sequence[str], scores: Sequence[Any], special: Sequence[bool], signed: bool = True,
                caption: str = "") -> str:
    """One paragraph of tokens, each on the colour of its score (title: the score)."""
    vmax = finite_max_abs([s for s, sp in zip(scores, special) if not sp])
    parts = []
    for tok, s, sp in zip(tokens, scores, special):
        if sp:
            continue
        parts.append(f'<span style="background:{shade(s, vmax, signed)};padding:1px 3px;border-radius:3px" '
                     f'title="{number(s)}">{esc(tok)}</span>')
    head = f"<div><b>{esc(caption)}</b></div>" if caption else ""
    return f'<div class="xw-static" style="{_BOX}">{head}{" ".join(parts)}</div>'


def bar_svg(labels: Sequence[str], values: Sequence[Any], signed: bool = True, width: int = 460,
            caption: str = "", annotations: Optional[Sequence[str]] = None, max_rows: int = 20) -> str:
    """Horizontal bars (sorted as given), zero line in the middle when signed; an inline SVG."""
    labels, values = list(labels)[:max_rows], list(values)[:max_rows]
    notes = list(annotations or [""] * len(labels))[:max_rows]
    vmax = finite_max_abs(values) or 1.0
    row, label_w, value_w = 18, 170, 60
    plot_w = width - label_w - value_w
    zero = label_w + (plot_w / 2 if signed else 0)
    scale = (plot_w / 2 if signed else plot_w) / vmax
    out = [f'<svg class="xw-static" width="{width}" '
           f'height="{row * len(labels) + 24}" style="font-family:system-ui,sans-serif;font-size:11px">']
    if caption:
        out.append(f'<text x="0" y="12" font-weight="600">{esc(caption)}</text>')
    for i, (lab, v, note) in enumerate(zip(labels, values, notes)):
        y = 20 + i * row
        try:
            f = float(v)
        except (TypeError, ValueError):
            f = float("nan")
        w = abs(f) * scale if math.isfinite(f) else 0.0
        x = zero - w if (signed and f < 0) else zero
        colour = "rgb(%d,%d,%d)" % (NEGATIVE if f < 0 else POSITIVE)
        text = f"{esc(str(lab)[:50])}{' = ' + esc(note) if note else ''}"
        out.append(f'<text x="{label_w - 4}" y="{y + 12}" text-anchor="end">{text}</text>'
                   f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" fill="{colour}"/>'
                   f'<text x="{width - value_w + 4}" y="{y + 12}">{number(f, 3)}</text>')
    out.append(f'<line x1="{zero:.1f}" x2="{zero:.1f}" y1="18" y2="{20 + row * len(labels)}" stroke="#8c959f"/>')
    out.append("</svg>")
    return "".join(out)


def table(columns: Sequence[str], rows: Sequence[Sequence[Any]], caption: str = "") -> str:
    head = "".join(f"<th>{esc(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{number(v) if isinstance(v, float) else esc(v)}</td>" for v in r)
                   + "</tr>" for r in rows)
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return (f'<table class="xw-fallback" style="border-collapse:collapse;font-size:12px">{cap}<tr>{head}</tr>'
            f"{body}</table>")


def attribution_html(d: Dict[str, Any], max_features: int = 20) -> str:
    """The static view of one attribution dict (``Attribution.to_json()``): token spans for text, bars for a
    table row."""
    targets, labels = list(d.get("targets") or [0]), list(d.get("labels") or [])
    row = (d.get("scores") or [[]])[0]
    t = targets[0] if targets else 0
    label = labels[t] if 0 <= t < len(labels) else str(t)
    caption = f"{d.get('method_label') or d.get('method', '')} \u2192 {label}"
    if d.get("layout") == "table":
        names = list(d.get("tokens") or [])
        values = list(d.get("feature_values") or [""] * len(names))
        order = sorted(range(len(names)), key=lambda i: -abs(float(row[i])) if row[i] is not None else 0)
        return bar_svg([names[i] for i in order], [row[i] for i in order], bool(d.get("signed", True)),
                       caption=caption, annotations=[number(values[i], 4) for i in order], max_rows=max_features)
    return token_spans(d.get("tokens") or [], row, d.get("special") or [False] * len(row),
                       bool(d.get("signed", True)), caption=caption)


def many(parts: List[str]) -> str:
    return "<div>" + "".join(parts) + "</div>"


__all__ = ["esc", "number", "shade", "token_spans", "bar_svg", "table", "attribution_html", "many"]
