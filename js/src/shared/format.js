// Number formatting shared by the widgets.

function trimZeros(s) {
  // "1.20e-5" -> "1.2e-5", "1.00e+6" -> "1e+6"
  return s.replace(/(\.\d*?)0+(?=$|e)/, "$1").replace(/\.(?=$|e)/, "");
}

/**
 * A score with 3 significant digits: "0.123", "-12.3", "1.23e-5" for tiny and "4.56e+6" for huge magnitudes,
 * "0" for zero and "n/a" for missing or non-finite values. { sign: true } prefixes positive values with "+".
 */
export function formatScore(x, { digits = 3, sign = false } = {}) {
  const v = x == null ? NaN : Number(x);
  if (!Number.isFinite(v)) return "n/a";
  if (v === 0) return "0";
  const a = Math.abs(v);
  const text = a < 1e-3 || a >= 1e4 ? trimZeros(a.toExponential(digits - 1)) : String(Number(a.toPrecision(digits)));
  return (v < 0 ? "-" : sign ? "+" : "") + text;
}

/** A probability in [0, 1] as a percentage: "98.2%", "<0.1%", ">99.9%". */
export function formatPercent(p) {
  const v = p == null ? NaN : Number(p);
  if (!Number.isFinite(v)) return "n/a";
  if (v > 0 && v < 0.001) return "<0.1%";
  if (v < 1 && v > 0.999) return ">99.9%";
  return `${(v * 100).toFixed(1)}%`;
}

/** "rank 2 of 5" */
export const formatRank = (rank, total) => `rank ${rank} of ${total}`;
