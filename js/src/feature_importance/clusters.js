// Clusters of a k-means explanation: one table row per cluster (size, mean prediction, the features that set
// it apart with their effect in sd), and the surrogate tree's fidelity and rules (as text, in a <pre>).
import { h } from "../shared/dom.js";
import { formatScore } from "../shared/format.js";

const distinctive = (c) => (Array.isArray(c.distinctive) ? c.distinctive : [])
  .map((d) => `${d && d.feature != null ? String(d.feature) : "?"} ${formatScore(d && d.effect, { sign: true })} sd`).join(", ");

export function renderClusters(doc, state) {
  const out = h(doc, "div", { class: "xw-clusters", "data-role": "clusters" });
  if (state.clusters) {
    const head = h(doc, "tr", null, ["cluster", "rows", "mean prediction", "sets it apart"].map((t) => h(doc, "th", { scope: "col" }, t)));
    const rows = state.clusters.map((c) => h(doc, "tr", { "data-role": "cluster-row" },
      h(doc, "td", null, String(c.cluster ?? "")), h(doc, "td", { class: "xw-num" }, String(c.size ?? "")),
      h(doc, "td", { class: "xw-num" }, formatScore(c.mean_prediction)), h(doc, "td", null, distinctive(c))));
    out.append(h(doc, "table", { class: "xw-table", "data-role": "cluster-table" },
      h(doc, "caption", null, "clusters (effect: the cluster's mean minus the overall mean, in standard deviations)"),
      h(doc, "thead", null, head), h(doc, "tbody", null, rows)));
  }
  const s = state.surrogate;
  if (s) {
    out.append(h(doc, "div", { class: "xw-surrogate", "data-role": "surrogate" },
      h(doc, "div", null, `surrogate tree${s.depth != null ? ` (depth ${s.depth})` : ""}: fidelity ${formatScore(s.fidelity)}`),
      s.rules ? h(doc, "pre", { class: "xw-rules", "data-role": "rules" }, String(s.rules)) : null));
  }
  return out;
}
