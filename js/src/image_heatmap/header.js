// Header: the model's prediction (label and probability), the explained class, and the largest probabilities as
// bars (an image model has many classes: the top five, and the explained class where it is not among them).
import { h } from "../shared/dom.js";
import { formatPercent, formatScore } from "../shared/format.js";
import { labelOf } from "./state.js";

export const TOP_K = 5;

const finite = (v) => typeof v === "number" && Number.isFinite(v);

export function renderHeader(doc, state) {
  const r = state.current;
  const probs = Array.isArray(r.probabilities) ? r.probabilities.map((p) => (finite(p) ? p : NaN)) : [];
  let predicted = typeof r.predicted === "number" ? r.predicted : -1;
  if (predicted < 0 && probs.length) predicted = probs.reduce((best, p, i) => (p > probs[best] ? i : best), 0);
  const sum = probs.reduce((a, p) => a + (finite(p) ? p : 0), 0);
  const isProb = probs.length > 1 && Math.abs(sum - 1) < 1e-3;
  const show = (p) => (isProb ? formatPercent(p) : formatScore(p));

  const title = h(doc, "div", { class: "xw-title" });
  if (predicted >= 0) {
    title.append(
      h(doc, "span", { class: "xw-muted xw-caption" }, "prediction"),
      h(doc, "span", null,
        h(doc, "strong", { "data-role": "predicted" }, labelOf(r, predicted)),
        probs[predicted] != null ? h(doc, "span", { class: "xw-muted", "data-role": "predicted-value" }, ` ${show(probs[predicted])}`) : null),
    );
  }
  if (state.effectiveTarget >= 0) {
    const t = state.effectiveTarget;
    title.append(h(doc, "span", { class: "xw-caption" }, h(doc, "span", { class: "xw-muted" }, "explaining "),
      h(doc, "span", { "data-role": "explained" }, labelOf(r, t)),
      probs[t] != null && t !== predicted ? h(doc, "span", { class: "xw-muted" }, ` (${show(probs[t])})`) : null));
  }
  if (r.model_name) title.append(h(doc, "span", { class: "xw-muted xw-model" }, String(r.model_name)));
  const header = h(doc, "div", { class: "xw-header" }, title);

  if (probs.length > 1) {
    const order = probs.map((_, i) => i).sort((a, b) => (probs[b] || 0) - (probs[a] || 0) || a - b);
    const top = order.slice(0, TOP_K);
    const t = state.effectiveTarget;
    const extra = t >= 0 && t < probs.length && !top.includes(t) ? t : -1;
    const bars = h(doc, "div", { class: "xw-probs", "data-role": "probabilities",
      "aria-label": probs.length > TOP_K ? `top ${TOP_K} of ${probs.length} classes` : "class probabilities" });
    const bar = (i) => {
      const p = probs[i];
      const width = isProb && finite(p) ? Math.max(0, Math.min(1, p)) * 100 : 0;
      return h(doc, "div", { class: ["xw-prob", i === predicted && "xw-predicted", i === t && "xw-explained"], "data-label-index": i },
        h(doc, "span", { class: "xw-prob-label" }, labelOf(r, i)),
        h(doc, "span", { class: "xw-prob-track" }, h(doc, "span", { class: "xw-prob-fill", style: { width: `${width}%` } })),
        h(doc, "span", { class: "xw-prob-value" }, show(p)));
    };
    top.forEach((i) => bars.append(bar(i)));
    if (extra >= 0) bars.append(h(doc, "div", { class: "xw-prob-gap", "aria-hidden": "true" }, "\u22ee"), bar(extra));
    if (probs.length > top.length + (extra >= 0 ? 1 : 0)) {
      bars.append(h(doc, "div", { class: "xw-muted xw-prob-more" }, `top ${top.length} of ${probs.length} classes`));
    }
    header.append(bars);
  }
  return header;
}
