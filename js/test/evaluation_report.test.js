import test from "node:test";
import assert from "node:assert/strict";
import widget from "../src/evaluation_report.js";
import { LINE_COLOURS, LINE_COLOURS_DARK, bestMethod, headerParts, lineColour, nextSort, polylinePoints, softHyphenate, sortRows } from "../src/evaluation_report/logic.js";
import { makeDom, sampleResult } from "./helpers.js";

const METRICS = [
  { name: "comprehensiveness", label: "Comprehensiveness", higher_is_better: true, direction: "higher", arrow: "\u2191" },
  { name: "sufficiency", label: "Sufficiency", higher_is_better: false, direction: "lower", arrow: "\u2193" },
];
const TABLE = [
  { method: "saliency", values: { comprehensiveness: 0.1, sufficiency: 0.3 }, seconds: 0.01 },
  { method: "lime", values: { comprehensiveness: 0.4, sufficiency: 0.05 }, seconds: 0.5 },
  { method: "occlusion", values: { comprehensiveness: 0.3, sufficiency: null }, seconds: 0.1 },
];

function fake(initial) {
  const state = { ...initial };
  const handlers = new Map();
  const model = {
    state, saves: 0,
    get: (k) => state[k],
    set(k, v) { const old = state[k]; state[k] = v; if (old !== v) for (const cb of [...(handlers.get(`change:${k}`) || [])]) cb(model, v); },
    on(n, cb) { if (!handlers.has(n)) handlers.set(n, []); handlers.get(n).push(cb); },
    off(n, cb) { if (!n) return handlers.clear(); handlers.set(n, cb ? (handlers.get(n) || []).filter((f) => f !== cb) : []); },
    save_changes() { model.saves += 1; },
    count: () => [...handlers.values()].reduce((a, l) => a + l.length, 0),
  };
  return model;
}

function setup() {
  const { doc, el, win } = makeDom();
  const results = ["saliency", "lime", "occlusion"].map((m) => sampleResult({ method: m, method_label: m }));
  const model = fake({
    methods: ["saliency", "lime", "occlusion"].map((m) => ({ name: m, label: m })), metrics: METRICS, table: TABLE,
    grid: [0, 0.5, 1], curves: { deletion: { saliency: [0.9, 0.6, 0.5], lime: [0.9, 0.3, 0.5] } },
    examples: [{ index: 0, text: "This movie is amazing", values: { lime: { comprehensiveness: 0.4 } }, results }],
    model_name: "m", n_examples: 1, sort_by: "", sort_desc: true, selected: -1, theme: "light",
  });
  const cleanup = widget.render({ model, el });
  return { doc, el, win, model, cleanup };
}

const order = (el) => [...el.querySelectorAll("[data-role=method-row]")].map((r) => r.dataset.method);

test("sortRows sorts by a metric with missing values last, and keeps ties in order", () => {
  assert.deepEqual(sortRows(TABLE, "comprehensiveness", true).map((r) => r.method), ["lime", "occlusion", "saliency"]);
  assert.deepEqual(sortRows(TABLE, "sufficiency", false).map((r) => r.method), ["lime", "saliency", "occlusion"]);
  assert.deepEqual(sortRows(TABLE, "sufficiency", true).map((r) => r.method), ["saliency", "lime", "occlusion"]);
  assert.deepEqual(sortRows(TABLE, "method", false).map((r) => r.method), ["lime", "occlusion", "saliency"]);
  assert.deepEqual(sortRows(TABLE, "", true), TABLE);
});

test("bestMethod follows each metric's direction; nextSort puts the best first then toggles", () => {
  assert.equal(bestMethod(TABLE, METRICS[0]), "lime");
  assert.equal(bestMethod(TABLE, METRICS[1]), "lime");
  assert.deepEqual(nextSort("", true, "sufficiency", METRICS[1]), ["sufficiency", false]);
  assert.deepEqual(nextSort("sufficiency", false, "sufficiency", METRICS[1]), ["sufficiency", true]);
  assert.deepEqual(nextSort("x", false, "comprehensiveness", METRICS[0]), ["comprehensiveness", true]);
});

test("polylinePoints maps [0,1] x [0,1] into the box", () => {
  assert.equal(polylinePoints([0, 1], [0, 1], { x: 10, y: 0, w: 100, h: 50 }), "10.0,50.0 110.0,0.0");
});

test("renders the table with direction arrows, the best value in bold, and the curves", () => {
  const { el } = setup();
  assert.deepEqual(order(el), ["saliency", "lime", "occlusion"]);
  const arrows = [...el.querySelectorAll("th .xw-dir")].map((s) => s.textContent);
  assert.deepEqual(arrows.slice(0, 3), ["\u2191", "\u2193", "\u2193"]);
  const best = [...el.querySelectorAll("td.xw-best")].map((td) => `${td.closest("tr").dataset.method}:${td.dataset.metric}`);
  assert.deepEqual(best.sort(), ["lime:comprehensiveness", "lime:sufficiency"]);
  assert.equal(el.querySelectorAll("[data-role=curve-deletion] polyline").length, 2);
  assert.equal(el.querySelector("[data-role=curve-insertion]"), null);
});

test("clicking a header sorts best first, a second click reverses; the model is saved", () => {
  const { el, model } = setup();
  el.querySelector("button[data-metric=sufficiency]").click();
  assert.equal(model.get("sort_by"), "sufficiency");
  assert.equal(model.get("sort_desc"), false);
  assert.deepEqual(order(el), ["lime", "saliency", "occlusion"]);
  assert.equal(el.querySelector("th[data-metric=sufficiency]").getAttribute("aria-sort"), "ascending");
  el.querySelector("button[data-metric=sufficiency]").click();
  assert.deepEqual(order(el), ["saliency", "lime", "occlusion"]);
  assert.ok(model.saves >= 2);
});

test("clicking an example opens the drill-down with every method's tokens; close and cleanup", () => {
  const { el, model, cleanup } = setup();
  assert.equal(el.querySelector("[data-role=drilldown]"), null);
  el.querySelector("[data-role=example]").click();
  assert.equal(model.get("selected"), 0);
  const drill = el.querySelector("[data-role=drilldown]");
  assert.ok(drill);
  assert.equal(drill.querySelectorAll("[data-role=row]").length, 3);
  assert.equal(drill.querySelector("[data-role=example-metrics] tr[data-method=lime] td[data-metric=comprehensiveness]").textContent, "0.4");
  drill.querySelector("[data-role=close]").click();
  assert.equal(model.get("selected"), -1);
  assert.equal(el.querySelector("[data-role=drilldown]"), null);
  cleanup();
  assert.equal(model.count(), 0);
  assert.equal(el.children.length, 0);
});

const CHECKS = {
  agreement: { metric: "kendall_tau", ranking: "absolute", methods: ["saliency", "lime", "occlusion"],
    matrix: [[1, 0.25, null], [0.25, 1, -0.5], [null, -0.5, 1]] },
  sanity: { steps: ["head", "layer 0", "embeddings"], threshold: 0.5,
    rows: [{ method: "saliency", values: [0.9, 0.8, 0.7], flagged: 3, n: 4 }, { method: "lime", values: [0.4, 0.1, 0.05], flagged: 0, n: 4 }] },
  stability: { metrics: [{ name: "seed_kendall", label: "Kendall tau across runs", direction: "higher", arrow: "\u2191" },
    { name: "score_spread", label: "Score spread", direction: "lower", arrow: "\u2193" }],
    rows: [{ method: "lime", values: { seed_kendall: 0.812, score_spread: 0.031 }, n: 4 }] },
};

test("the checks render: agreement heat table, sanity steps with flagged methods, stability per seeded method", () => {
  const { el, model, cleanup } = setup();
  assert.equal(el.querySelector("[data-role=agreement]"), null); // no checks in the state: no sections
  model.set("checks", CHECKS);
  const cells = [...el.querySelectorAll("[data-role=agreement] tbody tr")].map((r) => [...r.querySelectorAll("td")].map((c) => c.textContent));
  assert.deepEqual(cells, [["1", "0.25", "n/a"], ["0.25", "1", "-0.5"], ["n/a", "-0.5", "1"]]);
  const neg = el.querySelectorAll("[data-role=agreement] tbody tr")[1].querySelectorAll("td")[2];
  const pos = el.querySelectorAll("[data-role=agreement] tbody tr")[1].querySelectorAll("td")[0];
  assert.notEqual(neg.style.background, pos.style.background); // coloured by sign
  const sanity = [...el.querySelectorAll("[data-role=sanity-row]")];
  assert.deepEqual(sanity.map((r) => r.dataset.method), ["saliency", "lime"]);
  assert.ok(sanity[0].classList.contains("xw-flagged") && !sanity[1].classList.contains("xw-flagged"));
  assert.deepEqual([...sanity[0].querySelectorAll("td")].map((c) => c.textContent), ["saliency", "0.9", "0.8", "0.7", "FLAGGED 3 of 4"]);
  assert.deepEqual([...el.querySelectorAll("[data-role=sanity] thead th")].map((c) => c.textContent),
    ["method", "\u2192 head", "\u2192 layer 0", "\u2192 embeddings", "flagged"]);
  const stab = el.querySelector("[data-role=stability-row]");
  assert.deepEqual([...stab.querySelectorAll("td")].map((c) => c.textContent), ["lime", "0.812", "0.031", "4"]);
  assert.match(el.querySelector("[data-role=stability] thead").textContent, /seed_kendall\u2191.*score_spread\u2193/);
  cleanup();
});

test("check labels are text, never HTML", () => {
  const { el, model, cleanup } = setup();
  model.set("methods", [{ name: "saliency", label: "<img src=x onerror=alert(1)>" }, { name: "lime", label: "lime" }, { name: "occlusion", label: "o" }]);
  model.set("checks", CHECKS);
  assert.equal(el.querySelector("[data-role=agreement] img"), null);
  assert.equal(el.querySelector("[data-role=sanity-row] td").textContent, "<img src=x onerror=alert(1)>");
  cleanup();
});

test("a regression report: the curves span the predictions, features not tokens, table rows drill down to bars", () => {
  const { doc, el } = makeDom();
  const row = {
    layout: "table", method: "tree_shap", method_label: "TreeSHAP", text: "", tokens: ["bmi", "<b>s5</b>"],
    special: [false, false], feature_values: [0.06, 0.02], targets: [0], scores: [[22.9, -16.4]], signed: true,
    labels: ["prediction"], probabilities: [185], predicted: 0, base_values: [178.5], params: { output: "prediction" },
  };
  const model = fake({
    methods: [{ name: "tree_shap", label: "TreeSHAP" }], metrics: METRICS,
    table: [{ method: "tree_shap", values: { comprehensiveness: 11, sufficiency: -3 }, seconds: 0.1 }],
    grid: [0, 0.5, 1], curves: { deletion: { tree_shap: [185, 150, 140] } },
    examples: [{ index: 0, text: "row 0", values: { tree_shap: { comprehensiveness: 11 } }, results: [row] }],
    model_name: "rf", n_examples: 1, sort_by: "", sort_desc: true, selected: 0, theme: "light",
    output_label: "prediction of the model", feature_word: "features",
  });
  const cleanup = widget.render({ model, el });
  const svg = el.querySelector("[data-role=curve-deletion]");
  assert.match(svg.getAttribute("aria-label"), /prediction of the model against the fraction of features removed/);
  const ys = svg.querySelector("polyline").getAttribute("points").split(" ").map((p) => Number(p.split(",")[1]));
  assert.ok(ys.every((y) => y >= 10 && y <= 160), `points inside the plot box: ${ys}`);
  assert.ok(ys[0] < ys[2], "185 is drawn above 140");
  const drill = el.querySelector("[data-role=drill-tokens]");
  assert.ok(drill.textContent.includes("bmi"));
  assert.ok(drill.textContent.includes("<b>s5</b>") && !drill.querySelector("b"), "feature names stay text");
  cleanup();
  assert.equal(el.children.length, 0);
  void doc;
});

// ---- fit and finish: wrapping headers, the curves' legend, the live theme switch

const SHY = /\u00ad/g;

test("softHyphenate breaks long words at syllables into pieces of at most 8 letters; short words stay", () => {
  assert.equal(softHyphenate("comprehensiveness"), "compre\u00adhensive\u00adness");
  assert.equal(softHyphenate("sufficiency"), "suffi\u00adciency");
  for (const w of ["deletion", "insertion", "auc", "Integrated", "f1", "GradientSHAP"]) assert.equal(softHyphenate(w), w);
  for (const w of ["comprehensiveness", "sufficiency", "explanation", "randomization", "aaaaaaaaaaaaaaaa"]) {
    assert.equal(softHyphenate(w).replace(SHY, ""), w);
  }
  assert.ok(softHyphenate("explanation").split("\u00ad").every((p) => p.length <= 8));
});

test("headerParts splits after '_' and keeps the text: joined without soft hyphens it is the input", () => {
  assert.deepEqual(headerParts("aopc_comprehensiveness"), ["aopc_", "compre\u00adhensive\u00adness"]);
  assert.deepEqual(headerParts("deletion_auc"), ["deletion_", "auc"]);
  for (const t of ["s / explanation", "iou_f1", "Gradient \u00d7 input", "<b>x</b>_y"]) assert.equal(headerParts(t).join("").replace(SHY, ""), t);
});

test("summary headers may wrap (a <wbr> after each '_') and keep their text; method cells are sticky row headers", () => {
  const { el, model, cleanup } = setup();
  model.set("metrics", [...METRICS, { name: "deletion_auc", label: "Deletion AUC", higher_is_better: false, direction: "lower", arrow: "\u2193" }]);
  const th = el.querySelector("table[data-role=summary] th[data-metric=deletion_auc]");
  assert.equal(th.querySelectorAll("wbr").length, 1);
  assert.equal(th.textContent.replace(SHY, ""), "deletion_auc\u2193");
  assert.equal(el.querySelector("table[data-role=summary] th[data-metric=comprehensiveness] button").textContent.replace(SHY, ""), "comprehensiveness\u2191");
  const rowHeads = [...el.querySelectorAll("table[data-role=summary] tbody th.xw-method")];
  assert.deepEqual(rowHeads.map((c) => c.getAttribute("scope")), ["row", "row", "row"]);
  assert.ok(el.querySelector("table[data-role=summary]").classList.contains("xw-compact"));
  cleanup();
});

test("the curves have a legend naming each method that has a curve, in the colour of its line", () => {
  const { el, model, cleanup } = setup();
  const legend = el.querySelector("[data-role=curve-legend]");
  assert.ok(legend, "a legend above the curves");
  const items = [...legend.querySelectorAll("[data-method]")];
  assert.deepEqual(items.map((i) => i.dataset.method), ["saliency", "lime"]); // occlusion has no curve
  assert.deepEqual(items.map((i) => i.textContent), ["saliency", "lime"]);
  const rgbOfHex = (hex) => `rgb(${[1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16)).join(", ")})`;
  for (const item of items) {
    const line = el.querySelector(`[data-role=curve-deletion] polyline[data-method=${item.dataset.method}]`);
    assert.equal(item.querySelector(".xw-legend-line").style.background, rgbOfHex(line.getAttribute("stroke")));
  }
  assert.notEqual(items[0].querySelector(".xw-legend-line").style.background, items[1].querySelector(".xw-legend-line").style.background);
  // labels are text
  model.set("methods", [{ name: "saliency", label: "<img src=x onerror=alert(1)>" }, { name: "lime", label: "lime" }, { name: "occlusion", label: "o" }]);
  assert.equal(el.querySelector("[data-role=curve-legend] img"), null);
  assert.equal(el.querySelector("[data-role=curve-legend] [data-method=saliency]").textContent, "<img src=x onerror=alert(1)>");
  cleanup();
});

test("lineColour: the same index in both palettes, no black line on a dark background", () => {
  assert.equal(lineColour(0), LINE_COLOURS[0]);
  assert.equal(lineColour(LINE_COLOURS.length + 1), LINE_COLOURS[1]);
  assert.equal(lineColour(-1), LINE_COLOURS[0]);
  assert.equal(LINE_COLOURS_DARK.length, LINE_COLOURS.length);
  assert.ok(!LINE_COLOURS_DARK.includes("#000000"));
});

test("theme auto: a live switch to dark (JupyterLab's body attribute) repaints the lines and the agreement cells", async () => {
  const { doc, el } = makeDom();
  const methods = ["saliency", "lime", "occlusion", "a", "b", "c", "shap"].map((m) => ({ name: m, label: m }));
  const model = fake({
    methods, metrics: METRICS, table: TABLE, grid: [0, 0.5, 1],
    curves: { deletion: { shap: [0.9, 0.5, 0.1], saliency: [0.9, 0.6, 0.5] } }, examples: [], checks: CHECKS,
    model_name: "m", n_examples: 1, sort_by: "", sort_desc: true, selected: -1, theme: "auto",
  });
  const cleanup = widget.render({ model, el });
  const root = el.querySelector(".xw-er");
  const stroke = () => el.querySelector("[data-role=curve-deletion] polyline[data-method=shap]").getAttribute("stroke");
  const cell = () => el.querySelectorAll("[data-role=agreement] tbody tr")[1].querySelectorAll("td")[2].style.background;
  assert.equal(root.getAttribute("data-resolved-theme"), "light");
  assert.equal(stroke(), LINE_COLOURS[6]);
  const lightCell = cell();
  // what JupyterLab does: the theme's CSS gives the page a dark background, and body's attribute changes
  root.style.backgroundColor = "rgb(17, 17, 17)";
  doc.body.setAttribute("data-jp-theme-light", "false");
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(root.getAttribute("data-resolved-theme"), "dark");
  assert.equal(stroke(), LINE_COLOURS_DARK[6]);
  assert.equal(el.querySelector("[data-role=curve-legend] [data-method=shap] .xw-legend-line").style.background, "rgb(208, 215, 222)");
  assert.notEqual(cell(), lightCell);
  // a forced theme ignores the page
  model.set("theme", "light");
  root.style.backgroundColor = "rgb(255, 255, 255)";
  doc.body.setAttribute("data-jp-theme-light", "true");
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(stroke(), LINE_COLOURS[6]);
  cleanup();
  assert.equal(model.count(), 0);
});
