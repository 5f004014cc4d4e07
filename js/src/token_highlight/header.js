// Header: model prediction with one probability bar per label, and the truncation note.
import { h } from "../shared/dom.js";
import { formatPercent } from "../shared/format.js";
import { labelOf } from "./state.js";

export function renderHeader(doc, state) {
  const r = state.current;
  const header = h(doc, "div", { class: "xw-header" });
  const probs = Array.isArray(r.probabilities) ? r.probabilities : [];
  const predicted = typeof r.predicted === "number" ? r.predicted : probs.indexOf(Math.max(...probs));
  const title = h(doc, "div", { class: "xw-title" });
  if (predicted >= 0) {
    title.append(
      h(doc, "span", { class: "xw-muted xw-caption" }, "prediction"),
      h(doc, "span", null,
        h(doc, "strong", { "data-role": "predicted" }, labelOf(r, predicted)),
        probs[predicted] != null ? h(doc, "span", { class: "xw-muted" }, ` ${formatPercent(probs[predicted])}`) : null),
    );
  }
  if (r.model_name) title.append(h(doc, "span", { class: "xw-muted xw-model" }, String(r.model_name)));
  header.append(title);

  if (probs.length) {
    const bars = h(doc, "div", { class: "xw-probs", "data-role": "probabilities" });
    probs.forEach((p, i) => {
      const width = Number.isFinite(p) ? Math.max(0, Math.min(1, p)) * 100 : 0;
      bars.append(
        h(doc, "div", { class: ["xw-prob", i === predicted && "xw-predicted", i === state.effectiveTarget && "xw-explained"], "data-label-index": i },
          h(doc, "span", { class: "xw-prob-label" }, labelOf(r, i)),
          h(doc, "span", { class: "xw-prob-track" }, h(doc, "span", { class: "xw-prob-fill", style: { width: `${width}%` } })),
          h(doc, "span", { class: "xw-prob-value" }, formatPercent(p)),
        ),
      );
    });
    header.append(bars);
  }

  const truncated = (state.view === "grid" ? state.results : [r]).find((x) => x.truncated);
  if (truncated) {
    const n = truncated.n_truncated_tokens ?? "some";
    const m = truncated.max_length ?? "?";
    header.append(h(doc, "div", { class: "xw-note", "data-role": "truncation", role: "note" },
      `input truncated: ${n} tokens beyond max length ${m} were dropped`));
  }
  return header;
}
