// Diverging colour scale centred at zero, and colour helpers (contrast, parsing).

export const PALETTES = {
  light: { negative: [178, 24, 43], neutral: [255, 255, 255], positive: [33, 102, 172] },
  dark: { negative: [200, 55, 65], neutral: [48, 50, 56], positive: [50, 120, 205] },
};

const DARK_TEXT = [0, 0, 0]; // with white, guarantees a WCAG contrast >= 4.5 on any background
const LIGHT_TEXT = [255, 255, 255];

export const rgbCss = (rgb) => `rgb(${rgb.map((c) => Math.round(c)).join(", ")})`;

function channel(c) {
  const s = c / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance of an [r, g, b] colour (0..255 channels). */
export function luminance(rgb) {
  return 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2]);
}

export function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** The more readable of near-black and white text on background rgb, as a CSS colour. */
export function readableText(rgb) {
  return contrast(rgb, DARK_TEXT) >= contrast(rgb, LIGHT_TEXT) ? rgbCss(DARK_TEXT) : rgbCss(LIGHT_TEXT);
}

/** Parses "rgb(1, 2, 3)", "rgba(1 2 3 / 0.5)", "#abc", "#aabbcc"; returns {rgb, alpha} or null. */
export function parseColor(text) {
  const s = String(text || "").trim().toLowerCase();
  let m = s.match(/^#([0-9a-f]{3,8})$/);
  if (m) {
    let hex = m[1];
    if (hex.length === 3 || hex.length === 4) hex = [...hex].map((c) => c + c).join("");
    if (hex.length !== 6 && hex.length !== 8) return null;
    const n = (i) => parseInt(hex.slice(i, i + 2), 16);
    return { rgb: [n(0), n(2), n(4)], alpha: hex.length === 8 ? n(6) / 255 : 1 };
  }
  m = s.match(/^rgba?\(([^)]*)\)$/);
  if (!m) return null;
  const parts = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
  if (parts.length < 3 || parts.slice(0, 3).some((x) => !Number.isFinite(x))) return null;
  return { rgb: parts.slice(0, 3), alpha: parts.length > 3 && Number.isFinite(parts[3]) ? parts[3] : 1 };
}

/**
 * Colour of `value` on a diverging scale normalised by `maxAbs` (|value| >= maxAbs saturates).
 * Unsigned scales use only the positive side (magnitude). Non-finite values and maxAbs <= 0 give the neutral
 * colour. Returns { rgb, css, text (readable text colour), t (position in [-1, 1]), sign (-1, 0, 1) }.
 */
export function divergingColor(value, maxAbs, { signed = true, palette = "light" } = {}) {
  const p = typeof palette === "string" ? PALETTES[palette] || PALETTES.light : palette;
  const v = value == null ? NaN : Number(value);
  let t = 0;
  if (Number.isFinite(v) && Number.isFinite(maxAbs) && maxAbs > 0) t = Math.max(-1, Math.min(1, v / maxAbs));
  if (!signed) t = Math.abs(t);
  if (Object.is(t, -0)) t = 0;
  const end = t < 0 ? p.negative : p.positive;
  const m = Math.abs(t);
  const rgb = p.neutral.map((c, i) => Math.round(c + (end[i] - c) * m));
  return { rgb, css: rgbCss(rgb), text: readableText(rgb), t, sign: Math.sign(t) };
}

/** CSS linear-gradient for a legend bar of the scale (left: -max or 0, right: +max). */
export function scaleGradient({ signed = true, palette = "light" } = {}) {
  const stops = signed ? [-1, -0.5, 0, 0.5, 1] : [0, 0.25, 0.5, 0.75, 1];
  return `linear-gradient(to right, ${stops.map((s) => divergingColor(s, 1, { signed, palette }).css).join(", ")})`;
}
