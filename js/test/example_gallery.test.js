import test from "node:test";
import assert from "node:assert/strict";
import widget from "../src/example_gallery.js";
import { distinctKinds, filterRows, kindSlots, kindTitle, paramsText, readRows, scoreBar, scoreScale, sortRows } from "../src/example_gallery/logic.js";
import { fakeModel, makeDom, sampleResult } from "./helpers.js";

const EVIL = "<img src=x onerror=alert(1)>";

/** An ExampleSet.to_json()-like dict: 3 proponents, 2 opponents; row 1 and row 4 misclassified; row 2 is EVIL. */
function sampleData(over = {}) {
  return {
    kind: "influence", method: "tracin", query: "a great cast <b>and</b> a dull plot", query_prediction: "positive",
    labels: ["negative", "positive"], indices: [7, 3, 12, 5, 9],
    texts: ["a great film", "the cast is fun", EVIL, "boring and slow", "not good at all"],
    example_labels: ["positive", "negative", "positive", "negative", "positive"],
    predictions: ["positive", "positive", "positive", "negative", "negative"],
    scores: [0.9, 0.4, 0.1, -0.2, -0.6], kinds: ["proponent", "proponent", "proponent", "opponent", "opponent"],
    params: { method: "tracin", k: 3, layers: "top", nested: { a: 1 } }, diagnostics: { n_train: 10 }, model_name: "tiny-bert",
    ...over,
  };
}

const attrOf = (text, tokens) => sampleResult({ text, tokens, special: tokens.map(() => false), word_start: tokens.map(() => true),
  targets: [1], scores: [tokens.map((_, i) => (i % 2 ? -0.5 : 0.8))], method: "occlusion", method_label: "Occlusion" });

function sampleAttributions(d = sampleData()) {
  return d.texts.map((t, i) => (i === 4 ? null : attrOf(t, t.split(" "))));
}

function setup(over = {}) {
  const { doc, el, win } = makeDom();
  const d = over.data || sampleData();
  const model = fakeModel({ data: d, attributions: sampleAttributions(d), query_attribution: attrOf(d.query, d.query.split(" ")),
    attribution: "occlusion", attribution_note: "", max_attributions: 4, selected: -1, theme: "light", ...over });
  const cleanup = widget.render({ model, el });
  return { doc, el, win, model, cleanup };
}

const shownRows = (el) => [...el.querySelectorAll("tr[data-role=example]")].map((tr) => Number(tr.getAttribute("data-row")));
const texts = (el, role) => [...el.querySelectorAll(`tr[data-role=example] [data-role=${role}]`)].map((x) => x.textContent);
const rowEl = (el, i) => el.querySelector(`tr[data-role=example][data-row="${i}"]`);
const sortBy = (el, key) => el.querySelector(`[data-role=sort][data-key=${key}]`).click();
const hover = (win, target, related = null) => {
  target.dispatchEvent(new win.MouseEvent("mouseover", { bubbles: true, relatedTarget: related }));
};
const leave = (win, target, related = null) => {
  target.dispatchEvent(new win.MouseEvent("mouseout", { bubbles: true, relatedTarget: related }));
};

test("readRows: rank within the kind, misclassified where label and prediction differ", () => {
  const rows = readRows(sampleData());
  assert.deepEqual(rows.map((r) => r.rank), [1, 2, 3, 1, 2]);
  assert.deepEqual(rows.map((r) => r.misclassified), [false, true, false, false, true]);
  assert.deepEqual(rows.map((r) => r.index), [7, 3, 12, 5, 9]);
  assert.deepEqual(distinctKinds(rows), ["proponent", "opponent"]);
  const empty = readRows(sampleData({ example_labels: ["", "a", "b", "c", "d"], predictions: ["x", "", "b", "c", "e"], scores: [null, 1, 2, 3, 4] }));
  assert.deepEqual(empty.map((r) => r.misclassified), [false, false, false, false, true]); // a blank label or prediction is no error
  assert.ok(Number.isNaN(empty[0].score));
});

test("sortRows: by any column both ways, ties in the result's order, missing scores last", () => {
  const rows = readRows(sampleData({ scores: [0.9, null, 0.1, -0.2, 0.1] }));
  assert.deepEqual(sortRows(rows, "score", "desc").map((r) => r.row), [0, 2, 4, 3, 1]);
  assert.deepEqual(sortRows(rows, "score", "asc").map((r) => r.row), [3, 2, 4, 0, 1]);
  assert.deepEqual(sortRows(rows, "rank", "asc").map((r) => r.row), [0, 3, 1, 4, 2]);
  assert.deepEqual(sortRows(rows, "kind", "asc").map((r) => r.row), [3, 4, 0, 1, 2]);
  assert.deepEqual(sortRows(rows, "text", "asc").map((r) => r.text)[0], EVIL); // "<" sorts first
  assert.deepEqual(sortRows(rows, null).map((r) => r.row), [0, 1, 2, 3, 4]);
});

test("filterRows, the score bar, kind colour slots and small texts", () => {
  const rows = readRows(sampleData());
  assert.deepEqual(filterRows(rows, { hidden: new Set(["opponent"]) }).map((r) => r.row), [0, 1, 2]);
  assert.deepEqual(filterRows(rows, { search: "  CAST " }).map((r) => r.row), [1]);
  assert.deepEqual(filterRows(rows, { misclassifiedOnly: true }).map((r) => r.row), [1, 4]);
  const scale = scoreScale(rows);
  assert.deepEqual(scale, { max: 0.9, signed: true });
  assert.deepEqual(scoreBar(0.9, scale), { left: 50, width: 50, sign: 1 });
  const neg = scoreBar(-0.45, scale);
  assert.ok(Math.abs(neg.left - 25) < 1e-9 && Math.abs(neg.width - 25) < 1e-9 && neg.sign === -1);
  assert.deepEqual(scoreBar(0.3, { max: 0.6, signed: false }), { left: 0, width: 50, sign: 1 });
  const slots = kindSlots(["cluster 3", "opponent", "cluster 1", "proponent"]);
  assert.equal(slots.get("proponent"), 0);
  assert.equal(slots.get("opponent"), 1);
  assert.notEqual(slots.get("cluster 3"), slots.get("cluster 1"));
  assert.ok(![0, 1].includes(slots.get("cluster 3")));
  assert.equal(kindTitle("influence"), "Influential training examples");
  assert.equal(kindTitle("clusters"), "Clusters of the text representations");
  assert.equal(kindTitle("my kind"), "my kind");
  assert.equal(paramsText({ k: 3, layers: "top", nested: { a: 1 } }), "k=3, layers=top");
});

test("renders the header and one row per example with rank, text, label, prediction, signed score, bar and kind", () => {
  const { el } = setup();
  assert.equal(el.querySelector("[data-role=title]").textContent, "Influential training examples");
  const meta = el.querySelector("[data-role=meta]").textContent;
  assert.match(meta, /kind influence/);
  assert.match(meta, /method tracin/);
  assert.match(meta, /5 examples/);
  assert.match(meta, /2 misclassified/);
  assert.match(meta, /model tiny-bert/);
  assert.equal(el.querySelector("[data-role=query]").textContent, "a great cast <b>and</b> a dull plot");
  assert.equal(el.querySelector("[data-role=query-prediction]").textContent, "positive");
  assert.equal(el.querySelector("[data-role=params]").textContent, "params: method=tracin, k=3, layers=top");
  // the query's tokens, coloured by their attribution
  const qt = [...el.querySelectorAll("[data-role=query-tokens] .xw-token")];
  assert.deepEqual(qt.map((t) => t.textContent), sampleData().query.split(" "));
  assert.ok(qt[0].style.backgroundColor && qt[0].getAttribute("data-sign") === "1");
  assert.equal(qt[1].getAttribute("data-sign"), "-1");
  assert.deepEqual(shownRows(el), [0, 1, 2, 3, 4]);
  assert.deepEqual([...el.querySelectorAll("thead th")].map((th) => th.textContent), ["rank", "text", "label", "prediction", "score", "kind"]);
  assert.deepEqual(texts(el, "rank"), ["1", "2", "3", "1", "2"]);
  assert.deepEqual(texts(el, "text"), sampleData().texts);
  assert.deepEqual(texts(el, "label"), sampleData().example_labels);
  assert.deepEqual(texts(el, "score"), ["+0.9", "+0.4", "+0.1", "-0.2", "-0.6"]);
  assert.deepEqual(texts(el, "kind"), sampleData().kinds);
  const bars = [...el.querySelectorAll("[data-role=bar]")];
  assert.equal(bars[0].style.width, "50%");
  assert.equal(bars[0].getAttribute("data-sign"), "1");
  assert.equal(bars[4].getAttribute("data-sign"), "-1");
  assert.ok(Math.abs(parseFloat(bars[4].style.width) - (0.6 / 0.9) * 50) < 1e-6);
  // misclassified rows are marked
  assert.deepEqual([...el.querySelectorAll("tr.xw-miss")].map((tr) => Number(tr.getAttribute("data-row"))), [1, 4]);
  assert.equal(rowEl(el, 1).querySelector("[data-role=miss-mark]").textContent, "\u2717");
  assert.equal(rowEl(el, 0).querySelector("[data-role=miss-mark]"), null);
  assert.equal(rowEl(el, 4).getAttribute("data-attributed"), "false");
  assert.equal(el.querySelector("[data-role=count]").textContent, "5 examples");
  assert.equal(el.querySelector("[data-role=detail]").getAttribute("data-mode"), "none");
});

test("clicking a column header sorts by it; again reverses; aria-sort follows", () => {
  const { el } = setup();
  sortBy(el, "score");
  assert.deepEqual(shownRows(el), [0, 1, 2, 3, 4]); // score: descending first
  assert.equal(el.querySelector("th[data-key=score]").getAttribute("aria-sort"), "descending");
  sortBy(el, "score");
  assert.deepEqual(shownRows(el), [4, 3, 2, 1, 0]);
  assert.equal(el.querySelector("th[data-key=score]").getAttribute("aria-sort"), "ascending");
  sortBy(el, "rank");
  assert.deepEqual(shownRows(el), [0, 3, 1, 4, 2]);
  assert.equal(el.querySelector("th[data-key=score]").getAttribute("aria-sort"), null);
  sortBy(el, "rank");
  assert.deepEqual(shownRows(el), [2, 1, 4, 0, 3]);
  sortBy(el, "label");
  assert.deepEqual(texts(el, "label"), ["negative", "negative", "positive", "positive", "positive"]);
  sortBy(el, "prediction");
  sortBy(el, "prediction");
  assert.deepEqual(shownRows(el), [0, 1, 2, 3, 4].filter((i) => sampleData().predictions[i] === "positive").concat([3, 4]));
  sortBy(el, "kind");
  assert.deepEqual(texts(el, "kind"), ["opponent", "opponent", "proponent", "proponent", "proponent"]);
  sortBy(el, "text");
  assert.equal(texts(el, "text")[0], EVIL);
  assert.equal(el.ownerDocument.activeElement.getAttribute("data-key"), "text"); // focus stays on the header
});

test("kind toggles, the search box and misclassified-only filter the rows; sorting keeps the filter", () => {
  const { el, win } = setup();
  const toggles = [...el.querySelectorAll("[data-role=kind-toggle]")];
  assert.deepEqual(toggles.map((b) => b.textContent), ["proponent", "opponent"]);
  toggles[1].click();
  assert.equal(toggles[1].getAttribute("aria-pressed"), "false");
  assert.deepEqual(shownRows(el), [0, 1, 2]);
  assert.equal(el.querySelector("[data-role=count]").textContent, "showing 3 of 5");
  const search = el.querySelector("[data-role=search]");
  search.value = "FILM";
  search.dispatchEvent(new win.Event("input", { bubbles: true }));
  assert.deepEqual(shownRows(el), [0]);
  sortBy(el, "score");
  assert.deepEqual(shownRows(el), [0]);
  search.value = "nothing like this";
  search.dispatchEvent(new win.Event("input", { bubbles: true }));
  assert.deepEqual(shownRows(el), []);
  assert.match(el.querySelector("[data-role=no-match]").textContent, /no example matches/);
  search.value = "";
  search.dispatchEvent(new win.Event("input", { bubbles: true }));
  toggles[1].click();
  assert.deepEqual(shownRows(el).length, 5);
  const miss = el.querySelector("[data-role=misclassified-only]");
  assert.equal(miss.textContent, "misclassified only (2)");
  miss.click();
  assert.deepEqual(shownRows(el).sort(), [1, 4]);
  miss.click();
  assert.equal(shownRows(el).length, 5);
});

test("generic kinds (clusters) get one toggle each, with distinct colours", () => {
  const d = sampleData({ kind: "clusters", method: "kmeans", query: "", query_prediction: "",
    kinds: ["cluster 3", "cluster 3", "cluster 1", "cluster 0", "cluster 1"] });
  const { el } = setup({ data: d, query_attribution: null });
  assert.equal(el.querySelector("[data-role=query-box]"), null);
  const toggles = [...el.querySelectorAll("[data-role=kind-toggle]")];
  assert.deepEqual(toggles.map((b) => b.textContent), ["cluster 3", "cluster 1", "cluster 0"]);
  assert.equal(new Set(toggles.map((b) => b.className)).size, 3);
  toggles[0].click();
  assert.deepEqual(shownRows(el), [2, 3, 4]);
  assert.deepEqual(texts(el, "rank"), ["1", "1", "2"]);
  // a single kind: no toggles
  const one = setup({ data: sampleData({ kind: "self_influence", query: "", kinds: Array(5).fill("self-influence") }), query_attribution: null });
  assert.equal(one.el.querySelectorAll("[data-role=kind-toggle]").length, 0);
  assert.match(one.el.querySelector("[data-role=score-help]").textContent, /self-influence/);
});

test("hovering a row previews its tokens; clicking pins them and sets selected; leaving shows the pinned row", () => {
  const { el, win, model } = setup();
  const detail = () => el.querySelector("[data-role=detail]");
  hover(win, rowEl(el, 1).querySelector("[data-role=text]"));
  assert.equal(detail().getAttribute("data-mode"), "preview");
  assert.equal(detail().getAttribute("data-row"), "1");
  assert.ok(rowEl(el, 1).classList.contains("xw-preview"));
  const tokens = () => [...detail().querySelectorAll("[data-role=token-view] .xw-token")].map((t) => t.textContent);
  assert.deepEqual(tokens(), "the cast is fun".split(" "));
  assert.ok(detail().querySelector(".xw-th .xw-token").style.backgroundColor); // the TokenHighlight rendering
  assert.equal(model.get("selected"), -1);
  // moving to another row, then out of the table
  hover(win, rowEl(el, 0), null);
  assert.equal(detail().getAttribute("data-row"), "0");
  leave(win, rowEl(el, 0), el.querySelector("[data-role=legend]"));
  assert.equal(detail().getAttribute("data-mode"), "none");
  // click pins
  rowEl(el, 3).querySelector("[data-role=label]").click();
  assert.equal(model.get("selected"), 3);
  assert.ok(model.saves >= 1);
  assert.equal(rowEl(el, 3).getAttribute("aria-selected"), "true");
  assert.equal(detail().getAttribute("data-mode"), "pinned");
  assert.deepEqual(tokens(), "boring and slow".split(" "));
  hover(win, rowEl(el, 0));
  assert.equal(detail().getAttribute("data-mode"), "preview");
  leave(win, rowEl(el, 0), null);
  assert.equal(detail().getAttribute("data-mode"), "pinned");
  assert.equal(detail().getAttribute("data-row"), "3");
  // a row without an attribution shows its text and why
  rowEl(el, 4).click();
  assert.equal(model.get("selected"), 4);
  assert.equal(detail().querySelector("[data-role=token-view]"), null);
  assert.equal(detail().querySelector("[data-role=detail-text]").textContent, "not good at all");
  assert.match(detail().querySelector("[data-role=detail-note]").textContent, /max_attributions/);
  // clicking the pinned row again unpins; so does the unpin button
  rowEl(el, 4).click();
  assert.equal(model.get("selected"), -1);
  rowEl(el, 2).click();
  el.querySelector("[data-role=unpin]").click();
  assert.equal(model.get("selected"), -1);
  assert.equal(detail().getAttribute("data-mode"), "none");
});

test("selected set from Python pins the row; keyboard: Enter pins, arrows move, Escape unpins", () => {
  const { el, model, doc, win } = setup({ selected: 2 });
  assert.equal(el.querySelector("[data-role=detail]").getAttribute("data-row"), "2");
  assert.equal(rowEl(el, 2).getAttribute("aria-selected"), "true");
  model.set("selected", 0);
  assert.equal(el.querySelector("[data-role=detail]").getAttribute("data-row"), "0");
  assert.equal(rowEl(el, 2).getAttribute("aria-selected"), "false");
  model.set("selected", 99); // out of range: nothing pinned
  assert.equal(el.querySelector("[data-role=detail]").getAttribute("data-mode"), "none");
  rowEl(el, 1).focus();
  assert.equal(el.querySelector("[data-role=detail]").getAttribute("data-mode"), "preview");
  const key = (target, k) => target.dispatchEvent(new win.KeyboardEvent("keydown", { key: k, bubbles: true }));
  key(rowEl(el, 1), "ArrowDown");
  assert.equal(doc.activeElement, rowEl(el, 2));
  key(rowEl(el, 2), "Enter");
  assert.equal(model.get("selected"), 2);
  key(rowEl(el, 2), "Escape");
  assert.equal(model.get("selected"), -1);
  assert.equal(doc.activeElement, rowEl(el, 2));
});

test("text only (attribution null) and a note from Python say why there are no tokens", () => {
  const d = sampleData();
  const { el, win } = setup({ attributions: d.texts.map(() => null), query_attribution: null, attribution: null });
  assert.equal(el.querySelector("[data-role=query-tokens]"), null);
  hover(win, rowEl(el, 0));
  assert.match(el.querySelector("[data-role=detail-note]").textContent, /text only/);
  const noted = setup({ attributions: d.texts.map(() => null), query_attribution: null, attribution_note: "no token attributions: another model" });
  hover(noted.win, rowEl(noted.el, 0));
  assert.equal(noted.el.querySelector("[data-role=detail-note]").textContent, "no token attributions: another model");
});

test("every text is put on the page as text: nothing is parsed as HTML", () => {
  const d = sampleData({ kinds: ["proponent", EVIL, "proponent", "opponent", "opponent"], example_labels: ["positive", "negative", EVIL, "negative", "positive"],
    model_name: EVIL, query: EVIL, method: "<b>m</b>" });
  const { el, win, model } = setup({ data: d, attribution_note: EVIL, attributions: d.texts.map(() => null) });
  assert.equal(el.querySelectorAll("img, b, script").length, 0);
  assert.equal(el.querySelector("[data-role=query]").textContent, EVIL);
  assert.equal(rowEl(el, 2).querySelector("[data-role=text]").textContent, EVIL);
  assert.equal(rowEl(el, 2).querySelector("[data-role=label]").textContent, EVIL);
  assert.equal(rowEl(el, 1).querySelector("[data-role=kind]").textContent, EVIL);
  assert.ok([...el.querySelectorAll("[data-role=kind-toggle]")].some((b) => b.textContent === EVIL));
  assert.match(el.querySelector("[data-role=meta]").textContent, /<b>m<\/b>/);
  rowEl(el, 2).click();
  assert.equal(model.get("selected"), 2);
  assert.equal(el.querySelector("[data-role=detail-text]").textContent, EVIL);
  assert.equal(el.querySelector("[data-role=detail-note]").textContent, EVIL);
  // tokens too (the embedded TokenHighlight)
  model.set("attributions", d.texts.map((t) => attrOf(t, [t, "!"])));
  hover(win, rowEl(el, 2));
  assert.equal(el.querySelector("[data-role=token-view] .xw-token").textContent, EVIL);
  assert.equal(el.querySelectorAll("img, b, script").length, 0);
});

test("theme: forced dark sets the resolved theme; data changes redraw; cleanup removes everything", () => {
  const { el, model, cleanup } = setup({ theme: "dark" });
  const root = el.querySelector(".xw-eg");
  assert.equal(root.getAttribute("data-resolved-theme"), "dark");
  assert.equal(root.getAttribute("data-widget"), "example-gallery");
  model.set("theme", "light");
  assert.equal(el.querySelector(".xw-eg").getAttribute("data-resolved-theme"), "light");
  sortBy(el, "score");
  sortBy(el, "score");
  model.set("data", sampleData({ texts: ["x", "y", "z", "w", "v"], scores: [1, 2, 3, 4, 5] }));
  assert.deepEqual(texts(el, "text"), ["x", "y", "z", "w", "v"]); // sort state kept: ascending score
  model.set("data", sampleData({ texts: [], indices: [], example_labels: [], predictions: [], scores: [], kinds: [] }));
  assert.match(el.textContent, /holds no examples/);
  model.set("data", {});
  assert.match(el.textContent, /no examples to show/);
  cleanup();
  assert.equal(el.children.length, 0);
  assert.equal(model.listenerCount(), 0);
});
