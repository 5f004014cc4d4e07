// Beeswarm layout (pure, no DOM): one row per slot (a feature, or the folded rest whose per-row values are
// summed), every data row a dot at x = its attribution, stacked around the row's centre line by density
// (binned by dot width, alternately above and below, squeezed to fit the row); colour buckets of the feature
// value (per feature 5-95 % range, low blue -> high red, missing grey); and a uniform grid for hit-testing.
// Point p = slot * nRows + row.

export const BUCKETS = 32; // colour buckets 0..BUCKETS; MISSING for no feature value
export const MISSING = 255;
export const LOW = [0, 139, 251];
export const HIGH = [255, 0, 81];
export const GREY = [150, 150, 150];

/** Colour of bucket q (0..BUCKETS, or MISSING) as [r, g, b]. */
export function bucketRgb(q) {
  if (q === MISSING) return GREY;
  const t = q / BUCKETS;
  return LOW.map((c, i) => Math.round(c + (HIGH[i] - c) * t));
}

/** The p-th percentile (0..100) of sorted finite values, with linear interpolation (numpy's default). */
export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  const x = (sorted.length - 1) * p / 100;
  const i = Math.floor(x);
  return i + 1 < sorted.length ? sorted[i] + (sorted[i + 1] - sorted[i]) * (x - i) : sorted[i];
}

/** [lo, hi]: the 5 and 95 % of the finite values of column j of a row-major [nRows, nf] array. */
export function columnRange(data, nRows, nf, j) {
  const col = new Float64Array(nRows);
  let m = 0;
  for (let r = 0; r < nRows; r++) {
    const v = data[r * nf + j];
    if (Number.isFinite(v)) col[m++] = v;
  }
  const sorted = col.subarray(0, m).sort(); // typed arrays sort numerically
  return [percentile(sorted, 5), percentile(sorted, 95)];
}

/** Colour bucket of feature value v in [lo, hi] (hi <= lo: the middle; non-finite: MISSING). */
export function bucketOf(v, lo, hi) {
  if (!Number.isFinite(v) || !Number.isFinite(lo)) return MISSING;
  const t = hi > lo ? (v - lo) / (hi - lo) : 0.5;
  return Math.round(Math.max(0, Math.min(1, t)) * BUCKETS);
}

/**
 * swarmLayout({ values, data, nRows, nFeatures, slots, width, rowHeight, radius }) -> layout
 * values / data: Float32Array [nRows * nFeatures] (data may be null: every dot grey).
 */
export function swarmLayout({ values, data = null, nRows, nFeatures, slots, width, rowHeight = 28, radius = 2.5 }) {
  const nSlots = slots.length;
  const count = nSlots * nRows;
  const vals = new Float32Array(count);
  const colour = new Uint8Array(count).fill(MISSING);
  let lo = 0;
  let hi = 0;
  slots.forEach((slot, s) => {
    const off = s * nRows;
    let range = null;
    if (data && slot.kind === "feature") range = columnRange(data, nRows, nFeatures, slot.index);
    for (let r = 0; r < nRows; r++) {
      let v;
      if (slot.kind === "feature") v = values[r * nFeatures + slot.index];
      else {
        v = 0;
        for (const j of slot.indices) {
          const x = values[r * nFeatures + j];
          if (Number.isFinite(x)) v += x;
        }
      }
      vals[off + r] = v;
      if (Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      if (range) colour[off + r] = bucketOf(data[r * nFeatures + slot.index], range[0], range[1]);
    }
  });
  if (hi - lo <= 0) [lo, hi] = lo === 0 && hi === 0 ? [-1, 1] : [lo - 1, hi + 1];
  const pad = (hi - lo) * 0.03;
  const domain = [lo - pad, hi + pad];
  const inner = Math.max(1, width - 2 * radius);
  const xOf = (v) => radius + ((v - domain[0]) / (domain[1] - domain[0])) * inner;

  const px = new Float32Array(count);
  const py = new Float32Array(count);
  const valid = new Uint8Array(count);
  const binW = 2 * radius;
  const nBins = Math.ceil(width / binW) + 1;
  const half = Math.max(0, rowHeight / 2 - radius - 1);
  const counts = new Int32Array(nBins);
  const seen = new Int32Array(nBins);
  let nValid = 0;
  for (let s = 0; s < nSlots; s++) {
    const off = s * nRows;
    counts.fill(0);
    seen.fill(0);
    for (let r = 0; r < nRows; r++) {
      const v = vals[off + r];
      if (!Number.isFinite(v)) continue;
      const x = xOf(v);
      px[off + r] = x;
      counts[Math.min(nBins - 1, Math.floor(x / binW))] += 1;
    }
    const centre = s * rowHeight + rowHeight / 2;
    for (let r = 0; r < nRows; r++) {
      const p = off + r;
      if (!Number.isFinite(vals[p])) continue;
      const b = Math.min(nBins - 1, Math.floor(px[p] / binW));
      const k = seen[b]++;
      const levels = Math.ceil((counts[b] - 1) / 2);
      const step = levels > 0 ? Math.min(radius * 1.7, half / levels) : 0;
      const level = Math.ceil(k / 2);
      py[p] = centre + (k % 2 ? 1 : -1) * level * step;
      valid[p] = 1;
      nValid += 1;
    }
  }

  const layout = { count, nValid, nRows, nSlots, slots, vals, colour, px, py, valid, width, rowHeight, radius, domain,
    height: nSlots * rowHeight, xOf };
  layout.grid = hitGrid(layout);
  layout.pointOf = (slot, row) => {
    const p = slot * nRows + row;
    return slot >= 0 && slot < nSlots && row >= 0 && row < nRows && valid[p] ? { x: px[p], y: py[p], p } : null;
  };
  layout.hitTest = (x, y, tolerance = radius + 2) => hitTest(layout, x, y, tolerance);
  return layout;
}

/** Uniform grid of cells (size ~ a dot + margin) listing the valid points in each (counting sort). */
export function hitGrid(layout) {
  const cell = Math.max(6, Math.ceil(2 * layout.radius + 2));
  const cols = Math.ceil(layout.width / cell) + 1;
  const rows = Math.ceil(layout.height / cell) + 1;
  const start = new Int32Array(cols * rows + 1);
  const cellOf = (p) => Math.min(rows - 1, Math.max(0, Math.floor(layout.py[p] / cell))) * cols
    + Math.min(cols - 1, Math.max(0, Math.floor(layout.px[p] / cell)));
  for (let p = 0; p < layout.count; p++) if (layout.valid[p]) start[cellOf(p) + 1] += 1;
  for (let c = 0; c < cols * rows; c++) start[c + 1] += start[c];
  const fill = start.slice(0, cols * rows);
  const items = new Int32Array(layout.nValid);
  for (let p = 0; p < layout.count; p++) if (layout.valid[p]) items[fill[cellOf(p)]++] = p;
  return { cell, cols, rows, start, items };
}

/** The point nearest (x, y) within tolerance px, or -1 (ties: the lower index). */
export function hitTest(layout, x, y, tolerance) {
  const { cell, cols, rows, start, items } = layout.grid;
  const reach = Math.ceil(tolerance / cell);
  const cx = Math.floor(x / cell);
  const cy = Math.floor(y / cell);
  let best = -1;
  let bestD = tolerance * tolerance;
  for (let gy = Math.max(0, cy - reach); gy <= Math.min(rows - 1, cy + reach); gy++) {
    for (let gx = Math.max(0, cx - reach); gx <= Math.min(cols - 1, cx + reach); gx++) {
      const c = gy * cols + gx;
      for (let k = start[c]; k < start[c + 1]; k++) {
        const p = items[k];
        const dx = layout.px[p] - x;
        const dy = layout.py[p] - y;
        const d = dx * dx + dy * dy;
        if (d < bestD || (d === bestD && best >= 0 && p < best) || (d === bestD && best < 0)) {
          best = p;
          bestD = d;
        }
      }
    }
  }
  return best;
}
