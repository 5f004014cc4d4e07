// Headers: the model's prediction (local) or the method, target and data size (global).
import { h } from "../shared/dom.js";
import { formatPercent, formatScore } from "../shared/format.js";
import { labelOf } from "./state.js";

export function renderLocalHeader(doc, state) {
  const r = state.current;
  const probs = Array.isArray(r.probabilities) ? r.probabilities : [];
  const predicted = typeof r.predicted === "number" ? r.predicted : probs.indexOf(Math.max(...probs));
  const kind = String((r.params && r.params.output) || "probability");
  const labels = Array.isArray(r.labels) ? r.labels : [];
  const title = h(doc, "div", { class: "xw-title" });
  if (predicted >= 0) {
    const v = probs[predicted];
    let main = labelOf(r, predicted);
    let aside = kind === "probability" ? formatPercent(v) : `${kind} ${formatScore(v)}`;
    if (kind !== "probability" && labels.length <= 1) [main, aside] = [formatScore(v), labels.length ? labelOf(r, predicted) : ""];
    title.append(h(doc, "span", { class: "xw-muted xw-caption" }, kind === "probability" ? "prediction" : kind),
      h(doc, "span", null, h(doc, "strong", { "data-role": "predicted" }, main),
        aside ? h(doc, "span", { class: "xw-muted", "data-role": "predicted-value" }, ` ${aside}`) : null));
  }
  if (r.model_name) title.append(h(doc, "span", { class: "xw-muted xw-caption" }, String(r.model_name)));
  const header = h(doc, "div", { class: "xw-header" }, title);
  if (kind === "probability" && probs.length > 1) {
    const bars = h(doc, "div", { class: "xw-probs", "data-role": "probabilities" });
    probs.forEach((p, i) => {
      const width = Number.isFinite(p) ? Math.max(0, Math.min(1, p)) * 100 : 0;
      bars.append(h(doc, "div", { class: ["xw-prob", i === predicted && "xw-predicted", i === state.effectiveTarget && "xw-explained"] },
        h(doc, "span", { class: "xw-prob-label" }, labelOf(r, i)),
        h(doc, "span", { class: "xw-prob-track" }, h(doc, "span", { class: "xw-prob-fill", style: { width: `${width}%` } })),
        h(doc, "span", { class: "xw-prob-value" }, formatPercent(p))));
    });
    header.append(bars);
  }
  return header;
}

export function renderGlobalHeader(doc, state) {
  const s = state.summary;
  const facts = [s.model_name && String(s.model_name), state.nRows ? `${state.nRows} rows` : null, `${state.nf} features`,
    Number.isFinite(s.base_value) ? `base value ${formatScore(s.base_value)}` : null].filter(Boolean);
  return h(doc, "div", { class: "xw-header" }, h(doc, "div", { class: "xw-title" },
    h(doc, "span", { class: "xw-muted xw-caption" }, "feature importance over a dataset"),
    h(doc, "span", null, h(doc, "strong", { "data-role": "method-label" }, state.methodLabel),
      s.target != null && s.target !== "" ? h(doc, "span", { class: "xw-muted", "data-role": "global-target" }, ` \u2192 ${String(s.target)}`) : null),
    h(doc, "span", { class: "xw-muted xw-caption" }, facts.join(" \u00b7 "))));
}
