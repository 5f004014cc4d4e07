import test from "node:test";
import assert from "node:assert/strict";
import widget from "../src/feature_importance.js";
import { decodeFloat32 } from "../src/shared/binary.js";
import { toBytes as attentionToBytes } from "../src/attention/data.js";
import { MISSING, bucketOf, columnRange, hitTest, swarmLayout } from "../src/feature_importance/swarm_layout.js";
import { formatValue } from "../src/feature_importance/ranking.js";
import { fakeModel, makeDom } from "./helpers.js";

const XSS = "<img src=x onerror=alert(1)>";
const NAMES = ["age", "income", XSS, "tenure", "plan"];
const VALUES = [42, 1234.5678, "yes", 0.25, null];
const SCORES = [0.12, -0.3, 0.05, -0.02, 0.2];

/** A table-row attribution as Attribution.to_json() writes it (KernelSHAP-like: additive, with base values). */
function tableResult(over = {}) {
  const base = [0.4, 0.6];
  const sum = SCORES.reduce((a, b) => a + b, 0);
  return {
    layout: "table", method: "kernel_shap", method_label: "Kernel SHAP", tokens: NAMES, feature_values: VALUES,
    targets: [1, 0], scores: [SCORES, SCORES.map((v) => -v)], labels: ["stays", "churns"],
    probabilities: [1 - (base[0] + sum), base[0] + sum], predicted: 1, signed: true, base_values: base,
    params: { output: "probability" }, diagnostics: {}, model_name: "gbm", ...over,
  };
}

/** n rows x 4 features: values[r, j] and data[r, j] deterministic; data of feature 3 has NaNs. */
function globalArrays(n = 60, nf = 4) {
  const values = new Float32Array(n * nf);
  const data = new Float32Array(n * nf);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < nf; j++) {
      data[r * nf + j] = j === 3 && r % 5 === 0 ? NaN : ((r * 7 + j * 13) % 17) / 16;
      values[r * nf + j] = (data[r * nf + j] || 0) * (j + 1) * 0.1 - 0.05 * (j + 1);
    }
  }
  return { values, data, n, nf };
}

function summary(over = {}) {
  return {
    kind: "global", method: "tree_shap", method_label: "TreeSHAP", feature_names: ["f0", "f1", XSS, "f3"],
    importances: [0.1, 0.4, 0.25, 0.05], importances_std: [0.01, 0.05, 0.02, 0.0], importance_label: "mean |SHAP value|",
    signed: true, target: "churns", labels: ["stays", "churns"], base_value: 0.3, clusters: null, surrogate: null,
    params: {}, model_name: "gbm", ...over,
  };
}

const asB64 = (f32) => Buffer.from(f32.buffer, f32.byteOffset, f32.byteLength).toString("base64");

/** A 2D context that records what is drawn. */
function spyContext() {
  const calls = { arc: 0, fill: 0, stroke: 0, clearRect: 0, fillStyles: [], images: [] };
  const ctx = {
    calls,
    createImageData: (w, h) => ({ width: w, height: h, data: new Uint8ClampedArray(w * h * 4) }),
    putImageData(image) { calls.images.push(image); },
    setTransform() {}, clearRect() { calls.clearRect += 1; }, beginPath() {}, moveTo() {},
    arc() { calls.arc += 1; }, fill() { calls.fill += 1; }, stroke() { calls.stroke += 1; },
    set fillStyle(v) { calls.fillStyles.push(v); }, get fillStyle() { return calls.fillStyles.at(-1); },
  };
  return ctx;
}

function setup(state = {}, { canvas = null } = {}) {
  const { doc, el, win } = makeDom();
  const contexts = [];
  win.HTMLCanvasElement.prototype.getContext = function () {
    if (!canvas) return null;
    if (!this.__ctx) {
      this.__ctx = spyContext();
      contexts.push(this.__ctx);
    }
    return this.__ctx;
  };
  const model = fakeModel({ mode: "local", results: [tableResult()], summary: {}, values: "", data: "", n_rows: 0,
    chart: "bars", max_features: 12, hovered_row: -1, ...state });
  const cleanup = widget.render({ model, el });
  return { doc, el, win, model, cleanup, contexts };
}

function setupGlobal(state = {}, opts = {}) {
  const { values, data, n } = globalArrays();
  return setup({ mode: "global", results: [], summary: summary(), values: new DataView(values.buffer), data: asB64(data),
    n_rows: n, chart: "beeswarm", ...state }, opts);
}

const rows = (el, chart = 0) => [...el.querySelectorAll("[data-role=chart]")[chart].querySelectorAll("[data-role=rows] > .xw-fi-item")];
const labels = (el, chart = 0) => rows(el, chart).map((r) => r.querySelector(".xw-label").textContent);
const click = (win, node) => node.dispatchEvent(new win.MouseEvent("click", { bubbles: true }));
const choose = (win, select, value) => {
  select.value = String(value);
  select.dispatchEvent(new win.Event("change", { bubbles: true }));
};
const canvasOf = (el) => el.querySelector("[data-role=beeswarm-canvas]");
const move = (win, canvas, x, y) => canvas.dispatchEvent(new win.MouseEvent("mousemove", { bubbles: true, clientX: x, clientY: y }));

// ------------------------------------------------------------------ local: bars

test("default export is an anywidget module with render()", () => {
  assert.equal(typeof widget.render, "function");
});

test("bars are sorted by |score|, labelled 'feature = value', with signed values and colours", () => {
  const { el } = setup();
  assert.deepEqual(labels(el), ["income = 1235", "plan = missing", "age = 42", `${XSS} = yes`, "tenure = 0.25"]);
  const r = rows(el);
  assert.deepEqual(r.map((x) => x.querySelector(".xw-value").textContent), ["-0.3", "+0.2", "+0.12", "+0.05", "-0.02"]);
  assert.deepEqual(r.map((x) => x.dataset.sign), ["-1", "1", "1", "1", "-1"]);
  assert.deepEqual(r.map((x) => x.dataset.featureIndex), ["1", "4", "0", "2", "3"]);
  const fill = (x) => x.querySelector("[data-role=bar-fill]").style.background;
  assert.equal(fill(r[0]), "rgb(178, 24, 43)"); // negative colour of the light palette
  assert.equal(fill(r[1]), "rgb(33, 102, 172)");
  // the negative bar ends at zero, the positive one starts there
  const zero = r[0].querySelector(".xw-zero").style.left;
  const bar0 = r[0].querySelector("[data-role=bar-fill]").style;
  assert.ok(Math.abs(parseFloat(bar0.left) + parseFloat(bar0.width) - parseFloat(zero)) < 0.01);
  assert.equal(r[1].querySelector("[data-role=bar-fill]").style.left, zero);
  assert.ok(r.every((x) => x.getAttribute("tabindex") === "0"));
  assert.equal(el.querySelector("[data-role=axis-title]").textContent, "contribution to p(churns)");
  assert.equal(el.querySelector("[data-role=predicted]").textContent, "churns");
  assert.equal(el.ownerDocument.querySelectorAll("style#xw-feature-importance-style").length, 1);
});

test("unsigned methods show magnitudes only", () => {
  const { el } = setup({ results: [tableResult({ signed: false, base_values: null, scores: [SCORES.map(Math.abs), SCORES.map(Math.abs)] })] });
  const r = rows(el);
  assert.ok(r.every((x) => x.dataset.sign === "1"));
  assert.ok(r.every((x) => !x.querySelector(".xw-value").textContent.startsWith("-")));
  assert.equal(r[0].querySelector(".xw-value").textContent, "0.3");
  assert.match(el.querySelector("[data-role=axis-title]").textContent, /\|contribution\|/);
});

test("max_features folds the rest into one 'N other features' row with their summed score", () => {
  const { el, model } = setup({ max_features: 2 });
  assert.deepEqual(labels(el), ["income = 1235", "plan = missing", "3 other features"]);
  const other = rows(el)[2];
  assert.equal(other.dataset.featureIndex, "-1");
  assert.ok(other.classList.contains("xw-other"));
  assert.ok(Math.abs(Number(other.dataset.score) - (0.12 + 0.05 - 0.02)) < 1e-12);
  model.set("max_features", 4);
  assert.deepEqual(labels(el).at(-1), "1 other feature");
  model.set("max_features", 12);
  assert.equal(rows(el).length, 5);
});

test("tooltip on hover shows feature, value, score and rank; hovered is set and reset", () => {
  const { el, win, model } = setup();
  const row = rows(el)[2]; // age
  row.querySelector("[data-role=bar-fill]").dispatchEvent(new win.MouseEvent("mouseover", { bubbles: true }));
  const tip = el.querySelector(".xw-tooltip");
  assert.equal(tip.hidden, false);
  assert.deepEqual([...tip.children].map((c) => c.textContent), ["age", "value = 42", "contribution +0.12 to p(churns)", "rank 3 of 5 by |score|"]);
  assert.equal(model.get("hovered"), 0);
  row.dispatchEvent(new win.MouseEvent("mouseout", { bubbles: true, relatedTarget: el }));
  assert.equal(tip.hidden, true);
  assert.equal(model.get("hovered"), -1);
});

test("keyboard: bars take focus with their tooltip, arrows move between them, Escape hides", () => {
  const { el, win, model, doc } = setup({ max_features: 3 });
  const r = rows(el);
  r[0].focus();
  assert.equal(model.get("hovered"), 1);
  const tip = el.querySelector(".xw-tooltip");
  assert.match(tip.textContent, /income.*rank 1 of 5/);
  assert.equal(r[0].getAttribute("aria-describedby"), tip.id);
  r[0].dispatchEvent(new win.KeyboardEvent("keydown", { key: "ArrowDown", bubbles: true }));
  assert.equal(doc.activeElement, r[1]);
  doc.activeElement.dispatchEvent(new win.KeyboardEvent("keydown", { key: "End", bubbles: true }));
  assert.equal(doc.activeElement, r[3]);
  assert.match(tip.textContent, /2 other features.*summed contribution \+0\.03/);
  assert.match(tip.textContent, /<img src=x onerror=alert\(1\)>, tenure/);
  assert.equal(model.get("hovered"), -1);
  doc.activeElement.dispatchEvent(new win.KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
  assert.equal(tip.hidden, true);
  r[3].blur();
  assert.equal(model.get("hovered"), -1);
});

test("HTML in feature names, values and labels stays inert text", () => {
  const { el, win } = setup({ results: [tableResult({ labels: ["<b>stays</b>", XSS], feature_values: VALUES.map((v, i) => (i === 0 ? XSS : v)) })] });
  assert.equal(el.querySelectorAll("img, b").length, 0);
  const row = rows(el).find((r) => r.dataset.featureIndex === "2");
  assert.equal(row.querySelector(".xw-label").textContent, `${XSS} = yes`);
  assert.equal(row.querySelector(".xw-label").children.length, 0);
  assert.equal(el.querySelector("[data-role=predicted]").textContent, XSS);
  row.dispatchEvent(new win.MouseEvent("mouseover", { bubbles: true }));
  assert.equal(el.querySelector(".xw-tooltip .xw-tt-title").textContent, XSS);
  assert.equal(el.querySelectorAll("img").length, 0);
});

// ------------------------------------------------------------------ local: waterfall

test("waterfall starts at the base value and ends at base + sum(contributions) = the model output", () => {
  const { el, model, win } = setup();
  click(win, el.querySelector("button[data-chart=waterfall]"));
  assert.equal(model.get("chart"), "waterfall");
  const base = el.querySelector("[data-role=base]");
  const out = el.querySelector("[data-role=output]");
  assert.equal(Number(base.dataset.value), 0.4);
  const sum = SCORES.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(Number(out.dataset.value) - (0.4 + sum)) < 1e-12);
  const steps = [...el.querySelectorAll("[data-role=step]")];
  assert.deepEqual(steps.map((s) => s.dataset.featureIndex), ["1", "4", "0", "2", "3"]);
  assert.equal(Number(steps[0].dataset.start), 0.4);
  for (let k = 1; k < steps.length; k++) assert.equal(steps[k].dataset.start, steps[k - 1].dataset.end);
  assert.equal(steps.at(-1).dataset.end, out.dataset.value);
  assert.equal(el.querySelector("[data-role=additivity]"), null); // probabilities[1] == base + sum
  assert.equal(el.querySelector("button[data-chart=waterfall]").getAttribute("aria-pressed"), "true");
});

test("waterfall with folded features and another class; a non-additive output is pointed out", () => {
  const { el, model } = setup({ chart: "waterfall", max_features: 2, target: 0 });
  const steps = [...el.querySelectorAll("[data-role=step]")];
  assert.deepEqual(steps.map((s) => s.querySelector(".xw-label").textContent), ["income = 1235", "plan = missing", "3 other features"]);
  assert.equal(Number(el.querySelector("[data-role=base]").dataset.value), 0.6);
  const sum = -SCORES.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(Number(el.querySelector("[data-role=output]").dataset.value) - (0.6 + sum)) < 1e-12);
  assert.equal(el.querySelector("[data-role=additivity]"), null);
  model.set("results", [tableResult({ probabilities: [0.1, 0.9] })]);
  assert.match(el.querySelector("[data-role=additivity]").textContent, /add up to 0\.55.*p\(stays\) is 0\.1/);
});

test("no base values: the waterfall button is disabled and chart='waterfall' falls back to bars", () => {
  const { el } = setup({ chart: "waterfall", results: [tableResult({ base_values: null })] });
  assert.equal(el.querySelector("button[data-chart=waterfall]").disabled, true);
  assert.equal(el.querySelector("[data-role=chart]").dataset.chart, "bars");
  assert.match(el.querySelector("[data-role=chart-note]").textContent, /no base value/);
});

// ------------------------------------------------------------------ local: switches and grid

const lime = () => tableResult({ method: "lime", method_label: "LIME", base_values: null, targets: [1], scores: [[0.4, 0.1, -0.2, 0, 0.05]] });

test("method switch re-renders with that method's scores and order", () => {
  const { el, model, win } = setup({ results: [tableResult(), lime()] });
  const select = el.querySelector("select[data-role=method]");
  assert.deepEqual([...select.options].map((o) => o.textContent), ["Kernel SHAP", "LIME"]);
  choose(win, select, 1);
  assert.equal(model.get("method_index"), 1);
  assert.equal(el.querySelector("[data-role=chart]").dataset.method, "lime");
  assert.deepEqual(rows(el).map((r) => r.dataset.featureIndex), ["0", "2", "1", "4", "3"]);
  assert.equal(el.querySelector("select[data-role=target]"), null); // LIME explains one class only
  assert.equal(el.querySelector("button[data-chart=waterfall]").disabled, true);
  model.set("method_index", 0);
  assert.equal(el.querySelector("[data-role=chart]").dataset.method, "kernel_shap");
});

test("class switch shows the other row of scores", () => {
  const { el, model, win } = setup();
  const select = el.querySelector("select[data-role=target]");
  assert.deepEqual([...select.options].map((o) => o.textContent), ["churns", "stays"]);
  choose(win, select, 0);
  assert.equal(model.get("target"), 0);
  assert.equal(rows(el)[0].dataset.sign, "1"); // income is now +0.3
  assert.equal(el.querySelector("[data-role=axis-title]").textContent, "contribution to p(stays)");
  assert.equal(el.querySelector(".xw-explained .xw-prob-label").textContent, "stays");
});

test("grid view: one small chart per method, the same features in the same order on the same scale", () => {
  const doubled = tableResult({ method: "exact_shap", method_label: "Exact SHAP", scores: [SCORES.map((v) => 2 * v), SCORES] });
  const { el, model, win } = setup({ results: [tableResult(), lime(), doubled], max_features: 3 });
  click(win, el.querySelector("[data-role=view-toggle]"));
  assert.equal(model.get("view"), "grid");
  const charts = [...el.querySelectorAll("[data-role=chart]")];
  assert.deepEqual(charts.map((c) => c.querySelector(".xw-chart-title").textContent), ["Kernel SHAP", "LIME", "Exact SHAP"]);
  const order = (k) => rows(el, k).map((r) => r.dataset.featureIndex);
  assert.deepEqual(order(0), ["1", "4", "0", "-1"]);
  assert.deepEqual(order(1), order(0));
  assert.deepEqual(order(2), order(0));
  const width = (k, i) => parseFloat(rows(el, k)[i].querySelector("[data-role=bar-fill]").style.width);
  assert.ok(Math.abs(width(2, 0) - 2 * width(0, 0)) < 1e-3); // same scale: twice the score, twice the length
  assert.equal(rows(el, 0)[0].querySelector(".xw-zero").style.left, rows(el, 2)[0].querySelector(".xw-zero").style.left);
  assert.equal(el.querySelector("select[data-role=method]").disabled, true);
  assert.equal(el.querySelector("button[data-chart=waterfall]").disabled, true);
  // hovering a feature marks it in every chart; ArrowRight moves to the same feature of the next method
  rows(el, 0)[1].focus();
  assert.ok(rows(el, 1)[1].classList.contains("xw-linked") && rows(el, 2)[1].classList.contains("xw-linked"));
  rows(el, 0)[1].dispatchEvent(new win.KeyboardEvent("keydown", { key: "ArrowRight", bubbles: true }));
  assert.equal(el.ownerDocument.activeElement, rows(el, 1)[1]);
  assert.match(el.querySelector(".xw-tooltip").textContent, /LIME/);
  click(win, el.querySelector("[data-role=view-toggle]"));
  assert.equal(el.querySelectorAll("[data-role=chart]").length, 1);
});

test("grid view: methods explaining different outputs get one scale per output, with a note", () => {
  const logOdds = tableResult({ method: "linear", method_label: "Linear", base_values: null, params: { output: "log_odds" },
    scores: [SCORES.map((v) => 10 * v), SCORES] });
  const { el } = setup({ results: [tableResult(), logOdds], view: "grid" });
  assert.match(el.querySelector("[data-role=scale-note]").textContent, /p\(churns\), log_odds of churns/);
  const width = (k) => parseFloat(rows(el, k)[0].querySelector("[data-role=bar-fill]").style.width);
  assert.ok(Math.abs(width(0) - width(1)) < 1e-3); // each on its own scale: the largest bar as long in both
  assert.equal(el.querySelectorAll("[data-role=axis-title]")[1].textContent, "contribution to log_odds of churns");
  const { el: same } = setup({ results: [tableResult(), lime()], view: "grid" });
  assert.equal(same.querySelector("[data-role=scale-note]"), null);
});

test("theme trait switches the palette; cleanup removes every listener and the view", () => {
  const { el, model, cleanup, win } = setup();
  const root = el.querySelector(".xw-fi");
  assert.equal(root.dataset.resolvedTheme, "light");
  model.set("theme", "dark");
  assert.equal(root.dataset.resolvedTheme, "dark");
  assert.equal(rows(el)[0].querySelector("[data-role=bar-fill]").style.background, "rgb(200, 55, 65)");
  const row = rows(el)[0];
  assert.ok(model.listenerCount() > 0);
  cleanup();
  assert.equal(model.listenerCount(), 0);
  assert.equal(el.children.length, 0);
  row.dispatchEvent(new win.MouseEvent("mouseover", { bubbles: true }));
  assert.equal(model.get("hovered"), -1);
  model.set("chart", "waterfall");
  assert.equal(el.children.length, 0);
});

test("empty results show a message", () => {
  const { el } = setup({ results: [] });
  assert.match(el.textContent, /no attribution results/);
});

// ------------------------------------------------------------------ global

test("global bar chart: importances sorted with std whiskers, the importance label as axis title, folding", () => {
  const { el, model, win } = setupGlobal({ chart: "bar" });
  assert.deepEqual(labels(el), ["f1", XSS, "f0", "f3"]);
  const r = rows(el);
  assert.deepEqual(r.map((x) => x.querySelector(".xw-value").textContent), ["0.4 \u00b1 0.05", "0.25 \u00b1 0.02", "0.1 \u00b1 0.01", "0.05 \u00b1 0"]);
  assert.equal(r[0].querySelectorAll("[data-role=whisker]").length, 1);
  assert.equal(r[3].querySelectorAll("[data-role=whisker]").length, 0); // std 0
  const whisker = r[0].querySelector("[data-role=whisker]").style;
  const bar = r[0].querySelector("[data-role=bar-fill]").style;
  assert.ok(Math.abs(parseFloat(whisker.left) + parseFloat(whisker.width) / 2 - (parseFloat(bar.left) + parseFloat(bar.width))) < 1e-3);
  assert.equal(el.querySelector("[data-role=axis-title]").textContent, "mean |SHAP value|");
  assert.equal(el.querySelector("[data-role=method-label]").textContent, "TreeSHAP");
  r[1].dispatchEvent(new win.MouseEvent("mouseover", { bubbles: true }));
  assert.match(el.querySelector(".xw-tooltip").textContent, /mean \|SHAP value\| 0\.25 \u00b1 0\.02 \(std\)rank 2 of 4/);
  assert.equal(model.get("hovered"), 2);
  model.set("max_features", 2);
  assert.deepEqual(labels(el), ["f1", XSS, "2 other features"]);
  assert.ok(Math.abs(Number(rows(el)[2].dataset.score) - 0.15) < 1e-12);
  assert.equal(el.querySelectorAll("img").length, 0);
});

test("beeswarm: one dot per row and shown feature drawn on one canvas, no DOM node per dot", () => {
  const { el, contexts } = setupGlobal({}, { canvas: true });
  const canvas = canvasOf(el);
  assert.ok(canvas);
  const { images, arc } = contexts[0].calls;
  assert.equal(arc, 0);
  assert.equal(images.length, 1); // every dot painted into one image
  assert.equal(canvas.dataset.drawn, "240");
  assert.equal(canvas.dataset.points, "240");
  const image = images[0];
  assert.equal(image.width, Number(canvas.width));
  const layout = canvas.__xwLayout;
  const at = (x, y) => [...image.data.subarray((Math.floor(y) * image.width + Math.floor(x)) * 4, (Math.floor(y) * image.width + Math.floor(x)) * 4 + 4)];
  for (const p of [0, 17, 100, 239]) assert.ok(at(layout.px[p], layout.py[p])[3] > 100, `dot ${p} painted`);
  assert.deepEqual(at(layout.width - 0.5, 0.5), [0, 0, 0, 0]); // a corner with no dot stays transparent
  // a row's colour: the most red dot is the one with the highest feature value of f1 (slot 0)
  const { data } = globalArrays();
  let hiRow = 0;
  for (let r = 0; r < 60; r++) if (data[r * 4 + 1] > data[hiRow * 4 + 1]) hiRow = r;
  const [red, , blue] = at(layout.px[hiRow], layout.py[hiRow]);
  assert.ok(red > blue, `high feature value is red (${red} vs ${blue})`);
  assert.ok(el.querySelectorAll("*").length < 150);
  assert.deepEqual([...el.querySelectorAll("[data-role=swarm-label]")].map((l) => l.textContent), ["f1", XSS, "f0", "f3"]);
  assert.equal(el.querySelectorAll("img").length, 0);
  assert.match(el.querySelector("[data-role=legend]").textContent, /feature value.*low.*high.*missing/);
});

test("beeswarm degrades without a 2D context: nothing drawn, the layout and hit-testing still work", () => {
  const { el } = setupGlobal();
  const canvas = canvasOf(el);
  assert.equal(canvas.dataset.drawn, "0");
  assert.equal(canvas.__xwLayout.nValid, 240);
});

test("hovering a dot shows its row's tooltip, sets hovered_row and highlights the row in every feature", () => {
  const { el, win, model, contexts } = setupGlobal({}, { canvas: true });
  const canvas = canvasOf(el);
  const layout = canvas.__xwLayout;
  // a dot whose position hit-tests to itself
  let found = null;
  for (let r = 0; r < 60 && !found; r++) {
    const pt = layout.pointOf(0, r);
    if (layout.hitTest(pt.x, pt.y) === pt.p) found = { r, pt };
  }
  assert.ok(found);
  move(win, canvas, found.pt.x + 0.5, found.pt.y);
  assert.equal(model.get("hovered_row"), found.r);
  assert.equal(model.get("hovered"), 1); // slot 0 is f1, the most important feature
  const tip = el.querySelector(".xw-tooltip");
  const { data } = globalArrays();
  assert.equal(tip.children[0].textContent, `row ${found.r}`);
  assert.equal(tip.children[1].textContent, `f1 = ${formatValue(data[found.r * 4 + 1])}`);
  assert.match(tip.children[2].textContent, /^attribution [+-]/);
  const overlay = el.querySelector(".xw-swarm-overlay");
  assert.equal(overlay.dataset.highlighted, "4");
  assert.equal(contexts[1].calls.arc, 4);
  assert.ok(el.querySelector("[data-role=swarm-label][data-feature-index='1']").classList.contains("xw-linked"));
  move(win, canvas, -50, -50);
  assert.equal(model.get("hovered_row"), -1);
  assert.equal(tip.hidden, true);
  model.set("hovered_row", 3); // from Python: the row is highlighted
  assert.equal(overlay.dataset.row, "3");
});

test("keyboard on the beeswarm: arrows walk the dots by x and across features", () => {
  const { el, win, model } = setupGlobal();
  const canvas = canvasOf(el);
  const key = (k) => canvas.dispatchEvent(new win.KeyboardEvent("keydown", { key: k, bubbles: true }));
  canvas.focus();
  key("ArrowRight");
  const layout = canvas.__xwLayout;
  const first = model.get("hovered_row");
  assert.ok(first >= 0);
  key("ArrowRight");
  const second = model.get("hovered_row");
  assert.ok(layout.pointOf(0, second).x >= layout.pointOf(0, first).x);
  key("ArrowDown");
  assert.equal(model.get("hovered_row"), second);
  assert.equal(model.get("hovered"), 2); // slot 1
  key("Escape");
  assert.equal(model.get("hovered_row"), -1);
});

test("binary traits as DataView and as base64 give the same beeswarm", () => {
  const { values, data } = globalArrays();
  const a = setupGlobal({ values: new DataView(values.buffer), data: new DataView(data.buffer) });
  const b = setupGlobal({ values: asB64(values), data: asB64(data) });
  const la = canvasOf(a.el).__xwLayout;
  const lb = canvasOf(b.el).__xwLayout;
  assert.deepEqual([...la.px], [...lb.px]);
  assert.deepEqual([...la.py], [...lb.py]);
  assert.deepEqual([...la.colour], [...lb.colour]);
  // an unaligned DataView (offset 1) decodes too
  const shifted = new Uint8Array(values.byteLength + 1);
  shifted.set(new Uint8Array(values.buffer), 1);
  assert.deepEqual([...decodeFloat32(new DataView(shifted.buffer, 1))], [...values]);
  assert.deepEqual([...decodeFloat32(asB64(new Float32Array([1.5, -2, NaN])))].map(String), ["1.5", "-2", "NaN"]);
  assert.equal(typeof attentionToBytes, "function"); // still exported where the attention explorer imports it
});

test("dot colours: per-feature 5-95 % range low -> high, NaN feature values grey", () => {
  const { el } = setupGlobal();
  const layout = canvasOf(el).__xwLayout;
  const slotOf3 = layout.slots.findIndex((s) => s.index === 3);
  assert.equal(layout.colour[slotOf3 * 60 + 0], MISSING); // row 0 of feature 3 is NaN
  assert.notEqual(layout.colour[slotOf3 * 60 + 1], MISSING);
  const [lo, hi] = columnRange(new Float32Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, NaN]), 12, 1, 0);
  assert.ok(Math.abs(lo - 0.5) < 1e-9 && Math.abs(hi - 9.5) < 1e-9);
  assert.equal(bucketOf(lo, lo, hi), 0);
  assert.equal(bucketOf(100, lo, hi), 32);
  assert.equal(bucketOf(NaN, lo, hi), MISSING);
});

test("chart switch beeswarm <-> bar; without per-row values only the bar chart", () => {
  const { el, model, win } = setupGlobal();
  click(win, el.querySelector("button[data-chart=bar]"));
  assert.equal(model.get("chart"), "bar");
  assert.equal(canvasOf(el), null);
  assert.equal(el.querySelector("[data-role=chart]").dataset.chart, "bar");
  click(win, el.querySelector("button[data-chart=beeswarm]"));
  assert.ok(canvasOf(el));
  const { el: el2 } = setup({ mode: "global", results: [], summary: summary(), chart: "bar", values: "", data: "", n_rows: 0 });
  assert.equal(el2.querySelector("button[data-chart=beeswarm]").disabled, true);
  assert.equal(el2.querySelector("[data-role=chart]").dataset.chart, "bar");
});

test("clusters table and surrogate rules, as text", () => {
  const clusters = [{ cluster: 0, size: 40, mean_prediction: 0.21, distinctive: [{ feature: XSS, effect: 1.25 }, { feature: "f0", effect: -0.5 }] },
    { cluster: 1, size: 20, mean_prediction: 0.8, distinctive: [] }];
  const surrogate = { fidelity: 0.95, depth: 2, rules: `|--- ${XSS} <= 0.50\n|   |--- class: 0\n` };
  const { el } = setupGlobal({ chart: "bar", summary: summary({ clusters, surrogate }) });
  const trs = [...el.querySelectorAll("[data-role=cluster-row]")];
  assert.deepEqual([...trs[0].children].map((c) => c.textContent), ["0", "40", "0.21", `${XSS} +1.25 sd, f0 -0.5 sd`]);
  assert.equal(trs.length, 2);
  assert.match(el.querySelector("[data-role=surrogate]").textContent, /depth 2\): fidelity 0\.95/);
  assert.equal(el.querySelector("[data-role=rules]").tagName, "PRE");
  assert.equal(el.querySelector("[data-role=rules]").textContent, surrogate.rules);
  assert.equal(el.querySelectorAll("img").length, 0);
});

test("values change from Python re-decodes; cleanup of a global view removes every listener", () => {
  const { el, model, cleanup } = setupGlobal();
  const { values } = globalArrays();
  const shifted = values.map((v) => v + 10);
  model.set("values", new DataView(shifted.buffer));
  const layout = canvasOf(el).__xwLayout;
  assert.ok(Math.abs(layout.vals[0] - (values[1] + 10)) < 1e-5); // slot 0 is f1
  cleanup();
  assert.equal(model.listenerCount(), 0);
  assert.equal(el.children.length, 0);
});

// ------------------------------------------------------------------ layout

test("swarm layout: deterministic, dots inside their row, hit-testing equals a brute-force search", () => {
  const n = 2000;
  const values = new Float32Array(n * 2);
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < values.length; i++) values[i] = (rnd() + rnd() + rnd() - 1.5) * (i % 2 ? 3 : 1);
  const opts = { values, nRows: n, nFeatures: 2, slots: [{ kind: "feature", index: 0 }, { kind: "feature", index: 1 }], width: 400, rowHeight: 30, radius: 2 };
  const a = swarmLayout(opts);
  const b = swarmLayout(opts);
  assert.deepEqual([...a.py], [...b.py]);
  for (let p = 0; p < a.count; p++) {
    const s = Math.floor(p / n);
    assert.ok(a.py[p] >= s * 30 + 2 && a.py[p] <= (s + 1) * 30 - 2, `dot ${p} leaves its row`);
    assert.ok(a.px[p] >= 2 && a.px[p] <= 398);
  }
  for (let k = 0; k < 300; k++) {
    const x = rnd() * 400;
    const y = rnd() * 60;
    let best = -1;
    let bestD = 16;
    for (let p = 0; p < a.count; p++) {
      const d = (a.px[p] - x) ** 2 + (a.py[p] - y) ** 2;
      if (d < bestD || (d === bestD && best < 0)) [best, bestD] = [p, d];
    }
    assert.equal(hitTest(a, x, y, 4), best);
  }
});

test("a 10,000 x 10 beeswarm lays out fast enough", () => {
  const n = 10000;
  const nf = 10;
  const values = new Float32Array(n * nf).map((_, i) => Math.sin(i * 12.9898) * 0.5);
  const data = new Float32Array(n * nf).map((_, i) => Math.cos(i * 4.1414));
  const t0 = performance.now();
  const layout = swarmLayout({ values, data, nRows: n, nFeatures: nf, slots: Array.from({ length: nf }, (_, j) => ({ kind: "feature", index: j })),
    width: 700, rowHeight: 30, radius: 2 });
  const ms = performance.now() - t0;
  assert.equal(layout.nValid, n * nf);
  assert.ok(ms < 1500, `layout took ${ms.toFixed(0)} ms`);
});
