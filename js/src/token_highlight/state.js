// Pure view state of the token highlight widget, derived from the model's traits.
import { maxAbs, rankByMagnitude, toNumbers } from "../shared/scores.js";

const toInt = (v, fallback) => (typeof v === "number" && Number.isFinite(v) ? Math.trunc(v) : fallback);

export const labelOf = (result, t) => (result && Array.isArray(result.labels) && result.labels[t] != null ? String(result.labels[t]) : `class ${t}`);

export const methodLabelOf = (result) => String(result.method_label || result.method || "attribution");

/**
 * One displayed row of tokens: a result with the scores of one target.
 * target < 0 picks the result's first target; a target the result has no scores for gives missing: true.
 */
export function makePanel(result, index, target) {
  const tokens = Array.isArray(result.tokens) ? result.tokens.map((t) => (t == null ? "" : String(t))) : [];
  const n = tokens.length;
  const targets = Array.isArray(result.targets) ? result.targets : [];
  const k = target < 0 ? (targets.length ? 0 : -1) : targets.indexOf(target);
  const special = tokens.map((_, i) => Boolean(result.special && result.special[i]));
  const wordStart = tokens.map((_, i) => !(result.word_start && result.word_start[i] === false));
  const panel = {
    result, index, tokens, special, wordStart,
    methodLabel: methodLabelOf(result),
    signed: result.signed !== false,
    target: k >= 0 ? targets[k] : target,
    missing: k < 0,
    scores: null, max: 0, ranks: new Array(n).fill(null), total: 0,
  };
  panel.targetLabel = labelOf(result, panel.target);
  if (k >= 0) {
    const scores = toNumbers(Array.isArray(result.scores) ? result.scores[k] : null, n);
    const { ranks, total } = rankByMagnitude(scores, special);
    Object.assign(panel, { scores, max: maxAbs(scores, special), ranks, total });
  }
  return panel;
}

/** Everything the view needs, from the traits: results, method_index, target, view, theme. */
export function readState(model) {
  const raw = model.get("results");
  const results = Array.isArray(raw) ? raw.filter((r) => r && typeof r === "object") : [];
  const n = results.length;
  const methodIndex = Math.min(Math.max(toInt(model.get("method_index"), 0), 0), Math.max(n - 1, 0));
  const view = model.get("view") === "grid" && n > 1 ? "grid" : "single";
  const target = toInt(model.get("target"), -1);
  const themeRaw = model.get("theme");
  const theme = themeRaw === "light" || themeRaw === "dark" ? themeRaw : "auto";
  const current = results[methodIndex] || null;
  const shown = view === "grid" ? results.map((r, i) => [r, i]) : current ? [[current, methodIndex]] : [];
  const panels = shown.map(([r, i]) => makePanel(r, i, target));

  const targetOptions = [];
  for (const [r] of shown) for (const t of r.targets || []) if (!targetOptions.includes(t)) targetOptions.push(t);
  if (target >= 0 && !targetOptions.includes(target)) targetOptions.push(target);
  const effectiveTarget = target >= 0 ? target : panels.length ? panels[0].target : -1;

  return { results, n, methodIndex, view, target, theme, current, panels, targetOptions, effectiveTarget };
}
