// Pure helpers of the example gallery: the rows of an ExampleSet.to_json() dict (rank within its kind, as
// ExampleSet.to_pandas() numbers them), their distinct kinds, sorting, filtering and the score bar's scale.
// No DOM here.

const str = (v) => (v == null ? "" : String(v));
const num = (v) => (typeof v === "number" && Number.isFinite(v) ? v : NaN);
const at = (arr, i) => (Array.isArray(arr) ? arr[i] : undefined);

/** The columns of the table, in order: key, header text, the direction of a first click on the header. */
export const COLUMNS = [
  { key: "rank", title: "rank", first: "asc" },
  { key: "text", title: "text", first: "asc" },
  { key: "label", title: "label", first: "asc" },
  { key: "prediction", title: "prediction", first: "asc" },
  { key: "score", title: "score", first: "desc" },
  { key: "kind", title: "kind", first: "asc" },
];

/**
 * One object per example, in the result's order: row (its position), rank (1-based within its kind), index (in
 * the training set), text, label, prediction, score (NaN when missing), kind, misclassified (label and prediction
 * both given and different).
 */
export function readRows(data) {
  const texts = Array.isArray(data && data.texts) ? data.texts : [];
  const seen = new Map();
  return texts.map((t, row) => {
    const kind = str(at(data.kinds, row));
    seen.set(kind, (seen.get(kind) || 0) + 1);
    const label = str(at(data.example_labels, row));
    const prediction = str(at(data.predictions, row));
    const index = at(data.indices, row);
    return {
      row, rank: seen.get(kind), index: typeof index === "number" ? index : null, text: str(t), label, prediction,
      score: num(at(data.scores, row)), kind, misclassified: label !== "" && prediction !== "" && label !== prediction,
    };
  });
}

/** The distinct kinds in order of first appearance. */
export const distinctKinds = (rows) => [...new Set(rows.map((r) => r.kind))];

const collator = typeof Intl !== "undefined" && Intl.Collator ? new Intl.Collator(undefined, { numeric: true, sensitivity: "base" }) : null;
const compareText = (a, b) => (collator ? collator.compare(a, b) : a < b ? -1 : a > b ? 1 : 0);

/**
 * The rows sorted by column ``key`` ("rank", "text", "label", "prediction", "score", "kind"; null: the result's
 * order) in direction ``dir`` ("asc" | "desc"). Ties keep the result's order; missing scores go last either way.
 */
export function sortRows(rows, key, dir = "asc") {
  const out = rows.slice();
  if (!key) return out;
  const sign = dir === "desc" ? -1 : 1;
  out.sort((a, b) => {
    let c = 0;
    if (key === "score") {
      const ma = Number.isNaN(a.score), mb = Number.isNaN(b.score);
      if (ma !== mb) return ma ? 1 : -1;
      c = ma ? 0 : sign * (a.score - b.score);
    } else if (key === "rank") c = sign * (a.rank - b.rank);
    else c = sign * compareText(String(a[key]), String(b[key]));
    return c || a.row - b.row;
  });
  return out;
}

/**
 * The rows that pass the filter: kind not in ``hidden`` (a Set of kinds), the text containing ``search`` (case
 * insensitive; blank: any), and misclassified when ``misclassifiedOnly``.
 */
export function filterRows(rows, { hidden = new Set(), search = "", misclassifiedOnly = false } = {}) {
  const q = String(search || "").trim().toLocaleLowerCase();
  return rows.filter((r) => !hidden.has(r.kind) && (!misclassifiedOnly || r.misclassified)
    && (!q || r.text.toLocaleLowerCase().includes(q)));
}

/** The score bar's scale: max |score| over the rows and whether any score is negative (a centred bar then). */
export function scoreScale(rows) {
  let max = 0, signed = false;
  for (const r of rows) {
    if (Number.isNaN(r.score)) continue;
    max = Math.max(max, Math.abs(r.score));
    if (r.score < 0) signed = true;
  }
  return { max, signed };
}

/**
 * The bar of a score as CSS percentages of its track: { left, width, sign }. Signed scales grow from the centre
 * (positive to the right), unsigned ones from the left.
 */
export function scoreBar(score, { max, signed }) {
  if (Number.isNaN(score) || !(max > 0)) return { left: signed ? 50 : 0, width: 0, sign: 0 };
  const f = Math.min(1, Math.abs(score) / max);
  const sign = Math.sign(score);
  if (!signed) return { left: 0, width: f * 100, sign };
  return { left: score < 0 ? 50 - f * 50 : 50, width: f * 50, sign };
}

// Colour slots of the kind badges: the kinds the example methods write get fixed slots, any other kind (such as
// "cluster 3") the next free one in order of appearance.
const KNOWN = { proponent: 0, opponent: 1, prototype: 2, criticism: 3, "self-influence": 4 };
export const KIND_SLOTS = 8;

/** kind -> colour slot 0..KIND_SLOTS-1. */
export function kindSlots(kinds) {
  const out = new Map();
  const used = new Set();
  for (const k of kinds) if (k in KNOWN) { out.set(k, KNOWN[k]); used.add(KNOWN[k]); }
  let next = 0;
  for (const k of kinds) {
    if (out.has(k)) continue;
    while (used.has(next % KIND_SLOTS) && used.size < KIND_SLOTS) next++;
    out.set(k, next % KIND_SLOTS);
    used.add(next % KIND_SLOTS);
    next++;
  }
  return out;
}

const TITLES = {
  influence: "Influential training examples",
  self_influence: "Self-influence: the training examples the model fits worst",
  prototypes: "Prototypes and criticisms",
  clusters: "Clusters of the text representations",
};

/** The title of a result kind ("influence" -> "Influential training examples"; any other kind as it is). */
export const kindTitle = (kind) => TITLES[str(kind)] || str(kind) || "Examples";

const SCORE_HELP = {
  knn: "score: cosine similarity of the example's representation with the query's",
  tracin: "score: TracIn, the sum over checkpoints of lr \u00d7 the dot product of the loss gradients; positive: a proponent (training on it lowers the query's loss), negative: an opponent",
  representer: "score: the representer value of the example for the predicted class (the values add up to the refit logit)",
  influence_function: "score: influence function, grad L(query)\u1d40 H\u207b\u00b9 grad L(example); positive: a proponent, negative: an opponent",
  mmd_critic: "score: the witness function at the example (the data's kernel density minus the prototypes'); criticisms are where it is largest in magnitude",
};

/** A line explaining the score column for a result (its method and kind). */
export function scoreHelp(data) {
  if (data.kind === "self_influence") return "score: self-influence (TracIn of the example with itself); high: the model fits it worst, often a label error";
  return SCORE_HELP[str(data.method)] || `score: ${str(data.method) || "the method"}'s score`;
}

/** "k=10, layers=top" from the scalar entries of a params dict (nested values are left out). */
export function paramsText(params) {
  if (!params || typeof params !== "object") return "";
  return Object.entries(params).filter(([, v]) => v == null || ["string", "number", "boolean"].includes(typeof v))
    .map(([k, v]) => `${k}=${v}`).join(", ");
}
