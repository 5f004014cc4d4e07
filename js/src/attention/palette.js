// Colours of the attention views: a sequential scale (weight 0 -> neutral, max -> strong), masked cells,
// and one distinct hue per head.
import { PALETTES } from "../shared/color.js";

export const MASKED = { light: [[226, 228, 232], [210, 213, 218]], dark: [[62, 64, 70], [52, 54, 60]] };

/** [r, g, b] of weight w on a scale saturating at max (sqrt scale, so weak attention stays visible). */
export function weightRgb(w, max, theme = "light") {
  const p = PALETTES[theme] || PALETTES.light;
  const t = max > 0 && Number.isFinite(w) ? Math.sqrt(Math.max(0, Math.min(1, w / max))) : 0;
  return p.neutral.map((c, i) => Math.round(c + (p.positive[i] - c) * t));
}

const HUES = [210, 25, 130, 280, 355, 50, 175, 320, 95, 240, 10, 150, 300, 70, 195, 265];

/** CSS colour of head h (stable across views). */
export function headColor(h, theme = "light") {
  const hue = HUES[h % HUES.length] + 7 * Math.floor(h / HUES.length);
  return theme === "dark" ? `hsl(${hue}, 70%, 62%)` : `hsl(${hue}, 72%, 42%)`;
}
