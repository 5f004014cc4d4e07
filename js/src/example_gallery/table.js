// The controls (one toggle per distinct kind, a misclassified-only toggle, the search box, the count) and the table
// of examples (sortable column headers; rank, text, label, prediction, score with its sign and a bar, kind).
// Every text is a Text node (shared/dom.js h()).
import { h } from "../shared/dom.js";
import { formatScore } from "../shared/format.js";
import { COLUMNS, scoreBar } from "./logic.js";

/** The controls bar; ``view`` holds hidden (Set of kinds), search, misclassifiedOnly. */
export function renderControls(doc, kinds, slots, view, nMisclassified) {
  const toggles = kinds.map((k) => h(doc, "button", {
    type: "button", class: ["xw-kind-toggle", `xw-kind-${slots.get(k)}`], "data-role": "kind-toggle", "data-kind": k,
    "aria-pressed": view.hidden.has(k) ? "false" : "true", title: `show or hide the "${k}" rows`,
  }, k));
  const search = h(doc, "input", { type: "search", "data-role": "search", placeholder: "search the texts",
    "aria-label": "search the texts", autocomplete: "off", spellcheck: "false" });
  search.value = view.search;
  return h(doc, "div", { class: "xw-controls", "data-role": "controls" },
    kinds.length > 1 ? h(doc, "span", { class: "xw-kinds", role: "group", "aria-label": "kinds shown" }, toggles) : null,
    nMisclassified ? h(doc, "button", { type: "button", class: "xw-miss-toggle", "data-role": "misclassified-only",
      "aria-pressed": view.misclassifiedOnly ? "true" : "false", title: "show only the rows whose label differs from the prediction" },
    `misclassified only (${nMisclassified})`) : null,
    search,
    h(doc, "span", { class: "xw-count", "data-role": "count", "aria-live": "polite" }));
}

function headerRow(doc, sort) {
  return h(doc, "tr", {}, COLUMNS.map((c) => {
    const active = sort.key === c.key;
    const next = active ? (sort.dir === "asc" ? "descending" : "ascending") : c.first === "asc" ? "ascending" : "descending";
    return h(doc, "th", { scope: "col", "data-key": c.key, "aria-sort": active ? (sort.dir === "asc" ? "ascending" : "descending") : null },
      h(doc, "button", { type: "button", class: "xw-sort", "data-role": "sort", "data-key": c.key, title: `sort by ${c.title}, ${next}` }, c.title));
  }));
}

function scoreCell(doc, r, scale) {
  const bar = scoreBar(r.score, scale);
  return h(doc, "td", { class: "xw-num xw-score", "data-role": "score-cell" },
    h(doc, "span", { class: "xw-score-value", "data-role": "score" }, formatScore(r.score, { sign: true })),
    h(doc, "span", { class: ["xw-bar-track", scale.signed && "xw-signed"], "aria-hidden": "true" },
      h(doc, "span", { class: "xw-bar", "data-role": "bar", "data-sign": bar.sign, style: { left: `${bar.left}%`, width: `${bar.width}%` } })));
}

function row(doc, r, scale, slots, selected, attributed) {
  const title = r.misclassified ? `misclassified: labelled ${r.label}, predicted ${r.prediction}` : null;
  return h(doc, "tr", {
    "data-role": "example", "data-row": r.row, "data-kind": r.kind, tabindex: 0, class: r.misclassified ? "xw-miss" : null,
    "data-misclassified": r.misclassified ? "true" : "false", "data-attributed": attributed ? "true" : "false",
    "aria-selected": r.row === selected ? "true" : "false", title,
  },
  h(doc, "td", { class: "xw-num", "data-role": "rank" }, String(r.rank)),
  h(doc, "td", { class: "xw-text", "data-role": "text-cell" }, h(doc, "span", { class: "xw-clamp", "data-role": "text" }, r.text)),
  h(doc, "td", { "data-role": "label" }, r.label),
  h(doc, "td", { "data-role": "prediction" }, h(doc, "span", { "data-role": "prediction-text" }, r.prediction),
    r.misclassified ? h(doc, "span", { class: "xw-miss-mark", "data-role": "miss-mark", "aria-label": "misclassified" }, "\u2717") : null),
  scoreCell(doc, r, scale),
  h(doc, "td", { "data-role": "kind-cell" }, h(doc, "span", { class: ["xw-kind-badge", `xw-kind-${slots.get(r.kind)}`], "data-role": "kind" }, r.kind)));
}

/** The table: a header of sort buttons and a body of the shown rows (``tbody`` is rebuilt by ``renderBody``). */
export function renderTable(doc) {
  const table = h(doc, "table", { class: "xw-table", "data-role": "table" }, h(doc, "thead", {}), h(doc, "tbody", {}));
  return h(doc, "div", { class: "xw-scroll", "data-role": "table-box" }, table);
}

/** Fills the table's header (sort state) and body (the shown rows, in order). */
export function fillTable(doc, box, shown, { scale, slots, sort, selected, attributions }) {
  const thead = box.querySelector("thead"), tbody = box.querySelector("tbody");
  thead.replaceChildren(headerRow(doc, sort));
  const rows = shown.map((r) => row(doc, r, scale, slots, selected, Boolean(attributions[r.row])));
  if (!rows.length) rows.push(h(doc, "tr", { class: "xw-empty-row", "data-role": "no-match" },
    h(doc, "td", { colspan: COLUMNS.length }, "no example matches the filter")));
  tbody.replaceChildren(...rows);
}

export function renderLegend(doc, nMisclassified) {
  return h(doc, "div", { class: "xw-legend", "data-role": "legend" },
    nMisclassified ? h(doc, "span", {}, h(doc, "span", { class: "xw-key-miss" }), "\u2717 misclassified: the label differs from the model's prediction") : null,
    h(doc, "span", {}, "rank: within its kind; click a column header to sort, again to reverse"),
    h(doc, "span", {}, "hover a row to preview its tokens, click to pin them"));
}
