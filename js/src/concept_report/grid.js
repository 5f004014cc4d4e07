// The header (explained class, examples, random runs, CAV kind) and the concepts x layers grid of TCAV scores, each
// cell drawn on a 0..1 strip against its layer's random band, with the Holm p-value and significance mark of the TCAV
// paper's t-test over the runs, a second, smaller line with the Holm p-value and mark of the set-level test (n/a
// where the result has none) and the near-chance flag. Every text is a Text node (shared/dom.js h()).
import { h } from "../shared/dom.js";
import { formatScore } from "../shared/format.js";
import { clamp01, labelOf, layerLabel, randomRuns } from "./logic.js";

const pct = (v) => `${(clamp01(v) * 100).toFixed(2)}%`;

const CAV_KINDS = { logistic: "logistic regression", mean_difference: "mean difference" };

export function renderHeader(doc, data) {
  const params = data.params || {};
  const target = labelOf(data, data.target);
  const n = (data.examples || []).length;
  const R = randomRuns(data);
  const cav = params.cav ? String(params.cav) : "";
  const sizes = data.concept_sizes || {};
  const items = [
    h(doc, "span", { "data-role": "target" }, "class ", h(doc, "strong", {}, target)),
    h(doc, "span", { "data-role": "n-examples" }, h(doc, "strong", {}, String(n)), ` example${n === 1 ? "" : "s"}`),
    h(doc, "span", { "data-role": "random-runs" }, h(doc, "strong", {}, Number.isFinite(R) ? String(R) : "?"), " random runs"),
    h(doc, "span", { "data-role": "cav-kind" }, "CAV: ", h(doc, "strong", {}, CAV_KINDS[cav] || cav || "?")),
  ];
  if (params.pooling) items.push(h(doc, "span", {}, `pooling: ${params.pooling}`));
  if (params.output) items.push(h(doc, "span", {}, `output: ${params.output}`));
  if (data.random_set_size) items.push(h(doc, "span", {}, `random sets of ${data.random_set_size}`));
  if (data.model_name) items.push(h(doc, "span", { "data-role": "model" }, `model ${data.model_name}`));
  const sizeText = (data.concepts || []).filter((c) => sizes[c] != null).map((c) => `${c}: ${sizes[c]}`).join(", ");
  return [
    h(doc, "div", { class: "xw-cr-title", "data-role": "title" }, `TCAV: which concepts drive the prediction of "${target}"`),
    h(doc, "div", { class: "xw-cr-meta", "data-role": "meta" }, items),
    sizeText ? h(doc, "div", { class: "xw-help", "data-role": "concept-sizes" }, `concept examples: ${sizeText}`) : null,
  ];
}

function strip(doc, s) {
  const parts = [];
  if (Number.isFinite(s.bandLo) && Number.isFinite(s.bandHi)) {
    const lo = clamp01(s.bandLo), hi = clamp01(s.bandHi);
    parts.push(h(doc, "span", { class: "xw-band", "data-role": "band", style: { left: pct(lo), width: pct(hi - lo) } }));
  }
  if (Number.isFinite(s.randomMean)) parts.push(h(doc, "span", { class: "xw-rmean", style: { left: pct(s.randomMean) } }));
  if (Number.isFinite(s.mean)) {
    if (Number.isFinite(s.sd) && s.sd > 0) {
      const lo = clamp01(s.mean - s.sd), hi = clamp01(s.mean + s.sd);
      parts.push(h(doc, "span", { class: "xw-whisker", style: { left: pct(lo), width: pct(hi - lo) } }));
    }
    parts.push(h(doc, "span", { class: "xw-dot", "data-role": "dot", style: { left: pct(s.mean) } }));
  }
  return h(doc, "span", { class: "xw-strip", "data-role": "strip", "aria-hidden": "true" }, parts);
}

const direction = (s) => (s.direction > 0 ? "significant, above random" : s.direction < 0 ? "significant, below random" : "significant");

/** The outcome of the TCAV paper's t-test over the runs: "significant, above random", "not significant", ... */
export function significanceText(s) {
  return s.significant ? direction(s) : "not significant";
}

/** The outcome of the set-level test; "n/a" where the result has none (older JSON). */
export function setSignificanceText(s) {
  if (s.significantSet == null) return "n/a";
  return s.significantSet ? direction(s) : "not significant";
}

/** The set-test state as an attribute value: "true", "false" or "n/a". */
const setState = (s) => (s.significantSet == null ? "n/a" : String(s.significantSet));

function setLine(doc, s) {
  const known = s.significantSet != null;
  return h(doc, "span", { class: "xw-p-set", "data-role": "p-set", "data-significant-set": setState(s),
    title: known ? `set-level test (is the mean score unusual for a random set of the same size?), Holm-corrected: ${setSignificanceText(s)}`
      : "this result has no set-level test" },
  `set test: p = ${formatScore(s.pSetHolm)}`,
  known ? h(doc, "span", { class: "xw-set-mark", "data-role": "set-mark", "data-significant": String(s.significantSet) },
    s.significantSet ? " \u2713" : " \u2717") : null);
}

function cell(doc, data, s, selected) {
  const concept = String(data.concepts[s.ci]);
  const mark = s.significant ? `\u2713 ${significanceText(s)}` : "\u2717 not significant";
  const label = [`${concept} at ${layerLabel(data, s.li)}: TCAV ${formatScore(s.mean)} \u00b1 ${formatScore(s.sd)}`,
    `random ${formatScore(s.randomMean)} \u00b1 ${formatScore(s.randomSd)}`, `p (Holm) ${formatScore(s.pHolm)}`,
    significanceText(s), `set test p (Holm) ${formatScore(s.pSetHolm)}`,
    s.significantSet == null ? null : `set test ${setSignificanceText(s)}`,
    s.nearChance ? `CAV near chance (accuracy ${formatScore(s.accuracy)})` : null,
    "show the aligned examples"].filter(Boolean).join("; ");
  return h(doc, "td", { "data-role": "grid-cell", "data-ci": s.ci, "data-li": s.li },
    h(doc, "button", {
      type: "button", class: ["xw-cell", s.significant && "xw-sig", s.nearChance && "xw-chance"], "data-role": "cell",
      "data-ci": s.ci, "data-li": s.li, "data-significant": String(s.significant), "data-significant-set": setState(s),
      "data-near-chance": String(s.nearChance),
      "aria-pressed": selected ? "true" : "false", "aria-label": label,
    },
    h(doc, "span", { class: "xw-score", "data-role": "score" }, formatScore(s.mean),
      h(doc, "span", { class: "xw-sd" }, ` \u00b1 ${formatScore(s.sd)}`)),
    strip(doc, s),
    h(doc, "span", { class: "xw-p", "data-role": "p" }, `p (Holm) ${formatScore(s.pHolm)}`),
    h(doc, "span", { class: "xw-mark", "data-role": "mark", "data-significant": String(s.significant) }, mark),
    setLine(doc, s),
    s.nearChance ? h(doc, "span", { class: "xw-flag", "data-role": "near-chance",
      title: `mean held-out CAV accuracy ${formatScore(s.accuracy)} < ${s.threshold}: the concept is not separated from random text at this layer` },
    `\u26a0 CAV near chance (acc. ${formatScore(s.accuracy)})`) : null));
}

export function renderGrid(doc, data, stats, sel) {
  const layers = data.layers || [];
  const names = data.layer_names || [];
  const head = h(doc, "tr", {}, h(doc, "th", { scope: "col" }, "concept"),
    layers.map((_, li) => h(doc, "th", { scope: "col", "data-li": li, title: names[li] != null ? String(names[li]) : null },
      layerLabel(data, li))));
  const rows = stats.map((row, ci) => h(doc, "tr", { "data-role": "concept-row", "data-ci": ci },
    h(doc, "th", { scope: "row", "data-role": "concept" }, String(data.concepts[ci])),
    row.map((s) => cell(doc, data, s, sel.ci === s.ci && sel.li === s.li))));
  return h(doc, "div", { class: "xw-scroll" },
    h(doc, "table", { class: "xw-grid", "data-role": "grid" }, h(doc, "thead", {}, head), h(doc, "tbody", {}, rows)));
}

export function renderLegend(doc, data) {
  const alpha = Number.isFinite(data.alpha) ? data.alpha : 0.05;
  const chance = Number.isFinite(data.near_chance) ? data.near_chance : 0.6;
  return h(doc, "div", { class: "xw-legend", "data-role": "legend" },
    h(doc, "span", {}, "strip: TCAV score from 0 to 1"),
    h(doc, "span", {}, h(doc, "span", { class: "xw-key xw-key-dot" }), "mean over the random runs, line: \u00b1 1 sd"),
    h(doc, "span", {}, h(doc, "span", { class: "xw-key xw-key-band" }), "random-vs-random runs of the layer: mean \u00b1 2 sd (dashed: mean)"),
    h(doc, "span", { "data-role": "legend-runs" }, `\u2713 significant / \u2717 not: the TCAV paper's two-sided t-test of the runs against `
      + `the random runs, Holm-corrected p < ${alpha} (it treats the runs as independent, so even a random word set can pass it)`),
    h(doc, "span", { "data-role": "legend-set" }, `set test \u2713 / \u2717: is the concept's mean score unusual for a random set `
      + `of the same size? Calibrated, Holm-corrected p < ${alpha}; n/a: not in this result`),
    h(doc, "span", {}, `\u26a0 CAV near chance: held-out accuracy < ${chance}, the score means little`),
    h(doc, "span", {}, "click a cell for its most and least aligned examples"));
}
