// The "checks" part of the evaluation report: rank agreement between the methods (a methods x methods table
// coloured by value), the cascading-randomization sanity check (mean Spearman rho(|a|, |a_random|) after each
// step, flagged methods marked) and the stability of the seeded methods across seeds. Every value arrives
// computed from Python (state.checks); this file only lays it out.
import { h } from "../shared/dom.js";
import { divergingColor } from "../shared/color.js";
import { formatScore } from "../shared/format.js";
import { headerParts } from "./logic.js";

/** A header's text as nodes that may wrap: the parts of headerParts with a <wbr> between them. */
export function headerText(doc, text) {
  const out = [];
  headerParts(text).forEach((part, i) => {
    if (i) out.push(h(doc, "wbr"));
    out.push(part);
  });
  return out;
}

function heatCell(doc, v, palette) {
  if (v == null) return h(doc, "td", { class: "xw-na" }, "n/a");
  const c = divergingColor(v, 1, { signed: true, palette });
  return h(doc, "td", { style: { background: c.css, color: c.text } }, formatScore(v));
}

export function agreementTable(doc, agreement, labelOf, palette) {
  const names = agreement.methods || [];
  const head = h(doc, "tr", {}, h(doc, "th", {}, ""), names.map((n) => h(doc, "th", { scope: "col", "data-method": n }, headerText(doc, labelOf(n)))));
  const body = names.map((a, i) => h(doc, "tr", { "data-method": a }, h(doc, "th", { scope: "row", class: "xw-method" }, headerText(doc, labelOf(a))),
    names.map((_, j) => heatCell(doc, (agreement.matrix[i] || [])[j], palette))));
  return h(doc, "div", { "data-role": "agreement" },
    h(doc, "h3", {}, "Agreement between the methods (mean Kendall \u03c4 of |scores| over the examples)"),
    h(doc, "div", { class: "xw-muted" }, "1: same token ranking, 0: unrelated, -1: reversed"),
    h(doc, "div", { class: "xw-scroll" }, h(doc, "table", { class: "xw-heat xw-compact" }, h(doc, "thead", {}, head), h(doc, "tbody", {}, body))));
}

export function sanityTable(doc, sanity, labelOf) {
  const head = h(doc, "tr", {}, h(doc, "th", {}, "method"),
    sanity.steps.map((s) => h(doc, "th", { scope: "col", title: `randomized from the top down to ${s}` }, "\u2192 ", headerText(doc, String(s)))),
    h(doc, "th", { title: `examples whose final |\u03c1| >= ${sanity.threshold}` }, "flagged"));
  const body = sanity.rows.map((r) => h(doc, "tr", { "data-method": r.method, "data-role": "sanity-row",
    class: r.flagged ? "xw-flagged" : null },
    h(doc, "td", { class: "xw-method" }, headerText(doc, labelOf(r.method))), r.values.map((v) => h(doc, "td", {}, formatScore(v))),
    h(doc, "td", {}, r.flagged ? `FLAGGED ${r.flagged} of ${r.n}` : `0 of ${r.n}`)));
  return h(doc, "div", { "data-role": "sanity" },
    h(doc, "h3", {}, "Sanity check: cascading randomization (Adebayo et al., 2018)"),
    h(doc, "div", { class: "xw-muted" }, "mean Spearman \u03c1 between |attribution| on the trained model and on the model re-initialised from the top down to each step (\u2193 lower is better: the explanation should depend on what the model learned)"),
    h(doc, "div", { class: "xw-scroll" }, h(doc, "table", { class: "xw-compact" }, h(doc, "thead", {}, head), h(doc, "tbody", {}, body))));
}

export function stabilityTable(doc, stability, labelOf) {
  const metrics = stability.metrics || [];
  const head = h(doc, "tr", {}, h(doc, "th", {}, "method"),
    metrics.map((m) => h(doc, "th", { title: `${m.label}: ${m.direction} is better` }, headerText(doc, m.name), h(doc, "span", { class: "xw-dir" }, m.arrow))),
    h(doc, "th", {}, "examples"));
  const body = stability.rows.map((r) => h(doc, "tr", { "data-method": r.method, "data-role": "stability-row" },
    h(doc, "td", { class: "xw-method" }, headerText(doc, labelOf(r.method))), metrics.map((m) => h(doc, "td", {}, formatScore(r.values[m.name]))),
    h(doc, "td", {}, String(r.n))));
  return h(doc, "div", { "data-role": "stability" },
    h(doc, "h3", {}, "Stability of the sampling methods across seeds"),
    h(doc, "div", { class: "xw-scroll" }, h(doc, "table", { class: "xw-compact" }, h(doc, "thead", {}, head), h(doc, "tbody", {}, body))));
}

/** All check sections present in state.checks, in order, or [] when none. */
export function checksSections(doc, checks, labelOf, palette) {
  const c = checks || {};
  return [
    c.agreement ? agreementTable(doc, c.agreement, labelOf, palette) : null,
    c.sanity ? sanityTable(doc, c.sanity, labelOf) : null,
    c.stability ? stabilityTable(doc, c.stability, labelOf) : null,
  ].filter(Boolean);
}
