// The drill-down of a cell: its statistics, the k examples most and least aligned with the concept's mean CAV at
// that layer (alignment = cosine of the pooled activation with the CAV, sensitivity = directional derivative), and
// a mount for the selected example's per-token sensitivity (filled by the view with the TokenHighlight view).
import { h } from "../shared/dom.js";
import { formatScore } from "../shared/format.js";
import { exampleValues, labelOf, layerLabel, rankExamples } from "./logic.js";
import { setSignificanceText, significanceText } from "./grid.js";

function list(doc, data, s, kind, idx, selected) {
  const title = kind === "most" ? "Most aligned with the concept" : "Least aligned with the concept";
  const rows = idx.map((i, r) => {
    const v = exampleValues(data, s.ci, s.li, i);
    return h(doc, "tr", { "data-role": "example", "data-kind": kind, "data-example": i, "data-rank": r + 1, tabindex: 0,
      "aria-selected": i === selected ? "true" : "false" },
    h(doc, "td", {}, String(r + 1)),
    h(doc, "td", { class: "xw-text", "data-role": "example-text" }, String((data.examples || [])[i] ?? "")),
    h(doc, "td", { "data-role": "alignment" }, formatScore(v.alignment, { sign: true })),
    h(doc, "td", { "data-role": "sensitivity" }, formatScore(v.sensitivity, { sign: true })));
  });
  return h(doc, "div", { class: "xw-list", "data-role": `${kind}-aligned` }, h(doc, "h4", {}, title),
    h(doc, "table", {}, h(doc, "thead", {}, h(doc, "tr", {}, h(doc, "th", {}, "#"), h(doc, "th", { class: "xw-text" }, "example"),
      h(doc, "th", { title: "cosine of the example's pooled activation with the mean CAV" }, "alignment"),
      h(doc, "th", { title: "directional derivative of the explained output along the mean CAV" }, "sensitivity"))),
    h(doc, "tbody", {}, rows)));
}

/** The drill-down box of cell stats s, and the element to mount the token view into (null: no example). */
export function renderDrill(doc, data, s, k, selected) {
  const concept = String(data.concepts[s.ci]);
  const target = labelOf(data, data.target);
  const name = (data.layer_names || [])[s.li];
  const { most, least } = rankExamples(data, s.ci, s.li, k);
  const stats = h(doc, "div", { class: "xw-stats", "data-role": "cell-stats" },
    h(doc, "span", {}, `TCAV ${formatScore(s.mean)} \u00b1 ${formatScore(s.sd)} over ${s.runs} runs`),
    h(doc, "span", {}, `random ${formatScore(s.randomMean)} \u00b1 ${formatScore(s.randomSd)}`),
    h(doc, "span", { "data-role": "runs-test" }, `t-test over runs: p ${formatScore(s.p)}, Holm ${formatScore(s.pHolm)}: ${significanceText(s)}`),
    h(doc, "span", { "data-role": "set-test" }, `set test: Holm ${formatScore(s.pSetHolm)}: ${setSignificanceText(s)}`),
    h(doc, "span", { class: s.nearChance ? "xw-flag" : null }, `CAV accuracy ${formatScore(s.accuracy)}${s.nearChance ? " (near chance)" : ""}`));
  const box = h(doc, "div", { class: "xw-drill", "data-role": "drilldown", "data-ci": s.ci, "data-li": s.li },
    h(doc, "button", { type: "button", "data-role": "close", "aria-label": "close the examples" }, "close"),
    h(doc, "h3", { "data-role": "drill-title" }, `"${concept}" at ${layerLabel(data, s.li)}${name ? ` (${name})` : ""}`),
    stats,
    h(doc, "div", { class: "xw-help", "data-role": "tests-help" }, "The t-test over runs (the TCAV paper's) treats the runs as "
      + "independent although they share the concept's examples, so even a random word set can pass it; the set test asks "
      + "whether the concept's mean score is unusual for a random set of the same size."),
    h(doc, "div", { class: "xw-help" }, `alignment: cosine of the example's activation with the concept's mean CAV; `
      + `sensitivity: change of the "${target}" output along the CAV. Click an example for its tokens.`),
    h(doc, "div", { class: "xw-lists" }, list(doc, data, s, "most", most, selected), list(doc, data, s, "least", least, selected)));
  let mount = null;
  if (selected >= 0 && selected < (data.examples || []).length) {
    mount = h(doc, "div", { class: "xw-tokens-mount", "data-role": "token-view" });
    const v = exampleValues(data, s.ci, s.li, selected);
    box.append(h(doc, "div", { class: "xw-tokens-panel", "data-role": "tokens-panel", "data-example": selected },
      h(doc, "h4", {}, `Example ${selected}: per-token sensitivity to "${concept}" at ${layerLabel(data, s.li)}`),
      h(doc, "div", { class: "xw-help" }, `alignment ${formatScore(v.alignment, { sign: true })}, sensitivity `
        + `${formatScore(v.sensitivity, { sign: true })}; a token's score is the gradient of the "${target}" output at it `
        + "times the CAV (blue: the concept at this token raises the output, red: lowers it)"),
      mount));
  }
  return { box, mount };
}
