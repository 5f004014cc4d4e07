// Evaluation report widget (anywidget module): a sortable methods x metrics table (the better direction of each
// metric marked by an arrow, the best value in bold), mean deletion/insertion curves as SVG, a list of the
// examples, and a drill-down: clicking an example shows every method's attribution side by side (the
// TokenHighlight view for texts, the FeatureImportance bars for table rows, embedded through their render
// functions) with the example's metric values. The curves' y axis is the explained output: a probability in [0, 1],
// or a regressor's prediction on the range of the curves (``output_label``; ``feature_word`` names the features).
// Below the curves: the checks (method agreement, sanity, stability; evaluation_report/checks.js).
// Fit: every table fits a 760 px page (headers wrap after "_" and at soft hyphens, compact number cells, the
// method column sticky); where it cannot, its own box scrolls sideways (contain: inline-size, so a wide table
// never widens the notebook's output area, which clips). The curves have a legend of the methods' colours.
// Theme: follows a live light/dark switch (shared/theme.js followTheme) for the colours computed here.
// Traits: methods, metrics, table, grid, curves, examples, checks, model_name, n_examples, sort_by, sort_desc,
// selected (-1: none), theme.
import { clear, h } from "./shared/dom.js";
import { mountRoot } from "./shared/mount.js";
import { formatScore } from "./shared/format.js";
import { followTheme, resolveTheme } from "./shared/theme.js";
import tokenHighlight from "./token_highlight.js";
import featureImportance from "./feature_importance.js";
import { CSS, STYLE_ID } from "./evaluation_report/styles.js";
import { bestMethod, lineColour, nextSort, polylinePoints, sortRows } from "./evaluation_report/logic.js";
import { checksSections, headerText } from "./evaluation_report/checks.js";
import { localModel } from "./shared/local_model.js";

const SVG = "http://www.w3.org/2000/svg";

function svgEl(doc, tag, attrs, ...children) {
  const el = doc.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v != null) el.setAttribute(k, String(v));
  for (const c of children) el.append(typeof c === "string" ? doc.createTextNode(c) : c);
  return el;
}


function render({ model, el }) {
  const { doc, cleanup, root } = mountRoot(el, { styleId: STYLE_ID, css: CSS, className: "xw-er",
    widget: "evaluation-report", body: false, tooltip: false });
  let embedded = null; // cleanup of the embedded token highlight
  let palette = "light"; // the theme the last draw used

  const metrics = () => model.get("metrics") || [];
  const methods = () => model.get("methods") || [];
  const colourOf = (name) => lineColour(methods().findIndex((m) => m.name === name), palette);
  const labelOf = (name) => (methods().find((m) => m.name === name) || { label: name }).label;

  function setSort(key) {
    const metric = metrics().find((m) => m.name === key);
    const [by, desc] = nextSort(model.get("sort_by"), model.get("sort_desc"), key, metric);
    model.set("sort_desc", desc);
    model.set("sort_by", by);
    model.save_changes();
  }

  function header(key, label, title, arrow) {
    const by = model.get("sort_by");
    const sort = by === key ? (model.get("sort_desc") ? "descending" : "ascending") : "none";
    return h(doc, "th", { scope: "col", "aria-sort": sort, "data-metric": key, title },
      h(doc, "button", { type: "button", "data-role": "sort", "data-metric": key }, headerText(doc, label),
        arrow ? h(doc, "span", { class: "xw-dir", "aria-label": title }, arrow) : null));
  }

  function summaryTable() {
    const rows = sortRows(model.get("table") || [], model.get("sort_by"), model.get("sort_desc"));
    const best = Object.fromEntries(metrics().map((m) => [m.name, bestMethod(rows, m)]));
    const head = h(doc, "tr", {}, header("method", "method", "sort by method name"),
      metrics().map((m) => header(m.name, m.name, `${m.label}: ${m.direction} is better`, m.arrow)),
      header("seconds", "s / explanation", "mean seconds per explanation: lower is better", "\u2193"));
    const body = rows.map((r) => h(doc, "tr", { "data-role": "method-row", "data-method": r.method },
      h(doc, "th", { scope: "row", class: "xw-method" }, h(doc, "span", { class: "xw-swatch", style: { background: colourOf(r.method) } }),
        headerText(doc, labelOf(r.method))),
      metrics().map((m) => h(doc, "td", { class: best[m.name] === r.method ? "xw-best" : null, "data-metric": m.name },
        formatScore(r.values[m.name]))),
      h(doc, "td", { "data-metric": "seconds" }, formatScore(r.seconds))));
    return h(doc, "div", { class: "xw-scroll" },
      h(doc, "table", { "data-role": "summary", class: "xw-compact" }, h(doc, "thead", {}, head), h(doc, "tbody", {}, body)));
  }

  const outputLabel = () => model.get("output_label") || "probability of the explained class";
  const featureWord = () => model.get("feature_word") || "tokens";

  function yRange(curves) {
    const all = Object.values(curves).flatMap((c) => Object.values(c || {}).flat()).filter((v) => Number.isFinite(v));
    if (!all.length || (Math.min(...all) >= 0 && Math.max(...all) <= 1)) return [0, 1];
    const lo = Math.min(...all), hi = Math.max(...all);
    const pad = (hi - lo) * 0.05 || 1;
    return [lo - pad, hi + pad];
  }

  function curvePlot(kind, ys, [ymin, ymax]) {
    const grid = model.get("grid") || [];
    const W = 300, H = 190, box = { x: 40, y: 10, w: 244, h: 150 };
    const moved = kind === "deletion" ? "removed" : "restored";
    const svg = svgEl(doc, "svg", { width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: "img", "data-role": `curve-${kind}`,
      "data-palette": palette,
      "aria-label": `${kind} curves: ${outputLabel()} against the fraction of ${featureWord()} ${moved}` });
    svg.append(svgEl(doc, "rect", { x: box.x, y: box.y, width: box.w, height: box.h, fill: "none", stroke: "currentColor", "stroke-opacity": 0.25 }));
    for (const t of [0, 0.5, 1]) {
      svg.append(svgEl(doc, "text", { x: box.x - 4, y: box.y + box.h - t * box.h + 3, "text-anchor": "end" },
        formatScore(ymin + t * (ymax - ymin))));
      svg.append(svgEl(doc, "text", { x: box.x + t * box.w, y: box.y + box.h + 12, "text-anchor": "middle" }, `${t * 100}%`));
    }
    svg.append(svgEl(doc, "text", { x: box.x + box.w / 2, y: H - 2, "text-anchor": "middle" },
      `${kind}: fraction of ${featureWord()} ${moved} (${kind === "deletion" ? "lower" : "higher"} is better)`));
    for (const m of methods()) {
      if (!ys[m.name]) continue;
      svg.append(svgEl(doc, "polyline", { points: polylinePoints(grid, ys[m.name], box, ymin, ymax), fill: "none",
        stroke: colourOf(m.name), "stroke-width": 1.6, "data-method": m.name }, svgEl(doc, "title", {}, labelOf(m.name))));
    }
    return svg;
  }

  /** The colour key of the curves: one item per method that has a curve, in the methods' order. */
  function curveLegend(curves) {
    const shown = methods().filter((m) => Object.values(curves).some((ys) => ys && ys[m.name]));
    return h(doc, "ul", { class: "xw-legend", "data-role": "curve-legend", "aria-label": "methods of the curves" },
      shown.map((m) => h(doc, "li", { class: "xw-legend-item", "data-method": m.name },
        h(doc, "span", { class: "xw-legend-line", "aria-hidden": "true", style: { background: colourOf(m.name) } }),
        labelOf(m.name))));
  }

  function exampleList() {
    const key = metrics().some((m) => m.name === model.get("sort_by")) ? model.get("sort_by") : (metrics()[0] || {}).name;
    const sel = model.get("selected");
    const head = h(doc, "tr", {}, h(doc, "th", {}, "#"), h(doc, "th", { class: "xw-text" }, "text"),
      methods().map((m) => h(doc, "th", { title: `${key} of ${m.label}`, "data-method": m.name }, headerText(doc, m.name))));
    const rows = (model.get("examples") || []).map((ex) => h(doc, "tr", { "data-role": "example", "data-example": ex.index,
      tabindex: 0, "aria-selected": ex.index === sel ? "true" : "false" },
      h(doc, "td", {}, String(ex.index)), h(doc, "td", { class: "xw-text" }, String(ex.text == null ? "" : ex.text)),
      methods().map((m) => h(doc, "td", {}, formatScore(((ex.values || {})[m.name] || {})[key])))));
    return h(doc, "div", {}, h(doc, "h3", {}, `Examples (${key} per method; click one to compare the methods)`),
      h(doc, "div", { class: "xw-examples" }, h(doc, "table", { "data-role": "examples", class: "xw-compact" }, h(doc, "thead", {}, head), h(doc, "tbody", {}, rows))));
  }

  function drillDown() {
    const sel = model.get("selected");
    const ex = (model.get("examples") || []).find((e) => e.index === sel);
    if (!ex) return null;
    const table = h(doc, "table", { "data-role": "example-metrics", class: "xw-compact" },
      h(doc, "thead", {}, h(doc, "tr", {}, h(doc, "th", {}, "method"), metrics().map((m) => h(doc, "th", { title: `${m.label}: ${m.direction} is better`, "data-metric": m.name },
        headerText(doc, m.name), h(doc, "span", { class: "xw-dir" }, m.arrow))))),
      h(doc, "tbody", {}, methods().map((m) => h(doc, "tr", { "data-method": m.name }, h(doc, "th", { scope: "row", class: "xw-method" }, headerText(doc, labelOf(m.name))),
        metrics().map((k) => h(doc, "td", { "data-metric": k.name }, formatScore(((ex.values || {})[m.name] || {})[k.name])))))));
    const mount = h(doc, "div", { class: "xw-drill-tokens", "data-role": "drill-tokens" });
    const box = h(doc, "div", { class: "xw-drill", "data-role": "drilldown", "data-example": ex.index },
      h(doc, "button", { type: "button", "data-role": "close", "aria-label": "close the example" }, "close"),
      h(doc, "h3", {}, `Example ${ex.index}`), h(doc, "div", { class: "xw-muted" }, String(ex.text == null ? "" : ex.text)),
      h(doc, "div", { class: "xw-scroll" }, table), mount);
    if (ex.results && ex.results.length) {
      const common = { results: ex.results, method_index: 0, target: -1, view: "grid", hovered: -1, theme: model.get("theme") || "auto" };
      if (ex.results[0].layout === "table") {
        const local = localModel({ ...common, mode: "local", summary: {}, values: "", data: "", n_rows: 0, chart: "bars",
          max_features: 12, hovered_row: -1 });
        embedded = featureImportance.render({ model: local, el: mount });
      } else {
        embedded = tokenHighlight.render({ model: localModel(common), el: mount });
      }
    }
    return box;
  }

  function draw() {
    if (embedded) {
      embedded();
      embedded = null;
    }
    const theme = model.get("theme") || "auto";
    root.setAttribute("data-theme", theme);
    const resolved = resolveTheme(root, theme);
    palette = resolved === "dark" ? "dark" : "light";
    root.setAttribute("data-resolved-theme", resolved);
    clear(root);
    const name = model.get("model_name");
    root.append(h(doc, "div", { class: "xw-er-title" }, `Evaluation of ${methods().length} methods on ${model.get("n_examples")} examples`),
      h(doc, "div", { class: "xw-muted" }, `${name ? `model ${name}; ` : ""}\u2191 higher is better, \u2193 lower is better; best value in bold; click a column to sort`),
      summaryTable());
    const curves = model.get("curves") || {};
    const kinds = ["deletion", "insertion"].filter((k) => curves[k]);
    if (kinds.length) {
      const range = yRange(curves);
      root.append(h(doc, "h3", {}, `Mean perturbation curves (${outputLabel()})`), curveLegend(curves),
        h(doc, "div", { class: "xw-curves" }, kinds.map((k) => curvePlot(k, curves[k], range))));
    }
    root.append(...checksSections(doc, model.get("checks"), labelOf, palette));
    root.append(exampleList());
    const drill = drillDown();
    if (drill) root.append(drill);
  }

  for (const name of ["table", "metrics", "methods", "curves", "examples", "checks", "sort_by", "sort_desc", "selected", "theme"]) {
    const cb = () => draw();
    model.on(`change:${name}`, cb);
    cleanup.add(() => model.off(`change:${name}`, cb));
  }

  cleanup.add(followTheme(root, () => model.get("theme") || "auto", draw));

  const select = (row) => {
    const i = Number(row.getAttribute("data-example"));
    model.set("selected", model.get("selected") === i ? -1 : i);
    model.save_changes();
  };
  cleanup.listen(root, "click", (e) => {
    const t = e.target;
    if (!t.closest) return;
    const sort = t.closest("[data-role=sort]");
    if (sort && root.contains(sort)) return setSort(sort.getAttribute("data-metric"));
    if (t.closest("[data-role=close]")) {
      model.set("selected", -1);
      model.save_changes();
      return;
    }
    if (t.closest("[data-role=drill-tokens]")) return;
    const row = t.closest("[data-role=example]");
    if (row && root.contains(row)) select(row);
  });
  cleanup.listen(root, "keydown", (e) => {
    const row = e.target.closest && e.target.closest("[data-role=example]");
    if (row && (e.key === "Enter" || e.key === " ")) {
      e.preventDefault();
      select(row);
    }
  });

  draw();
  return () => {
    if (embedded) embedded();
    cleanup.run();
  };
}

export default { render };
