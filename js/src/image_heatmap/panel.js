// A panel: one result's map of one class over the image (a canvas at the image's own resolution, shown at the
// panel's display size), the outline of the hovered grid cell, the readout of the value under the pointer and the
// legend of the colour scale.
import { h } from "../shared/dom.js";
import { formatRank, formatScore } from "../shared/format.js";
import { legendGradient } from "./heat.js";
import { cellAt, cellBox, valueAt } from "./state.js";

export function outputOf(panel) {
  return panel.output === "probability" ? `p(${panel.targetLabel})` : `${panel.output} of ${panel.targetLabel}`;
}

export function renderLegend(doc, panel, palette) {
  const legend = h(doc, "div", { class: "xw-legend", "data-role": "legend" });
  if (panel.missing || !panel.map) return legend;
  if (!(panel.scale > 0)) {
    legend.append(h(doc, "span", null, "the map is 0 everywhere"));
    return legend;
  }
  legend.append(
    h(doc, "span", { "data-role": "legend-min" }, panel.signed ? formatScore(-panel.scale) : "0"),
    h(doc, "span", { class: "xw-legend-bar", style: { backgroundImage: legendGradient({ signed: panel.signed, palette }) } }),
    h(doc, "span", { "data-role": "legend-max" }, formatScore(panel.scale, { sign: panel.signed })),
    h(doc, "span", { class: "xw-muted" }, `${panel.signed ? "attribution" : "|attribution|"} to ${outputOf(panel)} per pixel`),
  );
  return legend;
}

/** Readout lines for pixel px = { x, y } (image pixels) of a panel: the value there and its grid cell. */
export function readoutLines(panel, px) {
  if (!px) return [{ class: "xw-muted", text: panel.map ? "point at the image to read the map" : "\u00a0" }];
  const lines = [];
  const v = valueAt(panel, px.x, px.y);
  lines.push({ role: "pixel", text: `pixel (x ${px.x}, y ${px.y}): ${panel.map ? formatScore(v, { sign: panel.signed }) : "no map"}` });
  const cell = cellAt(panel, px.x, px.y);
  if (cell && panel.grid) {
    const score = panel.scores[cell.index];
    const rank = panel.ranks[cell.index];
    lines.push({ role: "cell", text: `cell (${cell.row}, ${cell.col}): summed ${formatScore(score, { sign: panel.signed })}`
      + (rank != null ? `, ${formatRank(rank, panel.total)} by |score|` : "") });
  }
  return lines;
}

export function renderPanel(doc, panel, { palette, display, grid }) {
  // as wide as its image (at least 200 px, 440 alone): the readout and legend wrap under it, panels sit side by side
  const element = h(doc, "figure", { class: ["xw-ih-panel", grid && "xw-ih-cell"], "data-role": "panel",
    "data-method": panel.result.method, "data-result-index": panel.index, style: { width: `${Math.max(grid ? 200 : 440, display.width)}px` } });
  if (grid) element.append(h(doc, "figcaption", { class: "xw-ih-title", "data-role": "panel-title" }, panel.methodLabel));
  if (panel.missing) {
    const have = (panel.result.targets || []).map((t) => (panel.result.labels || [])[t] ?? t).join(", ");
    element.append(h(doc, "div", { class: "xw-note", "data-role": "missing-target" },
      `no map for class ${panel.targetLabel} in this result (it explains: ${have || "nothing"})`));
  }
  const canvas = h(doc, "canvas", { class: ["xw-ih-canvas", display.pixelated && "xw-pixelated"], "data-role": "canvas",
    tabindex: "0", role: "img",
    "aria-label": `${panel.methodLabel} heat map${panel.missing ? "" : ` for ${panel.targetLabel}`}; arrow keys move between grid cells`,
  });
  canvas.width = Math.max(1, panel.W);
  canvas.height = Math.max(1, panel.H);
  const outline = h(doc, "div", { class: "xw-ih-outline", "data-role": "cell-outline", hidden: true, "aria-hidden": "true" });
  const stage = h(doc, "div", { class: "xw-ih-stage", style: { width: `${display.width}px` } }, canvas, outline);
  const readout = h(doc, "div", { class: "xw-ih-readout", "data-role": "readout", "aria-live": "polite" });
  element.append(stage, readout, renderLegend(doc, panel, palette));
  return { element, canvas, outline, readout, panel };
}

/** Shows the hover state in a panel: the outline of the cell holding pixel px (null: none) and the readout. */
export function showHover(doc, view, px) {
  const { panel, outline, readout } = view;
  const cell = px ? cellAt(panel, px.x, px.y) : null;
  const box = cell;
  if (box) {
    const pc = (v, n) => `${(100 * v) / n}%`; // of the stage, which the canvas fills at any display size
    Object.assign(outline.style, { left: pc(box.x0, panel.W), top: pc(box.y0, panel.H), width: pc(box.w, panel.W), height: pc(box.h, panel.H) });
    outline.hidden = false;
    outline.setAttribute("data-cell", String(box.index));
  } else {
    outline.hidden = true;
    outline.removeAttribute("data-cell");
  }
  readout.replaceChildren(...readoutLines(panel, px).map((line) =>
    h(doc, "div", { class: line.class || null, "data-role": line.role || null }, line.text)));
  if (px) {
    readout.setAttribute("data-x", String(px.x));
    readout.setAttribute("data-y", String(px.y));
  } else {
    readout.removeAttribute("data-x");
    readout.removeAttribute("data-y");
  }
  if (cell) {
    readout.setAttribute("data-cell", String(cell.index));
    readout.setAttribute("data-row", String(cell.row));
    readout.setAttribute("data-col", String(cell.col));
  } else for (const k of ["data-cell", "data-row", "data-col"]) readout.removeAttribute(k);
}

/** The centre pixel of cell `index` of a panel's grid, or null. */
export function cellCentre(panel, index) {
  const b = cellBox(panel, index);
  return b ? { x: b.x0 + Math.floor((b.w - 1) / 2), y: b.y0 + Math.floor((b.h - 1) / 2) } : null;
}
