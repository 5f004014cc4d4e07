// Pure view state of the feature importance widget, derived from the model's traits: local (attributions of one
// table row, one panel per shown method) or global (importances over a dataset, with per-row values).
import { readResults, toInt } from "../shared/results_traits.js";
import { rankByMagnitude, toNumbers } from "../shared/scores.js";
import { featureLabel, formatValue, orderBy, orderByMagnitude, otherLabel, split, sumOf } from "./ranking.js";

const num = (v) => (typeof v === "number" && Number.isFinite(v) ? v : NaN);

export const labelOf = (result, t) => (result && Array.isArray(result.labels) && result.labels[t] != null ? String(result.labels[t]) : `class ${t}`);
export const methodLabelOf = (r) => String((r && (r.method_label || r.method)) || "attribution");

function common(model) {
  const themeRaw = model.get("theme");
  const mf = toInt(model.get("max_features"), 12);
  return { theme: themeRaw === "light" || themeRaw === "dark" ? themeRaw : "auto", maxFeatures: mf >= 1 ? mf : 12 };
}

/** What the scores of a result explain: "p(positive)", "prediction", "logit of positive". */
export function outputName(result, targetLabel) {
  const kind = String((result.params && result.params.output) || "probability");
  if (kind === "probability") return `p(${targetLabel})`;
  return (result.labels || []).length > 1 ? `${kind} of ${targetLabel}` : kind;
}

/** One result with the scores of one target (target < 0: its first target; missing: no scores for it). */
export function makePanel(result, index, target) {
  const names = (Array.isArray(result.tokens) ? result.tokens : []).map((t) => (t == null ? "" : String(t)));
  const n = names.length;
  const targets = Array.isArray(result.targets) ? result.targets : [];
  const k = target < 0 ? (targets.length ? 0 : -1) : targets.indexOf(target);
  const values = Array.isArray(result.feature_values) ? result.feature_values : null;
  const panel = {
    result, index, names, values, n, k,
    methodLabel: methodLabelOf(result),
    signed: result.signed !== false,
    target: k >= 0 ? targets[k] : target,
    missing: k < 0,
    scores: new Array(n).fill(NaN), ranks: new Array(n).fill(null), total: 0, base: NaN, output: NaN,
  };
  panel.targetLabel = labelOf(result, panel.target);
  panel.outputName = outputName(result, panel.targetLabel);
  panel.labels = names.map((name, i) => featureLabel(name, values, i));
  if (k >= 0) {
    panel.scores = toNumbers(Array.isArray(result.scores) ? result.scores[k] : null, n);
    Object.assign(panel, rankByMagnitude(panel.scores));
    panel.base = Array.isArray(result.base_values) ? num(result.base_values[k]) : NaN;
    // the model's output in the unit the scores explain: the probability / prediction, or (log-odds, logits of
    // TreeSHAP on boosting or of linear contributions) the method's own record of it; else none to check against
    const unit = (result.params || {}).output;
    const recorded = ((result.diagnostics || {}).model_output || [])[k];
    panel.output = !unit || unit === "probability" || unit === "prediction"
      ? (Array.isArray(result.probabilities) ? num(result.probabilities[panel.target]) : NaN)
      : num(recorded);
  }
  return panel;
}

/** The chart items of a panel: the shown features, then the rest folded into one item (summed score). */
export function panelItems(panel, shown, rest) {
  const items = shown.map((i) => ({ kind: "feature", index: i, score: panel.scores[i], label: panel.labels[i], name: panel.names[i],
    valueText: panel.values ? formatValue(panel.values[i]) : null }));
  if (rest.length) {
    items.push({ kind: "other", index: -1, indices: rest, score: sumOf(panel.scores, rest), label: otherLabel(rest.length),
      name: otherLabel(rest.length) });
  }
  return items;
}

/** Local mode: results, method_index, target, view, chart, max_features, theme. */
export function readLocal(model) {
  const { results, n, methodIndex, view, target, current, shown } = readResults(model);
  const panels = shown.map(([r, i]) => makePanel(r, i, target));
  const main = panels.find((p) => p.index === methodIndex) || panels[0] || null;
  // the features and their order come from the selected method (or the first one with scores), for every panel
  const ref = main && !main.missing ? main : panels.find((p) => !p.missing) || main;
  const { shown: top, rest } = split(ref ? orderByMagnitude(ref.scores) : [], common(model).maxFeatures);
  for (const p of panels) p.items = panelItems(p, top, rest);

  const targetOptions = [];
  for (const [r] of shown) for (const t of r.targets || []) if (!targetOptions.includes(t)) targetOptions.push(t);
  if (target >= 0 && !targetOptions.includes(target)) targetOptions.push(target);
  const effectiveTarget = target >= 0 ? target : main ? main.target : -1;

  const canWaterfall = Boolean(view === "single" && main && !main.missing && Number.isFinite(main.base));
  const wanted = model.get("chart") === "waterfall" ? "waterfall" : "bars";
  const chart = wanted === "waterfall" && canWaterfall ? "waterfall" : "bars";
  let chartNote = null;
  if (wanted === "waterfall" && chart !== "waterfall") {
    chartNote = view === "grid" ? "the grid view compares bar charts; pick one method for its waterfall"
      : `${main ? main.methodLabel : "this method"} has no base value: showing bars (a waterfall needs an additive method, e.g. SHAP)`;
  }
  return { mode: "local", ...common(model), results, n, methodIndex, view, target, current, main, panels, targetOptions,
    effectiveTarget, chart, canWaterfall, chartNote, rest };
}

/** Global mode: summary, values / data (decoded Float32Arrays), n_rows, chart, max_features, theme. */
export function readGlobal(model, decoded) {
  const summary = model.get("summary") || {};
  const names = (Array.isArray(summary.feature_names) ? summary.feature_names : []).map((f) => String(f));
  const nf = names.length;
  const importances = toNumbers(summary.importances, nf);
  const std = Array.isArray(summary.importances_std) ? toNumbers(summary.importances_std, nf) : null;
  const order = orderBy(nf, (i) => importances[i]);
  const ranks = new Array(nf).fill(null);
  order.forEach((i, r) => { if (Number.isFinite(importances[i])) ranks[i] = r + 1; });
  const ranked = ranks.filter((r) => r != null).length;
  const { shown, rest } = split(order, common(model).maxFeatures);

  const values = decoded.values;
  const data = decoded.data;
  const nRows = nf ? Math.max(0, Math.min(toInt(model.get("n_rows"), 0), Math.floor(values.length / nf))) : 0;
  const hasData = nRows > 0 && data.length >= nRows * nf;
  const canSwarm = nRows > 0;
  const chart = model.get("chart") === "bar" || !canSwarm ? "bar" : "beeswarm";
  const chartNote = model.get("chart") === "beeswarm" && !canSwarm ? "this method gives no per-row values: showing the bar chart" : null;

  const barItems = shown.map((i) => ({ kind: "feature", index: i, value: importances[i], std: std ? std[i] : NaN, label: names[i] }));
  if (rest.length) barItems.push({ kind: "other", index: -1, indices: rest, value: sumOf(importances, rest), std: NaN, label: otherLabel(rest.length) });
  const slots = shown.map((i) => ({ kind: "feature", index: i, label: names[i] }));
  if (rest.length) slots.push({ kind: "other", index: -1, indices: rest, label: otherLabel(rest.length) });

  return {
    mode: "global", ...common(model), summary, names, nf, importances, std, order, ranks, ranked, shown, rest,
    values, data: hasData ? data : null, nRows, canSwarm, chart, chartNote, barItems, slots,
    methodLabel: methodLabelOf(summary), importanceLabel: String(summary.importance_label || "importance"),
    signed: summary.signed !== false,
    clusters: Array.isArray(summary.clusters) && summary.clusters.length ? summary.clusters : null,
    surrogate: summary.surrogate && typeof summary.surrogate === "object" ? summary.surrogate : null,
  };
}
