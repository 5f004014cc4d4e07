// The header of the gallery: the result's kind and method, the number of examples, the model, the scalar params,
// and the query with the model's prediction for it (its tokens coloured by their attribution toward that class
// when one was computed). Every text is a Text node (shared/dom.js h()).
import { h } from "../shared/dom.js";
import { formatScore } from "../shared/format.js";
import { makePanel } from "../token_highlight/state.js";
import { renderTokens } from "../token_highlight/panel.js";
import { kindTitle, paramsText, scoreHelp } from "./logic.js";

function queryTokens(doc, attr, palette) {
  const panel = makePanel(attr, 0, -1);
  const box = renderTokens(doc, panel, palette);
  box.className = "xw-query-tokens";
  box.setAttribute("data-role", "query-tokens");
  for (const span of box.querySelectorAll(".xw-token")) {
    const i = Number(span.getAttribute("data-token-index"));
    const s = panel.scores ? panel.scores[i] : NaN;
    if (!panel.special[i]) span.title = `${formatScore(s, { sign: true })} toward ${panel.targetLabel}`;
  }
  return { box, panel };
}

export function renderHeader(doc, data, rows, queryAttr, palette) {
  const n = rows.length;
  const items = [
    h(doc, "span", { "data-role": "kind" }, "kind ", h(doc, "strong", {}, String(data.kind ?? ""))),
    h(doc, "span", { "data-role": "method" }, "method ", h(doc, "strong", {}, String(data.method ?? ""))),
    h(doc, "span", { "data-role": "n-examples" }, h(doc, "strong", {}, String(n)), ` example${n === 1 ? "" : "s"}`),
  ];
  const miss = rows.filter((r) => r.misclassified).length;
  if (n) items.push(h(doc, "span", { "data-role": "n-misclassified" }, `${miss} misclassified`));
  if (data.model_name) items.push(h(doc, "span", { "data-role": "model" }, `model ${data.model_name}`));
  const params = paramsText(data.params);
  const out = [
    h(doc, "div", { class: "xw-eg-title", "data-role": "title" }, kindTitle(data.kind)),
    h(doc, "div", { class: "xw-eg-meta", "data-role": "meta" }, items),
  ];
  if (data.query) {
    const q = h(doc, "div", { class: "xw-query", "data-role": "query-box" },
      h(doc, "span", { class: "xw-query-label" }, "query"),
      h(doc, "span", { class: "xw-query-text", "data-role": "query" }, String(data.query)),
      h(doc, "span", { class: "xw-eg-meta", style: { display: "inline-flex", marginLeft: "10px" } },
        "predicted ", h(doc, "strong", { "data-role": "query-prediction" }, String(data.query_prediction ?? ""))));
    if (queryAttr && typeof queryAttr === "object" && Array.isArray(queryAttr.tokens)) {
      const { box, panel } = queryTokens(doc, queryAttr, palette);
      const how = panel.signed ? `blue tokens raise, red tokens lower the probability of "${panel.targetLabel}"`
        : `the darker a token, the more it matters for "${panel.targetLabel}"`;
      q.append(box, h(doc, "div", { class: "xw-help" }, `${panel.methodLabel}: ${how}`));
    }
    out.push(q);
  }
  out.push(h(doc, "div", { class: "xw-help", "data-role": "score-help" }, scoreHelp(data)));
  if (params) out.push(h(doc, "div", { class: "xw-help", "data-role": "params" }, `params: ${params}`));
  return out;
}
