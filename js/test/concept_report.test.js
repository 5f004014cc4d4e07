import test from "node:test";
import assert from "node:assert/strict";
import widget from "../src/concept_report.js";
import { cellStats, mean, rankExamples, std, tokenResult, wordStarts } from "../src/concept_report/logic.js";
import { makeDom } from "./helpers.js";

const EVIL = "<img src=x onerror=alert(1)>";
const EXAMPLES = ["a great film", "a dull plot", "warm and funny", "the worst film", "fine acting", "<b>bold</b> claims", "an ok story"];
const TOKENS = EXAMPLES.map((e) => ["[CLS]", ...e.split(" "), "[SEP]"]);
// alignment[c][l][i]; ties at concept 0 layer 0 (examples 1 and 4) keep index order
const ALIGN = [
  [[0.1, 0.5, -0.2, 0.3, 0.5, -0.4, 0.0], [0.2, 0.1, 0.0, -0.1, -0.2, -0.3, 0.6]],
  [[0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6], [-0.6, -0.5, -0.4, -0.3, -0.2, -0.1, 0.0]],
];

/** A ConceptScores.to_json()-like dict: 2 concepts x 2 layers x 4 runs, 7 examples. */
function sampleData(over = {}) {
  return {
    kind: "concept_scores", concepts: ["positive", EVIL], layers: [1, 3], layer_names: ["encoder.layer.1", "encoder.layer.3"],
    n_layers: 4, target: 1, labels: ["negative", "positive"],
    scores: [[[0.9, 0.85, 0.95, 0.9], [0.6, 0.5, 0.7, 0.4]], [[0.5, 0.45, 0.55, 0.6], [0.3, 0.7, 0.5, 0.5]]],
    random_scores: [[0.4, 0.6, 0.5, 0.55], [0.1, 0.9, 0.8, 0.2]],
    cav_accuracy: [[[0.95, 0.95, 0.95, 0.95], [0.9, 0.9, 0.9, 0.9]], [[0.8, 0.8, 0.8, 0.8], [0.5, 0.55, null, 0.52]]],
    random_accuracy: [[0.5, 0.5, 0.5, 0.5], [0.5, 0.5, 0.5, 0.5]],
    p_values: [[0.0004, 0.5], [0.9, 0.7]], p_holm: [[0.0016, 1], [1, 1]], alpha: 0.05,
    significant: [[true, false], [false, false]], near_chance: 0.6,
    p_set: [[0.004, 0.06], [0.95, 0.8]], p_set_holm: [[0.016, 0.24], [1, 1]], significant_set: [[true, false], [false, false]],
    examples: EXAMPLES, example_tokens: TOKENS, example_special: TOKENS.map((ts) => ts.map((t) => t === "[CLS]" || t === "[SEP]")),
    example_outputs: EXAMPLES.map(() => 0.5), example_probabilities: EXAMPLES.map(() => [0.3, 0.7]),
    sensitivity: ALIGN.map((c) => c.map((l) => l.map((a) => a * 2 - 0.1))), alignment: ALIGN,
    token_sensitivity: TOKENS.map((ts, i) => [0, 1].map((c) => [0, 1].map((l) => ts.map((_, t) => ((t + i + c + l) % 3) - 1 + 0.25)))),
    concept_sizes: { positive: 30, [EVIL]: 12 }, random_set_size: 30,
    params: { random_concepts: 4, cav: "logistic", pooling: "mean", output: "logit", seed: 0 }, model_name: "hand-made",
    ...over,
  };
}

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

function setup(over = {}) {
  const { doc, el, win } = makeDom();
  const model = fake({ data: sampleData(), concept_index: -1, layer_index: -1, example: -1, k: 5, theme: "light", ...over });
  const cleanup = widget.render({ model, el });
  return { doc, el, win, model, cleanup };
}

const cellEl = (el, ci, li) => el.querySelector(`[data-role=cell][data-ci="${ci}"][data-li="${li}"]`);
const close = (a, b, eps = 1e-9) => assert.ok(Math.abs(a - b) < eps, `${a} != ${b}`);

test("mean and std skip missing values; std is the population sd (numpy's default)", () => {
  close(mean([1, 2, null, 3]), 2);
  close(std([1, 2, 3, 4]), Math.sqrt(1.25));
  assert.ok(Number.isNaN(mean([null])));
});

test("cellStats: mean, spread, random band, Holm p, significance and near chance as to_pandas()", () => {
  const d = sampleData();
  const s = cellStats(d, 0, 0);
  close(s.mean, 0.9);
  close(s.sd, Math.sqrt(0.00125));
  close(s.randomMean, 0.5125);
  close(s.bandHi - s.bandLo, 4 * std([0.4, 0.6, 0.5, 0.55]));
  assert.equal(s.pHolm, 0.0016);
  assert.equal(s.significant, true);
  assert.equal(s.direction, 1);
  assert.equal(s.nearChance, false);
  const c = cellStats(d, 1, 1);
  close(c.accuracy, (0.5 + 0.55 + 0.52) / 3); // nanmean
  assert.equal(c.nearChance, true);
  assert.equal(c.significant, false);
  // without the significant field: p_holm < alpha
  assert.equal(cellStats(sampleData({ significant: undefined }), 0, 0).significant, true);
});

test("cellStats: the set test's p-values and significance; unknown (null) where the result has none", () => {
  const s = cellStats(sampleData(), 0, 0);
  assert.equal(s.pSet, 0.004);
  assert.equal(s.pSetHolm, 0.016);
  assert.equal(s.significantSet, true);
  assert.equal(cellStats(sampleData(), 0, 1).significantSet, false);
  // without significant_set: p_set_holm < alpha
  assert.equal(cellStats(sampleData({ significant_set: undefined }), 0, 0).significantSet, true);
  assert.equal(cellStats(sampleData({ significant_set: undefined }), 0, 1).significantSet, false);
  // older JSON (no keys) and NaN written as null: unknown, even where significant_set says false
  const old = cellStats(sampleData({ p_set: undefined, p_set_holm: undefined, significant_set: undefined }), 0, 0);
  assert.ok(Number.isNaN(old.pSet) && Number.isNaN(old.pSetHolm));
  assert.equal(old.significantSet, null);
  assert.equal(cellStats(sampleData({ p_set_holm: [[null, null], [null, null]] }), 0, 1).significantSet, null);
});

test("rankExamples: stable by decreasing alignment; least aligned read from the end (numpy's argsort(-a)[::-1])", () => {
  const d = sampleData();
  const r = rankExamples(d, 0, 0, 5);
  assert.deepEqual(r.most, [1, 4, 3, 0, 6]);
  assert.deepEqual(r.least, [5, 2, 6, 0, 3]);
  assert.deepEqual(rankExamples(d, 1, 1, 2), { most: [6, 5], least: [0, 1] });
});

test("tokenResult builds the attribution dict of one example's per-token sensitivity", () => {
  const d = sampleData();
  const r = tokenResult(d, 1, 0, 2);
  assert.deepEqual(r.tokens, TOKENS[2]);
  assert.deepEqual(r.scores, [d.token_sensitivity[2][1][0]]);
  assert.deepEqual(r.targets, [1]);
  assert.equal(r.predicted, 1);
  assert.equal(r.method_label, `Concept sensitivity: ${EVIL} (layer 1)`);
  assert.deepEqual(wordStarts(["[CLS]", "amaz", "##ing"]), [true, true, false]);
});

test("renders the header and the concepts x layers grid with marks, bands and the near-chance flag", () => {
  const { el } = setup();
  const meta = el.querySelector("[data-role=meta]").textContent;
  assert.match(meta, /class positive/);
  assert.match(meta, /7 examples/);
  assert.match(meta, /4 random runs/);
  assert.match(meta, /CAV: logistic regression/);
  assert.match(el.querySelector("[data-role=title]").textContent, /"positive"/);
  assert.equal(el.querySelectorAll("[data-role=concept-row]").length, 2);
  assert.equal(el.querySelectorAll("[data-role=cell]").length, 4);
  assert.deepEqual([...el.querySelectorAll("table[data-role=grid] thead th")].map((t) => t.textContent), ["concept", "layer 1", "layer 3"]);
  const sig = cellEl(el, 0, 0);
  assert.equal(sig.querySelector("[data-role=score]").textContent, "0.9 \u00b1 0.0354");
  assert.equal(sig.querySelector("[data-role=p]").textContent, "p (Holm) 0.0016");
  assert.equal(sig.querySelector("[data-role=mark]").textContent, "\u2713 significant, above random");
  assert.equal(sig.getAttribute("data-significant"), "true");
  assert.ok(sig.classList.contains("xw-sig"));
  const not = cellEl(el, 0, 1);
  assert.equal(not.querySelector("[data-role=mark]").textContent, "\u2717 not significant");
  assert.equal(not.querySelector("[data-role=near-chance]"), null);
  const marks = [...el.querySelectorAll("[data-role=mark][data-significant=true]")];
  assert.equal(marks.length, 1);
  const chance = cellEl(el, 1, 1);
  assert.equal(chance.getAttribute("data-near-chance"), "true");
  assert.match(chance.querySelector("[data-role=near-chance]").textContent, /CAV near chance \(acc\. 0\.523\)/);
  // the strip: the dot at the mean, the band at the random mean +- 2 sd of the layer
  close(parseFloat(sig.querySelector("[data-role=dot]").style.left), 90, 1e-6);
  const sd = std([0.4, 0.6, 0.5, 0.55]);
  const band = sig.querySelector("[data-role=band]");
  close(parseFloat(band.style.left), (0.5125 - 2 * sd) * 100, 0.01);
  close(parseFloat(band.style.width), 4 * sd * 100, 0.01);
  // layer 3's band is clipped to [0, 1]
  const b3 = cellEl(el, 0, 1).querySelector("[data-role=band]");
  close(parseFloat(b3.style.left), 0, 1e-6);
  close(parseFloat(b3.style.width), 100, 1e-6);
  assert.equal(el.querySelector("[data-role=drilldown]"), null);
});

test("each cell has a second line with the set test's Holm p-value and its own mark; the legend explains both", () => {
  const { el } = setup();
  const expect = { "0,0": ["set test: p = 0.016 \u2713", "true"], "0,1": ["set test: p = 0.24 \u2717", "false"],
    "1,0": ["set test: p = 1 \u2717", "false"], "1,1": ["set test: p = 1 \u2717", "false"] };
  for (const [key, [text, sig]] of Object.entries(expect)) {
    const [ci, li] = key.split(",");
    const c = cellEl(el, ci, li);
    const line = c.querySelector("[data-role=p-set]");
    assert.equal(line.textContent, text, key);
    assert.equal(line.getAttribute("data-significant-set"), sig);
    assert.equal(c.getAttribute("data-significant-set"), sig);
    assert.equal(line.querySelector("[data-role=set-mark]").getAttribute("data-significant"), sig);
    assert.ok(line.classList.contains("xw-p-set"));
    // the paper's test keeps its own line and mark, before the set test's
    assert.equal(line.previousElementSibling.getAttribute("data-role"), "mark");
  }
  // the two tests can disagree: significant by the runs' t-test, not by the set test
  const d = sampleData({ p_set_holm: [[0.3, 0.24], [1, 1]], significant_set: [[false, false], [false, false]] });
  const { el: el2 } = setup({ data: d });
  const c = cellEl(el2, 0, 0);
  assert.equal(c.querySelector("[data-role=mark]").textContent, "\u2713 significant, above random");
  assert.equal(c.querySelector("[data-role=p-set]").textContent, "set test: p = 0.3 \u2717");
  assert.match(c.getAttribute("aria-label"), /set test p \(Holm\) 0\.3; set test not significant/);
  assert.match(cellEl(el, 0, 0).getAttribute("aria-label"), /set test p \(Holm\) 0\.016; set test significant, above random/);
  const legend = el.querySelector("[data-role=legend]");
  assert.match(legend.querySelector("[data-role=legend-runs]").textContent, /t-test .*Holm-corrected p < 0\.05/);
  assert.match(legend.querySelector("[data-role=legend-set]").textContent, /set test \u2713 \/ \u2717: .*random set of the same size.*p < 0\.05; n\/a/);
});

test("older JSON without the set test (or with null p-values) shows n/a and no set mark", () => {
  for (const over of [{ p_set: undefined, p_set_holm: undefined, significant_set: undefined },
    { p_set: [[null, null], [null, null]], p_set_holm: [[null, null], [null, null]], significant_set: [[false, false], [false, false]] }]) {
    const { el, model } = setup({ data: sampleData(over) });
    assert.equal(el.querySelectorAll("[data-role=cell]").length, 4);
    for (const line of el.querySelectorAll("[data-role=p-set]")) {
      assert.equal(line.textContent, "set test: p = n/a");
      assert.equal(line.getAttribute("data-significant-set"), "n/a");
      assert.equal(line.querySelector("[data-role=set-mark]"), null);
    }
    assert.equal(cellEl(el, 0, 0).getAttribute("data-significant-set"), "n/a");
    // the paper's test is unaffected
    assert.equal(cellEl(el, 0, 0).querySelector("[data-role=mark]").textContent, "\u2713 significant, above random");
    model.set("concept_index", 0);
    model.set("layer_index", 0);
    const stats = el.querySelector("[data-role=cell-stats]");
    assert.equal(stats.querySelector("[data-role=set-test]").textContent, "set test: Holm n/a: n/a");
    assert.match(stats.querySelector("[data-role=runs-test]").textContent, /Holm 0\.0016: significant, above random/);
  }
});

test("the drill-down shows both tests (raw and Holm for the runs' t-test, Holm for the set test) and what differs", () => {
  const { el } = setup({ concept_index: 0, layer_index: 0 });
  const stats = el.querySelector("[data-role=cell-stats]");
  assert.equal(stats.querySelector("[data-role=runs-test]").textContent,
    "t-test over runs: p 4e-4, Holm 0.0016: significant, above random");
  assert.equal(stats.querySelector("[data-role=set-test]").textContent, "set test: Holm 0.016: significant, above random");
  const help = el.querySelector("[data-role=tests-help]").textContent;
  assert.match(help, /runs as independent/);
  assert.match(help, /random set of the same size/);
  const { el: el2 } = setup({ concept_index: 0, layer_index: 1 });
  assert.equal(el2.querySelector("[data-role=set-test]").textContent, "set test: Holm 0.24: not significant");
});

test("a click on a cell opens its 5 most and 5 least aligned examples; a second click closes it", () => {
  const { el, model } = setup();
  cellEl(el, 0, 0).click();
  assert.equal(model.get("concept_index"), 0);
  assert.equal(model.get("layer_index"), 0);
  assert.equal(model.saves, 1);
  const drill = el.querySelector("[data-role=drilldown]");
  assert.equal(drill.getAttribute("data-ci"), "0");
  assert.match(drill.querySelector("[data-role=drill-title]").textContent, /"positive" at layer 1 \(encoder\.layer\.1\)/);
  assert.equal(cellEl(el, 0, 0).getAttribute("aria-pressed"), "true");
  const most = [...drill.querySelectorAll("[data-role=most-aligned] tr[data-role=example]")];
  const least = [...drill.querySelectorAll("[data-role=least-aligned] tr[data-role=example]")];
  assert.equal(most.length, 5);
  assert.equal(least.length, 5);
  assert.deepEqual(most.map((r) => Number(r.dataset.example)), [1, 4, 3, 0, 6]);
  assert.equal(most[0].querySelector("[data-role=example-text]").textContent, "a dull plot");
  assert.equal(most[0].querySelector("[data-role=alignment]").textContent, "+0.5");
  assert.equal(most[0].querySelector("[data-role=sensitivity]").textContent, "+0.9");
  assert.equal(least[0].querySelector("[data-role=alignment]").textContent, "-0.4");
  assert.match(drill.querySelector("[data-role=cell-stats]").textContent, /Holm 0\.0016: significant, above random/);
  cellEl(el, 1, 1).click();
  assert.equal(el.querySelector("[data-role=drilldown]").getAttribute("data-ci"), "1");
  assert.match(el.querySelector("[data-role=cell-stats]").textContent, /near chance/);
  cellEl(el, 1, 1).click();
  assert.equal(model.get("concept_index"), -1);
  assert.equal(el.querySelector("[data-role=drilldown]"), null);
  cellEl(el, 0, 1).click();
  el.querySelector("[data-role=close]").click();
  assert.equal(el.querySelector("[data-role=drilldown]"), null);
  // k from the trait
  model.set("k", 2);
  cellEl(el, 0, 0).click();
  assert.equal(el.querySelectorAll("[data-role=most-aligned] tr[data-role=example]").length, 2);
});

test("a click on an example shows its tokens coloured by their concept sensitivity", () => {
  const { el, model } = setup({ concept_index: 1, layer_index: 0 });
  const row = el.querySelector("[data-role=most-aligned] tr[data-role=example]");
  const i = Number(row.dataset.example);
  assert.equal(i, 6);
  row.click();
  assert.equal(model.get("example"), 6);
  const panel = el.querySelector("[data-role=tokens-panel]");
  assert.equal(panel.getAttribute("data-example"), "6");
  const spans = [...panel.querySelectorAll(".xw-th .xw-token")];
  assert.deepEqual(spans.map((s) => s.textContent), TOKENS[6]);
  const expected = sampleData().token_sensitivity[6][1][0];
  spans.forEach((s, t) => {
    if (TOKENS[6][t] === "[CLS]" || TOKENS[6][t] === "[SEP]") return;
    assert.equal(Number(s.getAttribute("data-score")), expected[t]);
    assert.ok(s.style.backgroundColor.startsWith("rgb"), `token ${t} is coloured`);
  });
  const pos = spans.find((s) => Number(s.getAttribute("data-score")) > 0.5);
  const neg = spans.find((s) => Number(s.getAttribute("data-score")) < -0.5);
  const rgb = (s) => s.style.backgroundColor.match(/\d+/g).map(Number);
  assert.ok(rgb(pos)[2] > rgb(pos)[0], "positive sensitivity is blue");
  assert.ok(rgb(neg)[0] > rgb(neg)[2], "negative sensitivity is red");
  assert.equal(el.querySelectorAll("[aria-selected=true][data-example='6']").length, 1);
  // the other list's row, then the same row again: deselects
  el.querySelector("[data-role=least-aligned] tr[data-role=example]").click();
  assert.equal(model.get("example"), 0);
  el.querySelector("[data-role=least-aligned] tr[data-role=example]").click();
  assert.equal(model.get("example"), -1);
  assert.equal(el.querySelector("[data-role=tokens-panel]"), null);
});

test("Enter on an example selects it; Escape closes the cell and focuses it again", () => {
  const { el, model, win } = setup({ concept_index: 0, layer_index: 1 });
  const row = el.querySelector("[data-role=least-aligned] tr[data-role=example]");
  row.focus();
  row.dispatchEvent(new win.KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
  assert.equal(model.get("example"), Number(row.dataset.example));
  assert.equal(el.ownerDocument.activeElement.dataset.example, row.dataset.example); // focus kept across the redraw
  el.ownerDocument.activeElement.dispatchEvent(new win.KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
  assert.equal(model.get("concept_index"), -1);
  assert.equal(el.ownerDocument.activeElement, cellEl(el, 0, 1));
});

test("concept names, labels and example text stay inert text", () => {
  const { el, doc } = setup({
    data: sampleData({ labels: ["neg", "<script>alert(2)</script>"] }), concept_index: 1, layer_index: 0, example: 5,
  });
  assert.equal(doc.querySelectorAll("img, script, b").length, 0);
  assert.equal(el.querySelectorAll("[data-role=concept]")[1].textContent, EVIL);
  assert.match(el.querySelector("[data-role=drill-title]").textContent, /<img src=x onerror=alert\(1\)>/);
  assert.match(el.querySelector("[data-role=title]").textContent, /<script>alert\(2\)<\/script>/);
  const texts = [...el.querySelectorAll("[data-role=example-text]")].map((t) => t.textContent);
  assert.ok(texts.includes("<b>bold</b> claims"));
  assert.ok([...el.querySelectorAll(".xw-token")].some((t) => t.textContent === "<b>bold</b>"));
});

test("theme trait, traits changed from Python, empty data, and cleanup", () => {
  const { el, model, cleanup } = setup({ theme: "dark" });
  const root = el.querySelector(".xw-cr");
  assert.equal(root.getAttribute("data-theme"), "dark");
  assert.equal(root.getAttribute("data-resolved-theme"), "dark");
  model.set("theme", "light");
  assert.equal(el.querySelector(".xw-cr").getAttribute("data-resolved-theme"), "light");
  model.set("concept_index", 0);
  model.set("layer_index", 1);
  model.set("example", 3);
  assert.equal(el.querySelector("[data-role=tokens-panel]").getAttribute("data-example"), "3");
  assert.equal(el.querySelector(".xw-th").getAttribute("data-theme"), "light"); // the embedded view follows
  model.set("concept_index", 9); // out of range: no drill-down, no error
  assert.equal(el.querySelector("[data-role=drilldown]"), null);
  model.set("data", {});
  assert.equal(el.querySelector(".xw-empty-state").textContent, "no concept scores to show");
  cleanup();
  assert.equal(model.count(), 0);
  assert.equal(el.querySelector(".xw-cr"), null);
});
