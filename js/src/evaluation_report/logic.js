// Pure helpers of the evaluation report: row sorting, best values, formatting, SVG paths. No DOM here.

/** The value of one table row for a sort key: a metric name, "seconds" or "method". */
export function rowValue(row, key) {
  if (key === "method") return row.method;
  if (key === "seconds") return row.seconds;
  return row.values ? row.values[key] : null;
}

/**
 * Rows sorted by key ("" keeps the given order). desc: larger first. Missing values always go last; ties keep
 * the given order.
 */
export function sortRows(rows, key, desc) {
  const indexed = rows.map((r, i) => [r, i]);
  if (!key) return rows.slice();
  indexed.sort(([a, i], [b, j]) => {
    const va = rowValue(a, key);
    const vb = rowValue(b, key);
    const ma = va == null || (typeof va === "number" && !Number.isFinite(va));
    const mb = vb == null || (typeof vb === "number" && !Number.isFinite(vb));
    if (ma !== mb) return ma ? 1 : -1;
    if (ma && mb) return i - j;
    let c = typeof va === "string" ? va.localeCompare(vb) : va - vb;
    if (desc) c = -c;
    return c || i - j;
  });
  return indexed.map(([r]) => r);
}

/** The method with the best value of a metric (by its direction), or null. */
export function bestMethod(rows, metric) {
  let best = null;
  let bestValue = null;
  for (const r of rows) {
    const v = rowValue(r, metric.name);
    if (v == null || !Number.isFinite(v)) continue;
    if (bestValue == null || (metric.higher_is_better ? v > bestValue : v < bestValue)) {
      best = r.method;
      bestValue = v;
    }
  }
  return best;
}

/** Next (sort_by, sort_desc) after a click on a column header: a new column sorts best first, the same toggles. */
export function nextSort(current, desc, key, metric) {
  if (current === key) return [key, !desc];
  if (key === "method") return [key, false];
  if (key === "seconds") return [key, false];
  return [key, metric ? Boolean(metric.higher_is_better) : true];
}

/** Fixed, distinguishable line colours (colour-blind friendly order: Okabe-Ito, then a few more). */
export const LINE_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000", "#F0E442",
  "#7f7f7f", "#8c564b"];
/** The same order on a dark background: black becomes a light grey, the two dark ones are lightened. */
export const LINE_COLOURS_DARK = ["#3d9be0", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#d0d7de", "#F0E442",
  "#a0a0a0", "#b07a6a"];

/** The line colour of the i-th method for a palette ("light" | "dark"). */
export function lineColour(i, palette = "light") {
  const list = palette === "dark" ? LINE_COLOURS_DARK : LINE_COLOURS;
  return list[Math.max(0, i) % list.length];
}

const VOWEL = /[aeiouy]/;

/**
 * A long lowercase word with soft hyphens (U+00AD) at syllable-like breaks (V-CV and VC-CV), grouped so that no
 * piece is longer than ``max`` letters: "comprehensiveness" -> "compre-hensive-ness" (the hyphen shows only where
 * the line breaks). Words of at most ``minLength`` letters, or with anything but a-z, are returned as they are.
 */
export function softHyphenate(word, { max = 8, minLength = 10 } = {}) {
  if (word.length <= minLength || !/^[a-z]+$/.test(word)) return word;
  const v = (i) => VOWEL.test(word[i]);
  const cuts = [];
  for (let p = 2; p <= word.length - 2; p++) {
    const vcv = v(p - 1) && !v(p) && v(p + 1);
    const vccv = !v(p - 1) && !v(p) && p >= 2 && v(p - 2) && v(p + 1);
    if (vcv || vccv) cuts.push(p);
  }
  const syllables = [];
  let start = 0;
  for (const c of [...cuts, word.length]) {
    syllables.push(word.slice(start, c));
    start = c;
  }
  const pieces = [];
  for (const syl of syllables) {
    const last = pieces.length - 1;
    if (last >= 0 && pieces[last].length + syl.length <= max) pieces[last] += syl;
    else pieces.push(syl);
  }
  return pieces.join("\u00ad");
}

/**
 * A column header split where it may wrap: after each "_" (the caller puts a <wbr> between the parts), long
 * lowercase words soft-hyphenated; spaces wrap by themselves. Joining the parts and removing the
 * soft hyphens gives the text back.
 */
export function headerParts(text) {
  const parts = String(text).split(/(?<=_)/).filter((p) => p !== "");
  return parts.map((p) => p.split(/(\s+)/).map((w) => (/\s/.test(w) ? w : w.replace(/[a-z]+/g, (m) => softHyphenate(m)))).join(""));
}

/** SVG polyline points "x,y x,y" of ys over xs, mapped into a box (x0, y0, w, h) with y in [ymin, ymax]. */
export function polylinePoints(xs, ys, box, ymin = 0, ymax = 1) {
  const span = ymax - ymin || 1;
  const pts = [];
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    if (ys[i] == null || !Number.isFinite(ys[i])) continue;
    const x = box.x + xs[i] * box.w;
    const y = box.y + box.h - ((ys[i] - ymin) / span) * box.h;
    pts.push(`${x.toFixed(1)},${y.toFixed(1)}`);
  }
  return pts.join(" ");
}
