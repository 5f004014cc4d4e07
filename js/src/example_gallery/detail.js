// The detail panel under the table: the hovered (preview) or pinned row's kind, rank, training index, label,
// prediction and score, its full text, and a mount for its tokens coloured by their attribution (filled by the view
// with the TokenHighlight view), or a note saying why there is none. Every text is a Text node.
import { h } from "../shared/dom.js";
import { formatScore } from "../shared/format.js";

/** Why a row has no token attribution. */
export function missingReason({ attribution, note, maxAttributions }) {
  if (attribution == null || attribution === "") return "text only: no attribution method was given (attribution=None)";
  if (note) return String(note);
  return `no token attribution for this row: ${attribution} was computed for the best-ranked ${maxAttributions} `
    + "rows of every kind together (max_attributions)";
}

/**
 * The panel for row r (null: a hint). ``opts``: mode ("preview" | "pinned"), attr (its attribution dict or null),
 * attribution, note, maxAttributions, filtered (the row is hidden by the filter). Returns { box, mount }.
 */
export function renderDetail(doc, r, opts) {
  if (!r) {
    return { box: h(doc, "div", { class: "xw-detail", "data-role": "detail", "data-mode": "none" },
      h(doc, "div", { class: "xw-help", "data-role": "detail-hint" }, "hover a row to preview its tokens, click it to pin them here")), mount: null };
  }
  const pinned = opts.mode === "pinned";
  const box = h(doc, "div", { class: "xw-detail", "data-role": "detail", "data-mode": opts.mode, "data-row": r.row });
  if (pinned) box.append(h(doc, "button", { type: "button", "data-role": "unpin", "aria-label": "unpin this row" }, "unpin"));
  box.append(
    h(doc, "h4", { "data-role": "detail-title" }, `${r.kind} #${r.rank}${pinned ? " (pinned)" : " (preview)"}`),
    h(doc, "div", { class: "xw-detail-meta", "data-role": "detail-meta" },
      r.index != null ? h(doc, "span", {}, "training example ", h(doc, "strong", {}, String(r.index))) : null,
      h(doc, "span", {}, "label ", h(doc, "strong", { "data-role": "detail-label" }, r.label)),
      h(doc, "span", {}, "prediction ", h(doc, "strong", { "data-role": "detail-prediction" }, r.prediction),
        r.misclassified ? h(doc, "span", { class: "xw-miss-mark" }, "\u2717 misclassified") : null),
      h(doc, "span", {}, "score ", h(doc, "strong", { "data-role": "detail-score" }, formatScore(r.score, { sign: true }))),
      opts.filtered ? h(doc, "span", { "data-role": "detail-filtered" }, "(hidden by the filter)") : null));
  let mount = null;
  const attr = opts.attr;
  if (attr && typeof attr === "object" && Array.isArray(attr.tokens)) {
    mount = h(doc, "div", { class: "xw-tokens-mount", "data-role": "token-view" });
    box.append(mount);
  } else {
    box.append(h(doc, "div", { class: "xw-detail-text", "data-role": "detail-text" }, r.text),
      h(doc, "div", { class: "xw-note", "data-role": "detail-note" }, missingReason(opts)));
  }
  return { box, mount };
}
