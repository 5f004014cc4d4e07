// Matrix view: a canvas heatmap of one head (or the mean of a layer's heads), rows = from (query) tokens,
// columns = to (key) tokens, labelled with the tokens when cells are large enough; zoom buttons and scrolling
// for long inputs. Causal models show the upper triangle as masked (hatched grey), not as zeros.
import { h } from "../shared/dom.js";
import { formatScore } from "../shared/format.js";
import { MASKED, weightRgb } from "./palette.js";

export const MAX_CANVAS = 4096;
export const LABEL_MIN = 8; // px: below this cell size token labels are hidden (hover still names them)

/** Cell size in px that fits n tokens into `width` px (1..22), then scaled by 2^zoom and capped. */
export function cellSize(n, zoom = 0, width = 560) {
  const base = Math.max(1, Math.min(22, Math.floor(width / Math.max(1, n))));
  const size = Math.round(base * 2 ** zoom);
  return Math.max(1, Math.min(size, Math.floor(MAX_CANVAS / Math.max(1, n)), 48));
}

/** Paints an n x n ImageData: weights (row-major) on the sequential scale; masked cells checkered. */
export function paintImage(image, weights, n, { causal = false, theme = "light", max = null } = {}) {
  let m = max;
  if (m == null) {
    m = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j <= (causal ? i : n - 1); j++) m = Math.max(m, weights[i * n + j]);
  }
  const data = image.data;
  const masked = MASKED[theme] || MASKED.light;
  const lut = [];
  for (let q = 0; q < 256; q++) lut.push(weightRgb(q / 255, 1, theme));
  const scale = m > 0 ? 255 / m : 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const w = weights[i * n + j];
      const rgb = causal && j > i ? masked[(i + j) & 1] : lut[Math.max(0, Math.min(255, Math.round((w > 0 ? w : 0) * scale)))];
      const o = (i * n + j) * 4;
      data[o] = rgb[0];
      data[o + 1] = rgb[1];
      data[o + 2] = rgb[2];
      data[o + 3] = 255;
    }
  }
  return m;
}

export function hoverLines(state, i, j, w) {
  const tok = (k) => `"${state.tokens[k]}" (#${k})`;
  const lines = [{ text: `from ${tok(i)} \u2192 to ${tok(j)}`, class: "xw-tt-title" }];
  if (state.causal && j > i) lines.push({ text: "masked: a causal model cannot attend to later tokens", class: "xw-tt-muted" });
  else lines.push(`weight ${formatScore(w)}`);
  return lines;
}

/**
 * renderMatrix(doc, { tokens, causal, weights, n, zoom, theme, label }) -> { element, canvas, cell, max }
 * weights null: a loading placeholder.
 */
export function renderMatrix(doc, opts) {
  const { tokens, causal, weights, zoom = 0, theme = "light", label = "" } = opts;
  const n = tokens.length;
  const cs = cellSize(n, zoom, opts.width);
  const side = n * cs;
  const showLabels = cs >= LABEL_MIN;
  const wrap = h(doc, "div", { class: "xw-matrix", "data-role": "matrix", "data-cell": cs, "data-labels": showLabels ? "1" : "0" });
  wrap.style.setProperty("--xw-cell", `${cs}px`);
  const canvas = h(doc, "canvas", {
    class: "xw-matrix-canvas", width: side, height: side, "data-role": "matrix-canvas", role: "img", tabindex: "0",
    "aria-label": `attention matrix, ${label}: ${n} from-tokens (rows) by ${n} to-tokens (columns); arrow keys move between cells`,
    style: { width: `${side}px`, height: `${side}px` },
  });
  const longest = showLabels ? Math.max(...tokens.map((t) => String(t).length)) : 0;
  const labelWidth = showLabels ? Math.min(160, 8 + Math.ceil(longest * Math.min(11, cs - 1) * 0.62)) : 4;
  wrap.style.setProperty("--xw-labels", `${labelWidth}px`);
  const corner = h(doc, "div", { class: "xw-corner xw-muted" }, showLabels ? "from \u2193 to \u2192" : "");
  const cols = h(doc, "div", { class: "xw-col-labels", "data-role": "col-labels", style: { width: `${side}px` } });
  const rows = h(doc, "div", { class: "xw-row-labels", "data-role": "row-labels" });
  if (showLabels) {
    tokens.forEach((t, k) => {
      cols.append(h(doc, "span", { class: "xw-col-label", style: { left: `${k * cs}px`, width: `${cs}px` } }, t));
      rows.append(h(doc, "span", { class: "xw-row-label", style: { height: `${cs}px`, lineHeight: `${cs}px` } }, t));
    });
  }
  const cellBox = h(doc, "div", { class: "xw-cell-box", hidden: true, "data-role": "cell-box" });
  const plot = h(doc, "div", { class: "xw-plot" }, canvas, cellBox);
  // two flex rows inside a max-content block: the header row sticks to the top of the scroll area, the corner
  // and the row labels to its left edge
  wrap.append(h(doc, "div", { class: "xw-mx-head" }, corner, cols), h(doc, "div", { class: "xw-mx-body" }, rows, plot));
  let max = 0;
  if (weights && canvas.getContext) {
    const ctx = canvas.getContext("2d");
    if (ctx) {
      const off = doc.createElement("canvas");
      off.width = n;
      off.height = n;
      const octx = off.getContext("2d");
      const image = octx.createImageData(n, n);
      max = paintImage(image, weights, n, { causal, theme });
      octx.putImageData(image, 0, 0);
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(off, 0, 0, side, side);
    }
  }
  wrap.dataset.max = String(max);
  return { element: wrap, canvas, cellBox, cell: cs, max };
}
