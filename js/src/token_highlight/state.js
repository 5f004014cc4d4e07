// Pure view state of the token highlight widget, derived from the model's traits.
import { labelOf, methodLabelOf, readResults, toInt } from "../shared/results_traits.js";

export { labelOf, methodLabelOf };
import { maxAbs, rankByMagnitude, toNumbers } from "../shared/scores.js";


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
  const { results, n, methodIndex, view, target, current, shown } = readResults(model);
  const themeRaw = model.get("theme");
  const theme = themeRaw === "light" || themeRaw === "dark" ? themeRaw : "auto";
  const panels = shown.map(([r, i]) => makePanel(r, i, target));

  const targetOptions = [];
  for (const [r] of shown) for (const t of r.targets || []) if (!targetOptions.includes(t)) targetOptions.push(t);
  if (target >= 0 && !targetOptions.includes(target)) targetOptions.push(target);
  const effectiveTarget = target >= 0 ? target : panels.length ? panels[0].target : -1;

  return { results, n, methodIndex, view, target, theme, current, panels, targetOptions, effectiveTarget };
}
