// Pure helpers of the concept report: the per-cell statistics (the same as ConceptScores.to_pandas()), the
// ranking of the examples (the same as ConceptScores.aligned_examples()) and the attribution dict of one example's
// per-token sensitivity (the same as ConceptScores.token_attribution()). No DOM here.

const num = (v) => (typeof v === "number" && Number.isFinite(v) ? v : NaN);
const finite = (arr) => (Array.isArray(arr) ? arr.map(num).filter(Number.isFinite) : []);

/** Mean of the finite values (NaN when there are none). */
export function mean(arr) {
  const xs = finite(arr);
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}

/** Population standard deviation (numpy's default, ddof=0) of the finite values. */
export function std(arr) {
  const xs = finite(arr);
  if (!xs.length) return NaN;
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
}

const at = (arr, ...idx) => idx.reduce((a, i) => (Array.isArray(a) ? a[i] : undefined), arr);

export const clamp01 = (v) => Math.max(0, Math.min(1, v));

/** A label of the data: labels[t], or "class t". */
export const labelOf = (data, t) => (Array.isArray(data.labels) && data.labels[t] != null ? String(data.labels[t]) : `class ${t}`);

/** The display name of layer li: "layer <k>". */
export const layerLabel = (data, li) => `layer ${at(data.layers, li)}`;

/** Number of random runs R (from the scores' last axis, else params.random_concepts). */
export function randomRuns(data) {
  const r = at(data.scores, 0, 0);
  if (Array.isArray(r)) return r.length;
  const p = data.params && data.params.random_concepts;
  return typeof p === "number" ? p : NaN;
}

/**
 * The statistics of cell (ci, li): mean and sd of the TCAV scores over the random runs, the random band of the layer
 * (mean +- 2 sd of the random-vs-random runs), raw and Holm p-values of the TCAV paper's t-test over the runs and
 * its significance (with its direction against the random mean), the raw and Holm p-values of the set-level test
 * (p_set, p_set_holm) and its significance (significantSet: null where this result has no set test, as in older
 * JSON), the mean held-out CAV accuracy and whether it is near chance.
 */
export function cellStats(data, ci, li) {
  const runs = at(data.scores, ci, li) || [];
  const rand = at(data.random_scores, li) || [];
  const m = mean(runs), sd = std(runs), rm = mean(rand), rsd = std(rand);
  const pHolm = num(at(data.p_holm, ci, li));
  const alpha = num(data.alpha);
  const sigRaw = at(data.significant, ci, li);
  const significant = typeof sigRaw === "boolean" ? sigRaw : Number.isFinite(pHolm) && pHolm < alpha;
  // the set test: without a finite p_set_holm (older JSON, or NaN written as null) its outcome is unknown (null),
  // whatever significant_set says (ConceptScores writes false for a NaN p-value)
  const pSetHolm = num(at(data.p_set_holm, ci, li));
  const setRaw = at(data.significant_set, ci, li);
  const significantSet = !Number.isFinite(pSetHolm) ? null
    : typeof setRaw === "boolean" ? setRaw : Number.isFinite(alpha) && pSetHolm < alpha;
  const accuracy = mean(at(data.cav_accuracy, ci, li));
  const threshold = Number.isFinite(num(data.near_chance)) ? data.near_chance : 0.6;
  return {
    ci, li, runs: finite(runs).length, mean: m, sd, randomMean: rm, randomSd: rsd,
    bandLo: rm - 2 * rsd, bandHi: rm + 2 * rsd,
    p: num(at(data.p_values, ci, li)), pHolm, alpha, significant,
    pSet: num(at(data.p_set, ci, li)), pSetHolm, significantSet,
    direction: !Number.isFinite(m) || !Number.isFinite(rm) || m === rm ? 0 : m > rm ? 1 : -1,
    accuracy, nearChance: Number.isFinite(accuracy) && accuracy < threshold, threshold,
  };
}

/** Every cell's statistics, [concepts][layers]. */
export function gridStats(data) {
  const C = (data.concepts || []).length, L = (data.layers || []).length;
  return Array.from({ length: C }, (_, ci) => Array.from({ length: L }, (_, li) => cellStats(data, ci, li)));
}

/**
 * The example indices most and least aligned with the CAV of cell (ci, li), k of each: a stable sort by decreasing
 * alignment (missing values last), the least aligned read from its end (as numpy's argsort(-a)[::-1]).
 */
export function rankExamples(data, ci, li, k) {
  const a = (at(data.alignment, ci, li) || []).map(num);
  const order = a.map((_, i) => i);
  order.sort((i, j) => {
    const mi = Number.isNaN(a[i]), mj = Number.isNaN(a[j]);
    if (mi !== mj) return mi ? 1 : -1;
    return (mi ? 0 : a[j] - a[i]) || i - j;
  });
  const n = Math.max(0, Math.trunc(k) || 0);
  return { most: order.slice(0, n), least: order.slice().reverse().slice(0, n) };
}

/** Alignment and sensitivity of example i in cell (ci, li). */
export function exampleValues(data, ci, li, i) {
  return { alignment: num(at(data.alignment, ci, li, i)), sensitivity: num(at(data.sensitivity, ci, li, i)) };
}

/** WordPiece continuation pieces ("##ing") join the previous token without a space. */
export const wordStarts = (tokens) => tokens.map((t, i) => i === 0 || !String(t).startsWith("##"));

/**
 * An attribution dict (as Attribution.to_json() writes it, for the TokenHighlight view) of example i's per-token
 * sensitivity to concept ci at layer li: token t's score is grad_t f . v.
 */
export function tokenResult(data, ci, li, i) {
  const tokens = (at(data.example_tokens, i) || []).map((t) => (t == null ? "" : String(t)));
  const scores = (at(data.token_sensitivity, i, ci, li) || []).map((v) => (typeof v === "number" ? v : null));
  const probs = at(data.example_probabilities, i);
  const probabilities = Array.isArray(probs) ? probs : [];
  const predicted = probabilities.length ? probabilities.indexOf(Math.max(...probabilities.map(num).filter(Number.isFinite))) : -1;
  const concept = String(at(data.concepts, ci));
  return {
    method: "tcav_sensitivity",
    method_label: `Concept sensitivity: ${concept} (${layerLabel(data, li)})`,
    text: String(at(data.examples, i) ?? ""),
    tokens,
    special: tokens.map((_, t) => Boolean(at(data.example_special, i, t))),
    word_start: wordStarts(tokens),
    targets: [data.target],
    scores: [scores],
    signed: true,
    labels: Array.isArray(data.labels) ? data.labels : [],
    probabilities,
    predicted: predicted >= 0 ? predicted : undefined,
    model_name: data.model_name || "",
  };
}
