// Local waterfall: from the base value (top) through every shown feature's contribution (largest first) and
// the folded rest, to base + sum(contributions) (bottom), checked against the model's output.
import { h } from "../shared/dom.js";
import { formatScore } from "../shared/format.js";
import { axisRow, chartRow, colourOf, itemLines } from "./bars.js";
import { domainOf } from "./scale.js";

/** { base, steps: [{ item, start, end }], end, output, additive }. Non-finite scores count as 0. */
export function waterfallSteps(panel) {
  let at = panel.base;
  const steps = panel.items.map((item) => {
    const start = at;
    at += Number.isFinite(item.score) ? item.score : 0;
    return { item, start, end: at };
  });
  const out = panel.output;
  const additive = !Number.isFinite(out) || Math.abs(at - out) <= 1e-3 * Math.max(1, Math.abs(out));
  return { base: panel.base, steps, end: at, output: out, additive };
}

export function renderWaterfall(doc, panel, { palette, reg }) {
  const w = waterfallSteps(panel);
  const domain = domainOf([w.base, w.end, w.output, ...w.steps.map((s) => s.end)], { includeZero: false, pad: 0.06 });
  const chart = h(doc, "div", { class: "xw-chart xw-waterfall", "data-role": "chart", "data-chart": "waterfall",
    "data-method": panel.result.method, "data-result-index": panel.index });
  const rows = h(doc, "div", { class: "xw-rows", "data-role": "rows" });
  const mark = (label, role, v, lines) => {
    const row = chartRow(doc, { label, domain, from: v, to: v, colour: "var(--xw-fg)", value: formatScore(v),
      classes: ["xw-mark-row"], attrs: { "data-role": role, "data-feature-index": -1, "data-value": v } });
    reg(row, lines, -1);
    return row;
  };
  rows.append(mark("base value", "base", w.base, [{ class: "xw-tt-title", text: "base value" },
    `${formatScore(w.base)}: the expected ${panel.outputName} the contributions start from`]));
  for (const s of w.steps) {
    const d = s.end - s.start;
    const row = chartRow(doc, {
      label: s.item.label, domain, from: s.start, to: s.end, colour: colourOf(palette, d), value: formatScore(d, { sign: true }),
      classes: [s.item.kind === "other" && "xw-other"],
      attrs: { "data-role": "step", "data-feature-index": s.item.index, "data-start": s.start, "data-end": s.end,
        "data-score": Number.isFinite(s.item.score) ? s.item.score : null, "data-sign": Math.sign(d) },
    });
    reg(row, [...itemLines(panel, s.item, false), { class: "xw-tt-muted", text: `${formatScore(s.start)} \u2192 ${formatScore(s.end)}` }], s.item.index);
    rows.append(row);
  }
  const outLines = [{ class: "xw-tt-title", text: "model output" }, `base + contributions = ${formatScore(w.end)}`];
  if (Number.isFinite(w.output)) outLines.push(`${panel.outputName} = ${formatScore(w.output)}`);
  rows.append(mark("model output", "output", w.end, outLines));
  chart.append(rows, axisRow(doc, domain, `${panel.outputName}: base value + contributions`));
  if (!w.additive) {
    chart.append(h(doc, "div", { class: "xw-note", "data-role": "additivity", role: "note" },
      `the contributions add up to ${formatScore(w.end)}, the model's ${panel.outputName} is ${formatScore(w.output)}: ` +
      "this method's scores are not exactly additive on this output"));
  }
  return chart;
}
