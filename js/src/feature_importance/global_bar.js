// Global bar chart: one bar per shown feature (most important first) with its std as a whisker, the folded
// "N other features" row (their summed importance), and the importance label as the axis title.
import { h } from "../shared/dom.js";
import { formatRank, formatScore } from "../shared/format.js";
import { axisRow, chartRow, colourOf } from "./bars.js";
import { domainOf, frac, pct } from "./scale.js";

export function importanceLines(state, item) {
  const lines = [{ class: "xw-tt-title", text: item.label }];
  const std = Number.isFinite(item.std) ? ` \u00b1 ${formatScore(item.std)} (std)` : "";
  if (item.kind === "other") {
    lines.push(`summed ${state.importanceLabel} ${formatScore(item.value)}`);
    const names = item.indices.slice(0, 8).map((i) => state.names[i]).join(", ");
    lines.push({ class: "xw-tt-muted", text: names + (item.indices.length > 8 ? ", \u2026" : "") });
  } else {
    lines.push(`${state.importanceLabel} ${formatScore(item.value)}${std}`);
    if (state.ranks[item.index] != null) lines.push(formatRank(state.ranks[item.index], state.ranked));
  }
  return lines;
}

export function renderGlobalBars(doc, state, { palette, reg }) {
  const ext = [];
  for (const it of state.barItems) {
    ext.push(it.value);
    if (Number.isFinite(it.std)) ext.push(it.value - it.std, it.value + it.std);
  }
  const domain = domainOf(ext, { pad: 0.04 });
  const chart = h(doc, "div", { class: "xw-chart", "data-role": "chart", "data-chart": "bar" });
  const rows = h(doc, "div", { class: "xw-rows", "data-role": "rows" });
  for (const item of state.barItems) {
    const std = Number.isFinite(item.std) ? ` \u00b1 ${formatScore(item.std)}` : "";
    const row = chartRow(doc, {
      label: item.label, domain, from: 0, to: item.value, colour: colourOf(palette, item.value), value: formatScore(item.value) + std,
      classes: [item.kind === "other" && "xw-other"],
      attrs: { "data-role": "bar", "data-feature-index": item.index, "data-score": Number.isFinite(item.value) ? item.value : null,
        "data-std": Number.isFinite(item.std) ? item.std : null },
    });
    if (Number.isFinite(item.std) && Number.isFinite(item.value) && item.std > 0) {
      const a = frac(domain, item.value - item.std);
      const b = frac(domain, item.value + item.std);
      row.querySelector(".xw-track").append(h(doc, "span", { class: "xw-whisker", "data-role": "whisker", style: { left: pct(a), width: pct(b - a) } }));
    }
    reg(row, importanceLines(state, item), item.index);
    rows.append(row);
  }
  chart.append(rows, axisRow(doc, domain, state.importanceLabel));
  return chart;
}
