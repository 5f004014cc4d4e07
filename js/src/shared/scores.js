// Score rows: cleaning, normalisation constant and ranking by magnitude.

/** Numbers from a JSON row (null / strings / missing entries become NaN), padded to length n. */
export function toNumbers(row, n = Array.isArray(row) ? row.length : 0) {
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    const v = Array.isArray(row) ? row[i] : undefined;
    out[i] = typeof v === "number" && Number.isFinite(v) ? v : NaN;
  }
  return out;
}

/** Indices that count for scaling and ranking: non-special tokens with a finite score. */
export function rankable(scores, special = []) {
  const idx = [];
  for (let i = 0; i < scores.length; i++) if (!special[i] && Number.isFinite(scores[i])) idx.push(i);
  return idx;
}

/** max |score| over non-special finite scores (over all finite scores if every token is special); 0 if none. */
export function maxAbs(scores, special = []) {
  let idx = rankable(scores, special);
  if (!idx.length) idx = rankable(scores, []);
  let m = 0;
  for (const i of idx) m = Math.max(m, Math.abs(scores[i]));
  return m;
}

/**
 * Rank (1 = largest |score|) of every non-special token with a finite score; null for the others.
 * Ties keep token order. Returns { ranks, total }.
 */
export function rankByMagnitude(scores, special = []) {
  const idx = rankable(scores, special);
  idx.sort((a, b) => Math.abs(scores[b]) - Math.abs(scores[a]) || a - b);
  const ranks = new Array(scores.length).fill(null);
  idx.forEach((i, r) => {
    ranks[i] = r + 1;
  });
  return { ranks, total: idx.length };
}
