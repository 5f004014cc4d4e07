// The parts of the adversarial view: the header (method, flipped or not, words changed, model calls), a text with
// its changed words marked, the list of changes (old -> new), the chart of the probability of the original class
// after each step, and both predictions. Every text is a Text node (shared/dom.js h(), svg() below).
import { h } from "../shared/dom.js";
import { formatPercent, formatScore } from "../shared/format.js";
import { argmax, chartGeometry, changeText, labelOf, markedPieces, predictionName } from "./logic.js";

const SVG_NS = "http://www.w3.org/2000/svg";

/** An SVG element (attributes set as given; strings as Text nodes). */
export function svg(doc, tag, attrs, ...children) {
  const el = doc.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v != null && v !== false) el.setAttribute(k, String(v));
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    el.appendChild(typeof c === "object" && "nodeType" in c ? c : doc.createTextNode(String(c)));
  }
  return el;
}

export function renderHeader(doc, data) {
  const success = data.success === true;
  const n = Array.isArray(data.changes) ? data.changes.length : 0;
  const calls = typeof data.calls === "number" ? data.calls : NaN;
  const items = [
    h(doc, "span", { class: ["xw-status", success ? "xw-flipped" : "xw-held"], "data-role": "status", "data-success": String(success) },
      success ? "\u2713 flipped" : "\u2717 not flipped"),
    h(doc, "span", { "data-role": "words-changed" }, h(doc, "strong", {}, String(n)), n === 1 ? " word changed" : " words changed"),
    h(doc, "span", { "data-role": "calls" }, h(doc, "strong", {}, Number.isFinite(calls) ? String(calls) : "?"),
      calls === 1 ? " model call" : " model calls"),
  ];
  const params = data.params && typeof data.params === "object" ? data.params : {};
  if (params.max_changes != null) items.push(h(doc, "span", { "data-role": "max-changes" }, `at most ${params.max_changes} changes`));
  if (data.model_name) items.push(h(doc, "span", { "data-role": "model" }, `model ${data.model_name}`));
  return [
    h(doc, "div", { class: "xw-av-title", "data-role": "title" }, `Adversarial example: ${String(data.method ?? "?")}`),
    h(doc, "div", { class: "xw-av-meta", "data-role": "meta" }, items),
  ];
}

/** The text of ``which`` with its changed words marked (class xw-old / xw-new, data-role=changed). */
export function renderMarkedText(doc, data, which, attrs = {}) {
  const box = h(doc, "div", { class: "xw-av-text", ...attrs });
  for (const piece of markedPieces(data, which)) {
    if (piece.change < 0) box.append(doc.createTextNode(piece.text));
    else {
      box.append(h(doc, which === "original" ? "del" : "mark", { class: which === "original" ? "xw-old" : "xw-new",
        "data-role": "changed", "data-change": piece.change, title: changeText(data, piece.change) }, piece.text));
    }
  }
  return box;
}

/** The changed words, in text order: "old -> new" with the word position. */
export function renderChanges(doc, data) {
  const list = h(doc, "ul", { class: "xw-av-changes", "data-role": "changes" });
  (Array.isArray(data.changes) ? data.changes : []).forEach((c, i) => {
    list.append(h(doc, "li", { "data-role": "change", "data-change": i },
      h(doc, "del", { class: "xw-old" }, String(c.old ?? "")), " \u2192 ", h(doc, "mark", { class: "xw-new" }, String(c.new ?? "")),
      c.position != null ? h(doc, "span", { class: "xw-muted" }, ` (word ${c.position})`) : null));
  });
  if (!list.childNodes.length) list.append(h(doc, "li", { class: "xw-muted", "data-role": "no-changes" }, "no word changed"));
  return list;
}

/** Original and adversarial text, each with its prediction and the probability of the original class. */
export function renderTexts(doc, data) {
  const t = typeof data.target === "number" ? data.target : 0;
  const row = (which, probs) => {
    const p = argmax(probs);
    return h(doc, "div", { class: "xw-av-row", "data-role": which },
      h(doc, "div", { class: "xw-av-label" }, which,
        h(doc, "span", { class: "xw-muted", "data-role": `${which}-prediction` },
          ` predicted ${p >= 0 ? labelOf(data, p) : "?"}, p(${labelOf(data, t)}) = ${formatPercent((probs || [])[t])}`)),
      renderMarkedText(doc, data, which, { "data-role": `${which}-text` }));
  };
  return h(doc, "div", { class: "xw-av-texts", "data-role": "texts" },
    row("original", data.original_probabilities), row("adversarial", data.adversarial_probabilities));
}

/** The SVG chart of p(original class) after each step, with the decision line. */
export function renderChart(doc, data) {
  const g = chartGeometry(data);
  const t = typeof data.target === "number" ? data.target : 0;
  const target = labelOf(data, t);
  const box = svg(doc, "svg", { class: "xw-av-chart", "data-role": "chart", width: g.width, height: g.height,
    viewBox: `0 0 ${g.width} ${g.height}`, role: "img", "aria-label": `probability of ${target} after each step` });
  const x0 = g.left, x1 = g.left + g.plotW;
  box.append(
    svg(doc, "line", { class: "xw-axis", x1: x0, y1: g.y1, x2: x0, y2: g.y0 }),
    svg(doc, "line", { class: "xw-axis", x1: x0, y1: g.y0, x2: x1, y2: g.y0 }),
    svg(doc, "text", { class: "xw-tick", x: x0 - 4, y: g.y1 + 4, "text-anchor": "end" }, "1"),
    svg(doc, "text", { class: "xw-tick", x: x0 - 4, y: g.y0 + 4, "text-anchor": "end" }, "0"),
    svg(doc, "line", { class: "xw-threshold", "data-role": "threshold", "data-value": g.threshold, x1: x0, y1: g.thresholdY,
      x2: x1, y2: g.thresholdY }),
    svg(doc, "text", { class: "xw-tick", x: x0 - 4, y: g.thresholdY + 4, "text-anchor": "end" }, formatScore(g.threshold)),
    svg(doc, "text", { class: "xw-axis-label", x: g.left + g.plotW / 2, y: g.height - 4, "text-anchor": "middle" }, "step (words changed)"),
    svg(doc, "text", { class: "xw-axis-label", x: 10, y: g.top + g.plotH / 2, "text-anchor": "middle",
      transform: `rotate(-90 10 ${g.top + g.plotH / 2})` }, `p(${target})`),
  );
  g.points.forEach((pt) => {
    box.append(svg(doc, "text", { class: "xw-tick", x: pt.x, y: g.y0 + 14, "text-anchor": "middle" }, String(pt.step)));
  });
  if (g.points.length > 1) {
    box.append(svg(doc, "polyline", { class: "xw-line", "data-role": "line", fill: "none",
      points: g.points.map((pt) => `${pt.x.toFixed(2)},${pt.y.toFixed(2)}`).join(" ") }));
  }
  g.points.forEach((pt) => {
    const below = pt.probability < g.threshold;
    box.append(svg(doc, "circle", { class: ["xw-point", below ? "xw-below" : ""].join(" ").trim(), "data-role": "point",
      "data-step": pt.step, "data-probability": pt.probability, cx: pt.x.toFixed(2), cy: pt.y.toFixed(2), r: 4, tabindex: 0 },
    svg(doc, "title", {}, `step ${pt.step}: p(${target}) = ${formatScore(pt.probability)}, predicted `
      + `${predictionName(data, pt.prediction)}\n${pt.text}`)));
  });
  return h(doc, "div", { class: "xw-av-chart-box" },
    h(doc, "h4", {}, `Probability of "${target}" along the search`), box,
    h(doc, "div", { class: "xw-help" }, `dashed: the decision line (${formatScore(g.threshold)}); below it "${target}" is no longer the likeliest class`));
}

/** Both predictions: per label, the probability before and after, as bars. */
export function renderPredictions(doc, data) {
  const labels = Array.isArray(data.labels) ? data.labels : [];
  const po = Array.isArray(data.original_probabilities) ? data.original_probabilities : [];
  const pa = Array.isArray(data.adversarial_probabilities) ? data.adversarial_probabilities : [];
  const ko = argmax(po), ka = argmax(pa);
  const bar = (p, on, which) => h(doc, "td", { class: ["xw-av-bar", on && "xw-predicted"], "data-role": which },
    h(doc, "span", { class: "xw-track" }, h(doc, "span", { class: "xw-fill",
      style: { width: `${(typeof p === "number" ? Math.max(0, Math.min(1, p)) : 0) * 100}%` } })),
    h(doc, "span", { class: "xw-value" }, formatPercent(p)));
  const rows = labels.map((_, i) => h(doc, "tr", { "data-role": "prediction-row", "data-label-index": i,
    class: i === data.target ? "xw-target" : null },
  h(doc, "th", {}, labelOf(data, i)), bar(po[i], i === ko, "p-original"), bar(pa[i], i === ka, "p-adversarial")));
  return h(doc, "div", { class: "xw-av-preds", "data-role": "predictions" },
    h(doc, "h4", {}, "Predictions"),
    h(doc, "table", {}, h(doc, "thead", {}, h(doc, "tr", {}, h(doc, "th", {}, "class"), h(doc, "th", {}, "original"),
      h(doc, "th", {}, "adversarial"))), h(doc, "tbody", {}, rows)),
    h(doc, "div", { class: "xw-help", "data-role": "predicted" },
      `original: ${ko >= 0 ? labelOf(data, ko) : "?"} \u2192 adversarial: ${ka >= 0 ? labelOf(data, ka) : "?"}`));
}
