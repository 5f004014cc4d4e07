// Beeswarm view: the feature labels (DOM, focusable), the dots on a <canvas> (painted as pixels into one
// ImageData), an overlay canvas for the hovered row's dots, the zero line, the axis and the colour legend.
// Drawing is skipped where there is no 2D context (jsdom); the layout and hit-testing work without one.
import { h } from "../shared/dom.js";
import { formatScore } from "../shared/format.js";
import { renderAxis } from "./scale.js";
import { formatValue } from "./ranking.js";
import { importanceLines } from "./global_bar.js";
import { BUCKETS, HIGH, LOW, GREY, MISSING, bucketRgb, swarmLayout } from "./swarm_layout.js";

export const ROW_HEIGHT = 30;
export const LABEL_WIDTH = 170;

const css = (rgb) => `rgb(${rgb.join(", ")})`;

function context(canvas) {
  try {
    return canvas.getContext ? canvas.getContext("2d") : null;
  } catch {
    return null;
  }
}

function sizeCanvas(canvas, width, height, dpr) {
  canvas.width = Math.max(1, Math.round(width * dpr));
  canvas.height = Math.max(1, Math.round(height * dpr));
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
}

const ALPHA = 0.85;

/** Coverage (0..1) of a disc of radius r (device px) over the (2R+1)^2 pixels around its centre pixel. */
function discMask(r) {
  const R = Math.ceil(r + 0.5);
  const size = 2 * R + 1;
  const mask = new Float32Array(size * size);
  const sub = 4;
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      let hit = 0;
      for (let b = 0; b < sub; b++) {
        for (let a = 0; a < sub; a++) {
          const dx = i - R + (a + 0.5) / sub - 0.5;
          const dy = j - R + (b + 0.5) / sub - 0.5;
          if (dx * dx + dy * dy <= r * r) hit += 1;
        }
      }
      mask[j * size + i] = hit / (sub * sub);
    }
  }
  return { R, size, mask };
}

/**
 * Paints every valid dot into the RGBA pixels of an ImageData (the canvas at dpr), each blended over what is
 * there (source-over, alpha 0.85) in a premultiplied float buffer: a few multiply-adds per covered pixel instead
 * of one path per dot. Returns the number of dots painted.
 */
export function paintDots(image, layout, dpr = 1) {
  const { width: W, height: H, data: buf } = image;
  const { R, size, mask } = discMask(layout.radius * dpr);
  const offsets = [];
  for (let j = 0; j < size; j++) for (let i = 0; i < size; i++) if (mask[j * size + i] > 0) offsets.push([i - R, j - R, mask[j * size + i] * ALPHA]);
  const m = offsets.length;
  const ox = Int32Array.from(offsets, (o) => o[0]);
  const oy = Int32Array.from(offsets, (o) => o[1]);
  const oa = Float32Array.from(offsets, (o) => o[2]);
  const lut = [];
  for (let q = 0; q <= BUCKETS; q++) lut.push(bucketRgb(q));
  const grey = bucketRgb(MISSING);
  const acc = new Float32Array(W * H * 4); // premultiplied r, g, b (0..255) and alpha (0..1)
  let drawn = 0;
  for (let p = 0; p < layout.count; p++) {
    if (!layout.valid[p]) continue;
    const rgb = layout.colour[p] === MISSING ? grey : lut[layout.colour[p]];
    const [cr, cg, cb] = rgb;
    const ci = Math.floor(layout.px[p] * dpr);
    const cj = Math.floor(layout.py[p] * dpr);
    const inside = ci - R >= 0 && ci + R < W && cj - R >= 0 && cj + R < H;
    for (let k = 0; k < m; k++) {
      const x = ci + ox[k];
      const y = cj + oy[k];
      if (!inside && (x < 0 || x >= W || y < 0 || y >= H)) continue;
      const o = (y * W + x) * 4;
      const a = oa[k];
      const keep = 1 - a;
      acc[o] = cr * a + acc[o] * keep;
      acc[o + 1] = cg * a + acc[o + 1] * keep;
      acc[o + 2] = cb * a + acc[o + 2] * keep;
      acc[o + 3] = a + acc[o + 3] * keep;
    }
    drawn += 1;
  }
  for (let o = 0; o < acc.length; o += 4) {
    const a = acc[o + 3];
    if (a <= 0) continue;
    buf[o] = acc[o] / a;
    buf[o + 1] = acc[o + 1] / a;
    buf[o + 2] = acc[o + 2] / a;
    buf[o + 3] = a * 255;
  }
  return drawn;
}

/** Paints the dots on the canvas; returns how many were drawn (0 without a 2D context, e.g. in jsdom). */
export function drawSwarm(canvas, layout, dpr = 1) {
  const ctx = context(canvas);
  if (!ctx || !ctx.createImageData || !ctx.putImageData) return 0;
  const image = ctx.createImageData(canvas.width, canvas.height);
  const drawn = paintDots(image, layout, dpr);
  ctx.putImageData(image, 0, 0);
  return drawn;
}

/** Rings around the dots of data row `row` (every slot) on the overlay; clears it for row < 0. */
export function drawHighlight(canvas, layout, row, dpr, theme) {
  const ctx = context(canvas);
  if (!ctx) return 0;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, layout.width, layout.height);
  if (row < 0) return 0;
  ctx.lineWidth = 2;
  ctx.strokeStyle = theme === "dark" ? "#ffffff" : "#000000";
  let n = 0;
  for (let s = 0; s < layout.nSlots; s++) {
    const pt = layout.pointOf(s, row);
    if (!pt) continue;
    ctx.fillStyle = css(bucketRgb(layout.colour[pt.p]));
    ctx.beginPath();
    ctx.arc(pt.x, pt.y, layout.radius + 1.5, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
    n += 1;
  }
  return n;
}

/** Tooltip lines of point p: the row, the feature and its value, the attribution. */
export function dotLines(state, layout, p) {
  const slot = layout.slots[Math.floor(p / layout.nRows)];
  const row = p % layout.nRows;
  const lines = [{ class: "xw-tt-title", text: `row ${row}` }];
  if (slot.kind === "feature") {
    const v = state.data ? state.data[row * state.nf + slot.index] : NaN;
    lines.push(`${slot.label} = ${state.data ? formatValue(Number.isNaN(v) ? null : v) : "n/a"}`);
    lines.push(`attribution ${formatScore(layout.vals[p], { sign: true })}`);
  } else {
    lines.push(slot.label);
    lines.push(`summed attribution ${formatScore(layout.vals[p], { sign: true })}`);
  }
  lines.push({ class: "xw-tt-muted", text: state.methodLabel });
  return lines;
}

export function renderLegend(doc, hasData) {
  const legend = h(doc, "div", { class: "xw-legend", "data-role": "legend" });
  if (!hasData) return legend.append(h(doc, "span", { class: "xw-muted" }, "no feature values: every dot grey")), legend;
  legend.append(h(doc, "span", { class: "xw-muted" }, "feature value"), h(doc, "span", null, "low"),
    h(doc, "span", { class: "xw-legend-bar", style: { backgroundImage: `linear-gradient(to right, ${css(LOW)}, ${css(bucketRgb(BUCKETS / 2))}, ${css(HIGH)})` } }),
    h(doc, "span", null, "high"),
    h(doc, "span", { class: "xw-swatch", style: { background: css(GREY) } }), h(doc, "span", { class: "xw-muted" }, "missing"),
    h(doc, "span", { class: "xw-muted" }, "(5\u201395 % of each feature)"));
  return legend;
}

/** The beeswarm: returns { element, canvas, overlay, marker, layout, drawn }. */
export function renderSwarm(doc, state, { width, dpr = 1, reg }) {
  const plotWidth = Math.max(160, Math.floor(width));
  const now = () => (doc.defaultView && doc.defaultView.performance ? doc.defaultView.performance.now() : 0);
  const t0 = now();
  const layout = swarmLayout({ values: state.values, data: state.data, nRows: state.nRows, nFeatures: state.nf,
    slots: state.slots, width: plotWidth, rowHeight: ROW_HEIGHT, radius: state.nRows > 3000 ? 2 : 2.5 });
  const labels = h(doc, "div", { class: "xw-swarm-labels" });
  state.slots.forEach((slot, s) => {
    const label = h(doc, "div", { class: ["xw-fi-item", "xw-swarm-label", slot.kind === "other" && "xw-other"], tabindex: "0",
      "data-role": "swarm-label", "data-slot": s, "data-feature-index": slot.index, style: { height: `${ROW_HEIGHT}px`, lineHeight: `${ROW_HEIGHT}px` } }, slot.label);
    const item = slot.kind === "other" ? state.barItems.find((b) => b.kind === "other")
      : { kind: "feature", index: slot.index, value: state.importances[slot.index], std: state.std ? state.std[slot.index] : NaN, label: slot.label };
    reg(label, importanceLines(state, item), slot.index);
    labels.append(label);
  });
  const canvas = h(doc, "canvas", { class: "xw-swarm-canvas", "data-role": "beeswarm-canvas", tabindex: "0", role: "img",
    "aria-label": `beeswarm of ${state.nRows} rows \u00d7 ${state.slots.length} features; arrow keys move between dots` });
  const overlay = h(doc, "canvas", { class: "xw-swarm-overlay", "aria-hidden": "true" });
  sizeCanvas(canvas, layout.width, layout.height, dpr);
  sizeCanvas(overlay, layout.width, layout.height, dpr);
  const marker = h(doc, "div", { class: "xw-dot-marker", "data-role": "dot-marker", hidden: true });
  const plot = h(doc, "div", { class: "xw-swarm-plot", style: { width: `${layout.width}px`, height: `${layout.height}px` } }, canvas, overlay, marker);
  if (layout.domain[0] < 0 && layout.domain[1] > 0) plot.append(h(doc, "div", { class: "xw-zero", style: { left: `${layout.xOf(0)}px` } }));
  const radius = layout.radius;
  const axisDomain = [layout.domain[0] - (radius / (layout.width - 2 * radius)) * (layout.domain[1] - layout.domain[0]),
    layout.domain[1] + (radius / (layout.width - 2 * radius)) * (layout.domain[1] - layout.domain[0])];
  const axis = renderAxis(doc, axisDomain, `attribution (${state.methodLabel}) per row`);
  axis.style.width = `${layout.width}px`;
  const t1 = now();
  const drawn = drawSwarm(canvas, layout, dpr);
  const t2 = now();
  Object.assign(canvas.dataset, { points: String(layout.nValid), drawn: String(drawn), layoutMs: (t1 - t0).toFixed(1),
    paintMs: (t2 - t1).toFixed(1) });
  canvas.__xwLayout = layout;
  const element = h(doc, "div", { class: "xw-chart xw-swarm", "data-role": "chart", "data-chart": "beeswarm" },
    h(doc, "div", { class: "xw-swarm-grid", style: { gridTemplateColumns: `${LABEL_WIDTH}px ${layout.width}px` } },
      labels, plot, h(doc, "span", null), axis),
    renderLegend(doc, Boolean(state.data)));
  return { element, canvas, overlay, marker, layout, drawn };
}
