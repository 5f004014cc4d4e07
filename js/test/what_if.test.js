import test from "node:test";
import assert from "node:assert/strict";
import widget, { DEBOUNCE_MS } from "../src/what_if.js";
import { fakeModel, makeDom, sampleResult } from "./helpers.js";

const EVIL = "<img src=x onerror=alert(1)>";
const TEXT = `a great film ${EVIL}`;
const ADV = `a decent film ${EVIL}`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A result trait as WhatIf sends it: version, text, labels, probabilities, predicted, seconds, attribution. */
function resultOf(version, text, probs = [0.2, 0.8], over = {}) {
  const attribution = sampleResult({ text, targets: [probs[1] > probs[0] ? 1 : 0], scores: [sampleResult().scores[0]],
    probabilities: probs, predicted: probs[1] > probs[0] ? 1 : 0, method: "occlusion", method_label: "Occlusion", ...over });
  return { version, text, labels: ["negative", "positive"], probabilities: probs, predicted: attribution.predicted,
    seconds: 0.12, attribution };
}

function suggestionOf(over = {}) {
  return {
    method: "synonym", original: TEXT, adversarial: ADV, success: true, labels: ["negative", "positive"], target: 1,
    original_probabilities: [0.2, 0.8], adversarial_probabilities: [0.6, 0.4],
    changes: [{ position: 1, start: 2, end: 7, adv_start: 2, adv_end: 8, old: "great", new: "decent" }],
    steps: [{ text: TEXT, probability: 0.8, prediction: "positive", positions: [] },
      { text: ADV, probability: 0.4, prediction: "negative", positions: [1] }],
    calls: 17, params: {}, diagnostics: {}, model_name: "tiny", ...over,
  };
}

function neighboursOf(query = TEXT) {
  return {
    kind: "influence", method: "knn", query, query_prediction: "positive", labels: ["negative", "positive"],
    indices: [4, 0], texts: ["a fine story", `the ${EVIL} film`], example_labels: ["positive", "positive"],
    predictions: ["positive", "negative"], scores: [0.93, 0.81], kinds: ["proponent", "proponent"], params: {}, diagnostics: {},
    model_name: "tiny",
  };
}

function setup(over = {}) {
  const { doc, el, win } = makeDom();
  const model = fakeModel({ text: TEXT, result: resultOf(1, TEXT), pinned: [], suggestion: null, neighbours: null, busy: "",
    error: "", method: "occlusion", method_label: "Occlusion", model_name: "tiny-bert", neighbours_reason: "", kernel: true,
    theme: "light", ...over });
  model.sent = [];
  model.send = (msg) => model.sent.push(msg);
  const cleanup = widget.render({ model, el });
  return { doc, el, win, model, cleanup };
}

function type(win, editor, value) {
  editor.value = value;
  editor.dispatchEvent(new win.Event("input", { bubbles: true }));
}

const button = (el, role) => el.querySelector(`[data-role=actions] button[data-role=${role}]`);

test("renders the editable text, the prediction bar and coloured tokens of the result", () => {
  const { el } = setup();
  const editor = el.querySelector("textarea[data-role=editor]");
  assert.equal(editor.value, TEXT);
  assert.equal(el.querySelector("[data-role=offline-note]"), null);
  assert.match(el.querySelector("[data-role=meta]").textContent, /Occlusion.*tiny-bert/);
  const current = el.querySelector("[data-role=current]");
  assert.equal(current.getAttribute("data-version"), "1");
  assert.equal(current.querySelector("[data-role=predicted]").textContent, "positive");
  assert.equal(current.querySelectorAll("[data-role=probabilities] .xw-prob").length, 2);
  assert.equal(current.querySelectorAll(".xw-token").length, sampleResult().tokens.length);
  assert.equal(current.querySelector(".xw-token[data-token-index='4']").getAttribute("data-sign"), "1");
  for (const role of ["suggest", "neighbours", "pin"]) assert.equal(button(el, role).disabled, false, role);
  assert.equal(el.querySelector("[data-role=neighbours-reason]"), null);
});

test("the prediction and tokens are redrawn when result changes", () => {
  const { el, model } = setup();
  model.set("result", resultOf(2, "a dull film", [0.9, 0.1], { tokens: ["[CLS]", "a", "dull", "film", "[SEP]"],
    special: [true, false, false, false, true], word_start: [true, true, true, true, true], scores: [[0, 0.1, -0.5, 0.2, 0]] }));
  const current = el.querySelector("[data-role=current]");
  assert.equal(current.getAttribute("data-version"), "2");
  assert.equal(current.querySelector("[data-role=predicted]").textContent, "negative");
  assert.deepEqual([...current.querySelectorAll(".xw-token")].map((t) => t.textContent), ["[CLS]", "a", "dull", "film", "[SEP]"]);
  assert.equal(current.querySelector(".xw-token[data-token-index='2']").getAttribute("data-sign"), "-1");
});

test("edits are debounced: several keystrokes send one update of the text", async () => {
  const { el, win, model } = setup();
  const editor = el.querySelector("[data-role=editor]");
  type(win, editor, "a great");
  await sleep(100);
  type(win, editor, "a great f");
  await sleep(100);
  type(win, editor, "a great fun film");
  assert.equal(model.saves, 0);
  assert.equal(model.get("text"), TEXT);
  assert.equal(el.querySelector("[data-role=current]").getAttribute("data-stale"), "true");
  assert.ok(el.querySelector("[data-role=result-stale]"));
  await sleep(DEBOUNCE_MS - 150);
  assert.equal(model.saves, 0, "nothing sent before the pause");
  await sleep(250);
  assert.equal(model.saves, 1);
  assert.equal(model.get("text"), "a great fun film");
  assert.equal(editor.value, "a great fun film");
  // the kernel's answer for the text clears the stale mark
  model.set("result", resultOf(2, "a great fun film"));
  assert.equal(el.querySelector("[data-role=current]").getAttribute("data-stale"), "false");
  // the text set from the kernel (not being edited) replaces the editor's
  model.set("text", "from python");
  assert.equal(editor.value, "from python");
  assert.equal(model.saves, 1);
});

test("the buttons send custom messages; none while busy", () => {
  const { el, model } = setup({ suggestion: suggestionOf(), neighbours: neighboursOf(),
    pinned: [{ ...resultOf(1, TEXT) }] });
  button(el, "suggest").click();
  button(el, "neighbours").click();
  assert.deepEqual(model.sent, [{ action: "suggest" }, { action: "neighbours" }]);
  assert.equal(button(el, "pin").disabled, true, "the current version is pinned already");
  assert.equal(button(el, "pin").textContent, "pinned");
  el.querySelector("[data-role=unpin][data-version='1']").click();
  el.querySelector("[data-role=suggestion] [data-role=apply]").click();
  el.querySelector("[data-role=suggestion] [data-role=dismiss]").click();
  el.querySelector("[data-role=neighbours-panel] [data-role=dismiss]").click();
  assert.deepEqual(model.sent.slice(2), [{ action: "unpin", version: 1 }, { action: "apply" },
    { action: "dismiss", what: "suggestion" }, { action: "dismiss", what: "neighbours" }]);
  model.set("pinned", []);
  assert.equal(button(el, "pin").disabled, false);
  button(el, "pin").click();
  assert.deepEqual(model.sent.at(-1), { action: "pin" });
  model.sent.length = 0;
  model.set("busy", "suggest");
  assert.match(el.querySelector("[data-role=busy]").textContent, /counterfactual/);
  for (const role of ["suggest", "neighbours", "pin"]) {
    assert.equal(button(el, role).disabled, true, role);
    button(el, role).click();
  }
  assert.deepEqual(model.sent, []);
});

test("a pending edit is sent before a button's message, so the kernel acts on the text as typed", () => {
  const { el, win, model } = setup();
  type(win, el.querySelector("[data-role=editor]"), "edited text");
  button(el, "pin").click();
  assert.equal(model.get("text"), "edited text");
  assert.equal(model.saves, 1);
  assert.deepEqual(model.sent, [{ action: "pin" }]);
});

test("the neighbours button is disabled with its reason when the training set is unknown", () => {
  const { el, model } = setup({ neighbours_reason: "needs the training set: pass train=(texts, labels)" });
  assert.equal(button(el, "neighbours").disabled, true);
  assert.match(el.querySelector("[data-role=neighbours-reason]").textContent, /pass train=\(texts, labels\)/);
  assert.match(button(el, "neighbours").title, /train=/);
  button(el, "neighbours").click();
  assert.deepEqual(model.sent, []);
});

test("the suggestion with its changed words marked, applied and stale notes", () => {
  const { el, model } = setup({ suggestion: suggestionOf() });
  const s = el.querySelector("[data-role=suggestion]");
  assert.equal(s.querySelector("[data-role=suggestion-text]").textContent, ADV);
  assert.deepEqual([...s.querySelectorAll("[data-role=suggestion-text] [data-role=changed]")].map((m) => [m.textContent, m.title]),
    [["decent", "great \u2192 decent"]]);
  assert.equal(s.querySelector("[data-role=change]").textContent, "great \u2192 decent (word 1)");
  assert.match(s.querySelector("[data-role=suggestion-status]").textContent, /flips the prediction to negative/);
  assert.match(s.querySelector("[data-role=suggestion-probability]").textContent, /p\(positive\) 80\.0% \u2192 40\.0%/);
  assert.equal(s.querySelector("[data-role=suggestion-stale]"), null);
  assert.equal(s.querySelector("[data-role=apply]").disabled, false);
  model.set("text", ADV); // applied
  const after = el.querySelector("[data-role=suggestion]");
  assert.ok(after.querySelector("[data-role=suggestion-applied]"));
  assert.equal(after.querySelector("[data-role=apply]").disabled, true);
  model.set("text", "something else");
  assert.ok(el.querySelector("[data-role=suggestion-stale]"));
  model.set("suggestion", suggestionOf({ success: false, changes: [], adversarial: TEXT }));
  assert.match(el.querySelector("[data-role=suggestion-status]").textContent, /no flip/);
  model.set("suggestion", null);
  assert.equal(el.querySelector("[data-role=suggestion]"), null);
});

test("the nearest training examples as a table", () => {
  const { el, model } = setup({ neighbours: neighboursOf() });
  const rows = [...el.querySelectorAll("[data-role=neighbour]")];
  assert.equal(rows.length, 2);
  assert.deepEqual(rows.map((r) => r.querySelector("[data-role=neighbour-text]").textContent), ["a fine story", `the ${EVIL} film`]);
  assert.deepEqual(rows.map((r) => r.querySelector("[data-role=neighbour-score]").textContent), ["0.93", "0.81"]);
  assert.deepEqual(rows.map((r) => r.getAttribute("data-index")), ["4", "0"]);
  assert.equal(rows[1].querySelector("[data-role=neighbour-prediction]").textContent, "negative");
  assert.equal(el.querySelector("[data-role=neighbours-stale]"), null);
  model.set("text", "changed");
  assert.ok(el.querySelector("[data-role=neighbours-stale]"));
});

test("pinned versions side by side, each with its tokens and an unpin button", () => {
  const a = resultOf(1, TEXT), b = resultOf(3, "a dull film", [0.7, 0.3]);
  const { el, model, cleanup } = setup({ pinned: [a, b], result: resultOf(3, "a dull film", [0.7, 0.3]), text: "a dull film" });
  const cards = [...el.querySelectorAll("[data-role=pinned-version]")];
  assert.deepEqual(cards.map((c) => c.getAttribute("data-version")), ["1", "3"]);
  assert.deepEqual(cards.map((c) => c.querySelector("[data-role=pinned-text]").textContent), [TEXT, "a dull film"]);
  assert.deepEqual(cards.map((c) => c.querySelector("[data-role=pinned-prediction]").textContent), ["positive 80.0%", "negative 70.0%"]);
  assert.ok(cards.every((c) => c.querySelectorAll(".xw-token").length === sampleResult().tokens.length));
  assert.match(el.querySelector("[data-role=pinned] h4").textContent, /Pinned versions \(2\)/);
  model.set("pinned", [b]);
  assert.equal(el.querySelectorAll("[data-role=pinned-version]").length, 1);
  model.set("pinned", []);
  assert.equal(el.querySelector("[data-role=pinned]"), null);
  cleanup();
  assert.equal(el.childNodes.length, 0);
  assert.equal(model.listenerCount(), 0);
});

test("errors and busy states show as messages", () => {
  const { el, model } = setup();
  model.set("error", "the text is empty: type a sentence");
  const err = el.querySelector("[data-role=error]");
  assert.equal(err.textContent, "the text is empty: type a sentence");
  assert.equal(err.getAttribute("role"), "alert");
  model.set("busy", "predict");
  assert.match(el.querySelector("[data-role=busy]").textContent, /computing/);
  model.set("busy", "");
  model.set("error", "");
  assert.equal(el.querySelector("[data-role=status]").textContent, "");
});

test("without a kernel (the offline page) the text is read-only with a note; the rest still shows", () => {
  const { el, model } = setup({ kernel: false, pinned: [resultOf(1, TEXT)], suggestion: suggestionOf(), neighbours: neighboursOf() });
  assert.equal(el.querySelector("textarea"), null);
  assert.equal(el.querySelector("[data-role=text-readonly]").textContent, TEXT);
  assert.match(el.querySelector("[data-role=offline-note]").textContent, /editing .* need a running kernel/);
  for (const role of ["suggest", "neighbours", "pin"]) assert.equal(button(el, role).disabled, true, role);
  assert.equal(el.querySelector("[data-role=apply]").disabled, true);
  assert.equal(el.querySelector("[data-role=unpin]").disabled, true);
  el.querySelectorAll("button").forEach((b) => b.click());
  assert.deepEqual(model.sent, []);
  assert.equal(el.querySelectorAll("[data-role=pinned-version]").length, 1);
  assert.equal(el.querySelectorAll("[data-role=neighbour]").length, 2);
  assert.ok(el.querySelector("[data-role=suggestion-text] [data-role=changed]"));
  assert.equal(el.querySelectorAll("[data-role=current] .xw-token").length, sampleResult().tokens.length);
});

test("texts are never parsed as HTML", () => {
  const { el, model } = setup({ suggestion: suggestionOf(), neighbours: neighboursOf(), pinned: [resultOf(1, TEXT)],
    error: `could not explain ${EVIL}`, model_name: EVIL });
  assert.equal(el.querySelectorAll("img").length, 0);
  assert.equal(el.querySelector("[data-role=editor]").value, TEXT);
  assert.ok(el.querySelector("[data-role=error]").textContent.includes(EVIL));
  assert.ok(el.querySelector("[data-role=meta]").textContent.includes(EVIL));
  assert.ok(el.querySelector("[data-role=suggestion-text]").textContent.includes(EVIL));
  assert.ok(el.querySelector("[data-role=pinned-text]").textContent.includes(EVIL));
  const offline = setup({ kernel: false }).el;
  assert.equal(offline.querySelector("[data-role=text-readonly]").textContent, TEXT);
  assert.equal(offline.querySelectorAll("img").length, 0);
});

test("theme and cleanup: a pending edit is dropped with the view", async () => {
  const { el, win, model, cleanup } = setup({ theme: "dark" });
  assert.equal(el.querySelector(".xw-wi").getAttribute("data-resolved-theme"), "dark");
  model.set("theme", "light");
  assert.equal(el.querySelector(".xw-wi").getAttribute("data-resolved-theme"), "light");
  type(win, el.querySelector("[data-role=editor]"), "never sent");
  cleanup();
  await sleep(DEBOUNCE_MS + 100);
  assert.equal(model.saves, 0);
  assert.equal(model.listenerCount(), 0);
});
