// The panels of the what-if widget below the editor: the suggestion (a counterfactual, its changed words marked and
// an apply action), the nearest training examples and one card per pinned version. The token views are mounted by
// the widget (mounts are returned). Every text is a Text node.
import { h } from "../shared/dom.js";
import { formatPercent, formatScore } from "../shared/format.js";
import { argmax, labelOf } from "../adversarial_view/logic.js";
import { renderChanges, renderMarkedText } from "../adversarial_view/render.js";

const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** "positive 92.3%" of a result / pinned version dict. */
export function predictionText(r) {
  const probs = Array.isArray(r && r.probabilities) ? r.probabilities : [];
  const k = typeof r.predicted === "number" ? r.predicted : argmax(probs);
  if (k < 0) return "no prediction";
  const name = Array.isArray(r.labels) && r.labels[k] != null ? String(r.labels[k]) : `class ${k}`;
  return `${name} ${formatPercent(probs[k])}`;
}

export function renderSuggestion(doc, s, { text, kernel }) {
  const applied = s.adversarial === text;
  const stale = !applied && s.original !== text;
  const t = typeof s.target === "number" ? s.target : 0;
  const changes = Array.isArray(s.changes) ? s.changes.length : 0;
  const head = h(doc, "div", { class: "xw-wi-section-head" },
    h(doc, "h4", {}, "Suggested counterfactual"),
    h(doc, "span", { class: ["xw-status", s.success ? "xw-flipped" : "xw-held"], "data-role": "suggestion-status",
      "data-success": String(s.success === true) },
    s.success ? `\u2713 flips the prediction to ${labelOf(s, argmax(s.adversarial_probabilities))}` : "\u2717 no flip found"),
    stale ? h(doc, "span", { class: "xw-wi-stale", "data-role": "suggestion-stale" }, "for an earlier version of the text") : null,
    applied ? h(doc, "span", { class: "xw-wi-stale", "data-role": "suggestion-applied" }, "applied") : null);
  const meta = h(doc, "div", { class: "xw-wi-suggest-meta" },
    h(doc, "span", { "data-role": "suggestion-changes" }, plural(changes, "word") + " changed"),
    h(doc, "span", {}, plural(typeof s.calls === "number" ? s.calls : 0, "model call")),
    h(doc, "span", { "data-role": "suggestion-probability" },
      `p(${labelOf(s, t)}) ${formatPercent((s.original_probabilities || [])[t])} \u2192 ${formatPercent((s.adversarial_probabilities || [])[t])}`),
    s.method ? h(doc, "span", {}, `method ${s.method}`) : null);
  const noKernel = kernel ? null : "needs a running kernel";
  const actions = h(doc, "div", { class: "xw-wi-actions" },
    h(doc, "button", { type: "button", "data-role": "apply", disabled: !kernel || applied || !changes,
      title: noKernel || (applied ? "this is the text now" : "make this the text") }, "apply"),
    h(doc, "button", { type: "button", "data-role": "dismiss", "data-what": "suggestion", disabled: !kernel, title: noKernel }, "dismiss"));
  return h(doc, "div", { class: "xw-wi-section", "data-role": "suggestion", "data-stale": String(stale) }, head, meta,
    renderMarkedText(doc, s, "adversarial", { "data-role": "suggestion-text" }), renderChanges(doc, s), actions);
}

export function renderNeighbours(doc, n, { text, kernel }) {
  const stale = n.query !== text;
  const texts = Array.isArray(n.texts) ? n.texts : [];
  const rows = texts.map((t, i) => h(doc, "tr", { "data-role": "neighbour", "data-index": (n.indices || [])[i] },
    h(doc, "td", { class: "xw-num" }, String(i + 1)),
    h(doc, "td", { class: "xw-text", "data-role": "neighbour-text" }, String(t ?? "")),
    h(doc, "td", { "data-role": "neighbour-label" }, String((n.example_labels || [])[i] ?? "")),
    h(doc, "td", { "data-role": "neighbour-prediction" }, String((n.predictions || [])[i] ?? "")),
    h(doc, "td", { class: "xw-num", "data-role": "neighbour-score" }, formatScore((n.scores || [])[i]))));
  return h(doc, "div", { class: "xw-wi-section", "data-role": "neighbours-panel", "data-stale": String(stale) },
    h(doc, "div", { class: "xw-wi-section-head" },
      h(doc, "h4", {}, "Nearest training examples"),
      h(doc, "span", { class: "xw-muted" }, `${n.method || "knn"} on the model's representation; the model predicts ${n.query_prediction ?? "?"} for the query`),
      stale ? h(doc, "span", { class: "xw-wi-stale", "data-role": "neighbours-stale" }, `for an earlier version: "${String(n.query ?? "")}"`) : null,
      h(doc, "button", { type: "button", "data-role": "dismiss", "data-what": "neighbours", disabled: !kernel,
        title: kernel ? null : "needs a running kernel" }, "dismiss")),
    h(doc, "table", { class: "xw-wi-nb" },
      h(doc, "thead", {}, h(doc, "tr", {}, h(doc, "th", {}, "#"), h(doc, "th", {}, "training text"), h(doc, "th", {}, "label"),
        h(doc, "th", {}, "model predicts"), h(doc, "th", {}, "similarity"))),
      h(doc, "tbody", {}, rows)));
}

/** A pinned version's card and the element to mount its token view into. */
export function renderPinnedCard(doc, p, { kernel, current }) {
  const mount = h(doc, "div", { class: "xw-wi-mount" });
  const card = h(doc, "div", { class: "xw-wi-pin", "data-role": "pinned-version", "data-version": p.version },
    h(doc, "div", { class: "xw-wi-section-head" },
      h(doc, "strong", {}, `version ${p.version}`),
      h(doc, "span", { class: "xw-muted", "data-role": "pinned-prediction" }, predictionText(p)),
      current ? h(doc, "span", { class: "xw-wi-stale" }, "(the current text)") : null,
      h(doc, "button", { type: "button", "data-role": "unpin", "data-version": p.version, disabled: !kernel,
        title: kernel ? `unpin version ${p.version}` : "needs a running kernel", "aria-label": `unpin version ${p.version}` }, "unpin")),
    h(doc, "div", { class: "xw-wi-pin-text", "data-role": "pinned-text" }, String(p.text ?? "")),
    mount);
  return { card, mount };
}
