// Which features a chart shows: ranking by |score| (local) or by importance (global), the top k and the rest,
// which is folded into one "N other features" item; and the feature labels ("name = value").

/** Indices by descending key(i); non-finite keys last; ties keep index order. */
export function orderBy(n, key) {
  const idx = Array.from({ length: n }, (_, i) => i);
  const k = idx.map((i) => {
    const v = key(i);
    return Number.isFinite(v) ? v : -Infinity;
  });
  return idx.sort((a, b) => (k[b] - k[a]) || a - b);
}

/** Feature indices from the largest |score| to the smallest (NaN last). */
export const orderByMagnitude = (scores) => orderBy(scores.length, (i) => Math.abs(scores[i]));

/** { shown: the first k of order, rest: the others }. */
export function split(order, k) {
  const n = Math.max(1, Math.trunc(k) || 1);
  return { shown: order.slice(0, n), rest: order.slice(n) };
}

/** Sum of the finite values[i] for i in indices. */
export function sumOf(values, indices) {
  let s = 0;
  for (const i of indices) if (Number.isFinite(values[i])) s += values[i];
  return s;
}

export const otherLabel = (m) => `${m} other feature${m === 1 ? "" : "s"}`;

/** A feature value for display: numbers with 4 significant digits, missing values as "missing". */
export function formatValue(v) {
  if (v == null || (typeof v === "number" && Number.isNaN(v))) return "missing";
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
    if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
    const a = Math.abs(v);
    return a !== 0 && (a < 1e-4 || a >= 1e15) ? v.toExponential(3).replace(/\.?0+e/, "e") : String(Number(v.toPrecision(4)));
  }
  return String(v);
}

/** "name = value" where the row's values are known, else the name. */
export const featureLabel = (name, values, i) => (Array.isArray(values) ? `${name} = ${formatValue(values[i])}` : name);
