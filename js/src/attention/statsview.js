// Statistics view: one row per layer x head: entropy and the shares of attention to the first token
// ([CLS]/BOS), to the other special tokens ([SEP]/EOS), to itself, to the previous and next token; the role
// names the dominant pattern ("previous token" = a positional head, "separator", ...). A row opens the head.
import { h } from "../shared/dom.js";
import { formatScore } from "../shared/format.js";

export const COLUMNS = [
  ["entropy", "entropy (bits)"], ["to_first", "\u2192 first ([CLS]/BOS)"], ["to_special", "\u2192 [SEP]/EOS"],
  ["to_self", "\u2192 self"], ["to_prev", "\u2192 previous"], ["to_next", "\u2192 next"],
];

export function renderStats(doc, { stats, nLayers, nHeads, layer, head }) {
  const table = h(doc, "table", { class: "xw-stats", "data-role": "stats" });
  table.append(h(doc, "thead", null, h(doc, "tr", null, h(doc, "th", null, "layer"), h(doc, "th", null, "head"),
    COLUMNS.map(([, label]) => h(doc, "th", null, label)), h(doc, "th", null, "role"))));
  const body = h(doc, "tbody");
  for (let l = 0; l < nLayers; l++) {
    for (let hd = 0; hd < nHeads; hd++) {
      const cells = COLUMNS.map(([key]) => {
        const v = stats[key] && stats[key][l] ? stats[key][l][hd] : null;
        const share = key === "entropy" ? null : v;
        const td = h(doc, "td", { class: "xw-num", "data-share": share != null ? "1" : null }, formatScore(v));
        if (share != null) td.style.setProperty("--xw-share", `${Math.round(Math.max(0, Math.min(1, share)) * 100)}%`);
        return td;
      });
      const role = stats.role && stats.role[l] ? stats.role[l][hd] : "";
      body.append(h(doc, "tr", { "data-role": "stats-row", "data-layer": l, "data-head": hd, tabindex: "0",
        "aria-current": l === layer && hd === head ? "true" : null }, h(doc, "td", null, String(l)),
      h(doc, "td", null, String(hd)), cells, h(doc, "td", { class: "xw-role" }, role)));
    }
  }
  table.append(body);
  return table;
}
