// Linear x scales of the charts (as fractions of the track width, so bars are placed in %), nice ticks, and the
// axis under a chart (DOM: tick labels positioned in %, with a title).
import { h } from "../shared/dom.js";
import { formatScore } from "../shared/format.js";

/** [lo, hi] over the finite values (and 0 when includeZero), widened by pad (a fraction); never empty. */
export function domainOf(values, { includeZero = true, pad = 0 } = {}) {
  let lo = includeZero ? 0 : Infinity;
  let hi = includeZero ? 0 : -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(lo <= hi)) [lo, hi] = [0, 1];
  if (lo === hi) {
    const d = Math.abs(lo) > 0 ? Math.abs(lo) * 0.1 : 1;
    lo = lo === 0 && includeZero ? 0 : lo - d;
    hi += d;
  }
  const p = (hi - lo) * pad;
  return [includeZero && lo === 0 ? 0 : lo - p, includeZero && hi === 0 ? 0 : hi + p];
}

/** Position of v in the domain, 0..1 (clamped). */
export function frac(domain, v) {
  const [lo, hi] = domain;
  const t = (v - lo) / (hi - lo);
  return Number.isFinite(t) ? Math.max(0, Math.min(1, t)) : 0;
}

export const pct = (t) => `${(t * 100).toFixed(3)}%`;

/** About `count` round tick values inside [lo, hi]. */
export function niceTicks(lo, hi, count = 5) {
  const span = hi - lo;
  if (!(span > 0) || !Number.isFinite(span)) return [lo];
  const raw = span / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) || 10 * mag;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
  return out;
}

/** The axis of a track: ticks with labels, and the axis title under them. */
export function renderAxis(doc, domain, title) {
  const ticks = h(doc, "div", { class: "xw-ticks", "aria-hidden": "true" });
  for (const v of niceTicks(domain[0], domain[1])) {
    ticks.append(h(doc, "span", { class: "xw-tick", style: { left: pct(frac(domain, v)) } }, formatScore(v)));
  }
  return h(doc, "div", { class: "xw-axis", "data-role": "axis" }, ticks,
    title ? h(doc, "div", { class: "xw-axis-title", "data-role": "axis-title" }, title) : null);
}
