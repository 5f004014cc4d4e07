// What the adversarial view reads from an AdversarialExample.to_json() dict, as plain data: the texts cut into
// plain and changed pieces at the offsets the example holds, the predicted classes, the decision line and the
// chart's points. Nothing here is computed that the example does not hold (no model, no scores).

const isNum = (v) => typeof v === "number" && Number.isFinite(v);
const isInt = (v) => isNum(v) && Math.trunc(v) === v;

/** The display name of class i of the example. */
export const labelOf = (data, i) => (data && Array.isArray(data.labels) && data.labels[i] != null ? String(data.labels[i]) : `class ${i}`);

/** The index of the largest probability (-1 for none). */
export function argmax(probs) {
  let best = -1;
  (Array.isArray(probs) ? probs : []).forEach((p, i) => {
    if (isNum(p) && (best < 0 || p > probs[best])) best = i;
  });
  return best;
}

/** The decision line of the chart: 0.5 for two classes, 1/C for C classes. */
export function threshold(data) {
  const C = Array.isArray(data.labels) ? data.labels.length : 0;
  return C > 2 ? 1 / C : 0.5;
}

/**
 * The text of ``which`` ("original" or "adversarial") as pieces {text, change} in text order: change is the index
 * (into data.changes) of the changed word a piece is, -1 for unchanged text. Offsets out of the text, overlapping or
 * missing are skipped (their words are then shown unmarked): as AdversarialExample.marked() for valid examples.
 */
export function markedPieces(data, which = "adversarial") {
  const text = String((which === "original" ? data.original : data.adversarial) ?? "");
  const [ks, ke] = which === "original" ? ["start", "end"] : ["adv_start", "adv_end"];
  const changes = (Array.isArray(data.changes) ? data.changes : [])
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => c && isInt(c[ks]) && isInt(c[ke]) && c[ks] >= 0 && c[ks] <= c[ke] && c[ke] <= text.length)
    .sort((a, b) => a.c[ks] - b.c[ks] || a.i - b.i);
  const out = [];
  let at = 0;
  for (const { c, i } of changes) {
    if (c[ks] < at) continue; // overlaps the previous change
    if (c[ks] > at) out.push({ text: text.slice(at, c[ks]), change: -1 });
    if (c[ke] > c[ks]) out.push({ text: text.slice(c[ks], c[ke]), change: i });
    at = c[ke];
  }
  if (at < text.length) out.push({ text: text.slice(at), change: -1 });
  return out;
}

/** "old \u2192 new" of change i. */
export function changeText(data, i) {
  const c = (data.changes || [])[i] || {};
  return `${String(c.old ?? "")} \u2192 ${String(c.new ?? "")}`;
}

/**
 * The chart of the probability of the original class after each step: points {step, probability, x, y, text,
 * prediction} in a width x height box with margins, the y of the decision line, and the axes' extent.
 */
export function chartGeometry(data, { width = 360, height = 170, left = 40, right = 12, top = 12, bottom = 34 } = {}) {
  const steps = (Array.isArray(data.steps) ? data.steps : []).filter((s) => s && isNum(s.probability));
  const plotW = width - left - right, plotH = height - top - bottom;
  const n = steps.length;
  const x = (i) => (n > 1 ? left + (i * plotW) / (n - 1) : left + plotW / 2);
  const y = (p) => top + (1 - Math.max(0, Math.min(1, p))) * plotH;
  const points = steps.map((s, i) => ({ step: i, probability: s.probability, x: x(i), y: y(s.probability),
    text: String(s.text ?? ""), prediction: s.prediction, positions: Array.isArray(s.positions) ? s.positions : [] }));
  const t = threshold(data);
  return { width, height, left, right, top, bottom, plotW, plotH, points, threshold: t, thresholdY: y(t), y0: y(0), y1: y(1) };
}

/** The prediction of a step (a label name or a class index in the JSON) as a display name. */
export function predictionName(data, prediction) {
  if (isInt(prediction)) return labelOf(data, prediction);
  return prediction == null ? "?" : String(prediction);
}
