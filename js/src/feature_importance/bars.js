// Local bar charts: one row per shown feature ("name = value", a signed bar, the score), the folded
// "N other features" row, and the axis. In the grid view every method gets one small chart with the same
// features, order and scale. The tooltip text of a row.
import { h } from "../shared/dom.js";
import { rgbCss } from "../shared/color.js";
import { formatRank, formatScore } from "../shared/format.js";
import { domainOf, frac, pct, renderAxis } from "./scale.js";

const MAX_NAMES = 8;

/** The displayed length of a score: signed, or its magnitude for unsigned methods. */
export const shownScore = (panel, s) => (panel.signed ? s : Math.abs(s));

/**
 * One scale over every shown bar of the panels that explain the same output (so grid charts compare; a method
 * explaining log-odds is not drawn on the scale of probabilities). Returns Map outputName -> [lo, hi].
 */
export function barsDomains(panels) {
  const groups = new Map();
  for (const p of panels) {
    if (!groups.has(p.outputName)) groups.set(p.outputName, []);
    for (const it of p.items) groups.get(p.outputName).push(shownScore(p, it.score));
  }
  return new Map([...groups].map(([k, vals]) => [k, domainOf(vals, { pad: 0.04 })]));
}

export function colourOf(palette, v) {
  return rgbCss(v < 0 ? palette.negative : palette.positive);
}

/** A chart row: label, a track holding the bar from a to b (data values), the value text. */
export function chartRow(doc, { label, domain, from, to, colour, value, attrs, classes }) {
  const a = frac(domain, Math.min(from, to));
  const b = frac(domain, Math.max(from, to));
  const track = h(doc, "span", { class: "xw-track" });
  if (domain[0] < 0 && domain[1] > 0) track.append(h(doc, "span", { class: "xw-zero", style: { left: pct(frac(domain, 0)) } }));
  if (Number.isFinite(from) && Number.isFinite(to)) {
    track.append(h(doc, "span", { class: "xw-bar", "data-role": "bar-fill", style: { left: pct(a), width: pct(Math.max(b - a, 0)), background: colour } }));
  }
  return h(doc, "div", { class: ["xw-fi-item", "xw-chart-row", ...(classes || [])], tabindex: "0", ...attrs },
    h(doc, "span", { class: "xw-label" }, label), track, h(doc, "span", { class: "xw-value" }, value));
}

export function axisRow(doc, domain, title) {
  return h(doc, "div", { class: "xw-chart-row xw-axis-row" }, h(doc, "span", null), renderAxis(doc, domain, title), h(doc, "span", null));
}

export function missingNote(doc, panel) {
  const r = panel.result;
  const have = (r.targets || []).map((t) => (r.labels || [])[t] ?? t).join(", ");
  return h(doc, "div", { class: "xw-note", "data-role": "missing-target" },
    `no scores for class ${panel.targetLabel} in this result (it explains: ${have || "nothing"})`);
}

/** Tooltip lines of a local item (a feature or the folded rest). */
export function itemLines(panel, item, grid) {
  const sign = { sign: panel.signed };
  const what = panel.signed ? "contribution" : "|contribution|";
  const lines = [];
  if (item.kind === "other") {
    lines.push({ class: "xw-tt-title", text: item.label });
    lines.push(panel.missing ? `no scores for ${panel.targetLabel}` : `summed ${what} ${formatScore(item.score, sign)} to ${panel.outputName}`);
    const names = item.indices.slice(0, MAX_NAMES).map((i) => panel.names[i]).join(", ");
    lines.push({ class: "xw-tt-muted", text: names + (item.indices.length > MAX_NAMES ? ", \u2026" : "") });
  } else {
    lines.push({ class: "xw-tt-title", text: item.name });
    if (item.valueText != null) lines.push(`value = ${item.valueText}`);
    lines.push(panel.missing ? `no score for ${panel.targetLabel}` : `${what} ${formatScore(item.score, sign)} to ${panel.outputName}`);
    if (panel.ranks[item.index] != null) lines.push(`${formatRank(panel.ranks[item.index], panel.total)} by |score|`);
  }
  if (grid) lines.push({ class: "xw-tt-muted", text: panel.methodLabel });
  return lines;
}

/** The bar chart of a panel. reg(el, lines, featureIndex) makes a row an accessible, hoverable item. */
export function renderBarChart(doc, panel, { domain, palette, grid, reg }) {
  const chart = h(doc, "div", { class: ["xw-chart", grid && "xw-small"], "data-role": "chart", "data-chart": "bars",
    "data-method": panel.result.method, "data-result-index": panel.index });
  if (grid) chart.append(h(doc, "div", { class: "xw-chart-title" }, panel.methodLabel));
  if (panel.missing) chart.append(missingNote(doc, panel));
  const rows = h(doc, "div", { class: "xw-rows", "data-role": "rows" });
  for (const item of panel.items) {
    const v = shownScore(panel, item.score);
    const row = chartRow(doc, {
      label: item.label, domain, from: 0, to: v, colour: colourOf(palette, v),
      value: formatScore(v, { sign: panel.signed }), classes: [item.kind === "other" && "xw-other"],
      attrs: { "data-role": "bar", "data-feature-index": item.index, "data-score": Number.isFinite(item.score) ? item.score : null,
        "data-sign": Number.isFinite(v) ? Math.sign(v) : null },
    });
    reg(row, itemLines(panel, item, grid), item.index);
    rows.append(row);
  }
  chart.append(rows, axisRow(doc, domain, `${panel.signed ? "contribution" : "|contribution|"} to ${panel.outputName}`));
  return chart;
}
