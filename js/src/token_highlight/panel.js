// A panel: one row of coloured tokens for one result + target, with its legend; and the tooltip text.
import { h } from "../shared/dom.js";
import { divergingColor, scaleGradient } from "../shared/color.js";
import { formatRank, formatScore } from "../shared/format.js";

export function renderTokens(doc, panel, palette) {
  const box = h(doc, "div", { class: "xw-tokens", "data-role": "tokens", "data-method": panel.result.method });
  panel.tokens.forEach((text, i) => {
    if (i > 0 && panel.wordStart[i]) box.append(doc.createTextNode(" "));
    const score = panel.scores ? panel.scores[i] : NaN;
    const span = h(doc, "span", {
      class: ["xw-token", panel.special[i] && "xw-special", !panel.wordStart[i] && "xw-cont", text === "" && "xw-empty"],
      "data-token-index": i,
      "data-score": Number.isFinite(score) ? score : null,
      tabindex: "0",
    }, text === "" ? "\u2205" : text);
    if (!panel.special[i] && Number.isFinite(score)) {
      const c = divergingColor(score, panel.max, { signed: panel.signed, palette });
      span.style.backgroundColor = c.css;
      span.style.color = c.text;
      span.setAttribute("data-sign", String(c.sign));
    }
    box.append(span);
  });
  return box;
}

export function renderLegend(doc, panel, palette) {
  const legend = h(doc, "div", { class: "xw-legend", "data-role": "legend" });
  if (panel.missing) return legend;
  if (!(panel.max > 0)) {
    legend.append(h(doc, "span", null, "all scores are 0"));
    return legend;
  }
  const lo = panel.signed ? formatScore(-panel.max) : "0";
  const hi = formatScore(panel.max, { sign: panel.signed });
  legend.append(
    h(doc, "span", { "data-role": "legend-min" }, lo),
    h(doc, "span", { class: "xw-legend-bar", style: { backgroundImage: scaleGradient({ signed: panel.signed, palette }) } }),
    h(doc, "span", { "data-role": "legend-max" }, hi),
    h(doc, "span", { class: "xw-muted" }, `${panel.signed ? "attribution" : "|attribution|"} to ${panel.targetLabel}`),
  );
  return legend;
}

export function renderPanel(doc, panel, palette, grid) {
  const row = h(doc, "div", { class: ["xw-panel", grid && "xw-row"], "data-role": "row", "data-method": panel.result.method, "data-result-index": panel.index });
  if (grid) row.append(h(doc, "div", { class: "xw-row-label" }, panel.methodLabel));
  const main = h(doc, "div", { class: "xw-row-main" });
  if (panel.missing) {
    const have = (panel.result.targets || []).map((t) => (panel.result.labels || [])[t] ?? t).join(", ");
    main.append(h(doc, "div", { class: "xw-note", "data-role": "missing-target" },
      `no scores for class ${panel.targetLabel} in this result (it explains: ${have || "nothing"})`));
  }
  main.append(renderTokens(doc, panel, palette), renderLegend(doc, panel, palette));
  row.append(main);
  return row;
}

/** The tooltip lines of token i of a panel: token text, score, rank. */
export function tooltipLines(panel, i, grid) {
  const text = panel.tokens[i];
  const lines = [{ class: "xw-tt-title", text: `"${text}"` }];
  const score = panel.scores ? panel.scores[i] : NaN;
  lines.push(panel.missing ? `no score for ${panel.targetLabel}` : `score ${formatScore(score, { sign: panel.signed })} for ${panel.targetLabel}`);
  if (panel.special[i]) lines.push({ class: "xw-tt-muted", text: "special token (not ranked)" });
  else if (panel.ranks[i] != null) lines.push(`${formatRank(panel.ranks[i], panel.total)} by |score|`);
  if (grid) lines.push({ class: "xw-tt-muted", text: panel.methodLabel });
  return lines;
}
