import test from "node:test";
import assert from "node:assert/strict";
import widget from "../src/adversarial_view.js";
import { argmax, chartGeometry, markedPieces, threshold } from "../src/adversarial_view/logic.js";
import { fakeModel, makeDom, sampleResult } from "./helpers.js";

const EVIL = "<img src=x onerror=alert(1)>";
const ORIGINAL = `a great film ${EVIL} with fine acting`;
const ADVERSARIAL = `a decent film ${EVIL} with okay acting`;

/** An AdversarialExample.to_json()-like dict: two words changed, flipped from positive to negative. */
function sampleExample(over = {}) {
  const s1 = ORIGINAL.replace("great", "decent");
  return {
    method: "synonym", original: ORIGINAL, adversarial: ADVERSARIAL, success: true, labels: ["negative", "positive"],
    target: 1, original_probabilities: [0.1, 0.9], adversarial_probabilities: [0.7, 0.3],
    changes: [
      { position: 1, start: 2, end: 7, adv_start: 2, adv_end: 8, old: "great", new: "decent" },
      { position: 8, start: ORIGINAL.indexOf("fine"), end: ORIGINAL.indexOf("fine") + 4,
        adv_start: ADVERSARIAL.indexOf("okay"), adv_end: ADVERSARIAL.indexOf("okay") + 4, old: "fine", new: "okay" },
    ],
    steps: [
      { text: ORIGINAL, probability: 0.9, prediction: "positive", positions: [] },
      { text: s1, probability: 0.6, prediction: "positive", positions: [1] },
      { text: ADVERSARIAL, probability: 0.3, prediction: "negative", positions: [8] },
    ],
    calls: 42, params: { max_changes: 3 }, diagnostics: {}, model_name: "hand-made", ...over,
  };
}

function setup(over = {}) {
  const { doc, el, win } = makeDom();
  const model = fakeModel({ data: sampleExample(), attributions: [], attribution_note: "", theme: "light", ...over });
  const cleanup = widget.render({ model, el });
  return { doc, el, win, model, cleanup };
}

test("markedPieces cuts each text at the changes' offsets, as AdversarialExample.marked()", () => {
  const d = sampleExample();
  const adv = markedPieces(d, "adversarial");
  assert.deepEqual(adv.filter((p) => p.change >= 0).map((p) => [p.text, p.change]), [["decent", 0], ["okay", 1]]);
  assert.equal(adv.map((p) => p.text).join(""), ADVERSARIAL);
  const orig = markedPieces(d, "original");
  assert.deepEqual(orig.filter((p) => p.change >= 0).map((p) => p.text), ["great", "fine"]);
  assert.equal(orig.map((p) => p.text).join(""), ORIGINAL);
  // offsets out of the text or overlapping are left unmarked, never thrown on
  const bad = sampleExample({ changes: [{ start: 2, end: 900, adv_start: 2, adv_end: 900, old: "x", new: "y" },
    { start: 0, end: 5, adv_start: 0, adv_end: 5 }, { start: 3, end: 6, adv_start: 3, adv_end: 6 }] });
  const pieces = markedPieces(bad, "adversarial");
  assert.equal(pieces.map((p) => p.text).join(""), ADVERSARIAL);
  assert.deepEqual(pieces.filter((p) => p.change >= 0).map((p) => p.change), [1]);
});

test("threshold is 0.5 for two classes and 1/C for more; argmax skips missing values", () => {
  assert.equal(threshold(sampleExample()), 0.5);
  assert.equal(threshold(sampleExample({ labels: ["a", "b", "c", "d"] })), 0.25);
  assert.equal(argmax([0.2, null, 0.5, 0.3]), 2);
  assert.equal(argmax([]), -1);
});

test("chartGeometry: one point per step, evenly spaced, y from the probability", () => {
  const g = chartGeometry(sampleExample(), { width: 200, height: 100, left: 0, right: 0, top: 0, bottom: 0 });
  assert.deepEqual(g.points.map((p) => [p.x, Math.round(p.y * 1e6) / 1e6]), [[0, 10], [100, 40], [200, 70]]);
  assert.equal(g.thresholdY, 50);
  const one = chartGeometry(sampleExample({ steps: [{ text: "x", probability: 1 }] }), { width: 200, height: 100, left: 0, right: 0, top: 0, bottom: 0 });
  assert.deepEqual([one.points[0].x, one.points[0].y], [100, 0]);
});

test("renders the header, both texts with the changed words marked and the list old -> new", () => {
  const { el } = setup();
  assert.match(el.querySelector("[data-role=title]").textContent, /synonym/);
  const status = el.querySelector("[data-role=status]");
  assert.equal(status.getAttribute("data-success"), "true");
  assert.match(status.textContent, /flipped/);
  assert.equal(el.querySelector("[data-role=words-changed]").textContent, "2 words changed");
  assert.equal(el.querySelector("[data-role=calls]").textContent, "42 model calls");
  assert.match(el.querySelector("[data-role=meta]").textContent, /model hand-made/);
  const adv = el.querySelector("[data-role=adversarial-text]");
  assert.equal(adv.textContent, ADVERSARIAL);
  assert.deepEqual([...adv.querySelectorAll("[data-role=changed]")].map((m) => [m.tagName, m.textContent, m.title]),
    [["MARK", "decent", "great \u2192 decent"], ["MARK", "okay", "fine \u2192 okay"]]);
  const orig = el.querySelector("[data-role=original-text]");
  assert.equal(orig.textContent, ORIGINAL);
  assert.deepEqual([...orig.querySelectorAll("[data-role=changed]")].map((m) => [m.tagName, m.textContent]), [["DEL", "great"], ["DEL", "fine"]]);
  assert.deepEqual([...el.querySelectorAll("[data-role=change]")].map((c) => c.textContent),
    ["great \u2192 decent (word 1)", "fine \u2192 okay (word 8)"]);
  assert.match(el.querySelector("[data-role=original-prediction]").textContent, /predicted positive, p\(positive\) = 90\.0%/);
  assert.match(el.querySelector("[data-role=adversarial-prediction]").textContent, /predicted negative, p\(positive\) = 30\.0%/);
  // not flipped, one word
  const other = setup({ data: sampleExample({ success: false, changes: sampleExample().changes.slice(0, 1), calls: 1 }) }).el;
  assert.equal(other.querySelector("[data-role=status]").getAttribute("data-success"), "false");
  assert.match(other.querySelector("[data-role=status]").textContent, /not flipped/);
  assert.equal(other.querySelector("[data-role=words-changed]").textContent, "1 word changed");
  assert.equal(other.querySelector("[data-role=calls]").textContent, "1 model call");
});

test("the chart has one point per step at its probability and the decision line", () => {
  const { el } = setup();
  const chart = el.querySelector("svg[data-role=chart]");
  const points = [...chart.querySelectorAll("[data-role=point]")];
  assert.deepEqual(points.map((p) => Number(p.getAttribute("data-probability"))), [0.9, 0.6, 0.3]);
  assert.deepEqual(points.map((p) => p.getAttribute("data-step")), ["0", "1", "2"]);
  const ys = points.map((p) => Number(p.getAttribute("cy")));
  const xs = points.map((p) => Number(p.getAttribute("cx")));
  assert.ok(ys[0] < ys[1] && ys[1] < ys[2], "a lower probability is drawn lower");
  assert.ok(xs[0] < xs[1] && xs[1] < xs[2]);
  const line = chart.querySelector("[data-role=threshold]");
  assert.equal(line.getAttribute("data-value"), "0.5");
  const ty = Number(line.getAttribute("y1"));
  assert.ok(ys[1] < ty && ty < ys[2], "the 0.5 line lies between 0.6 and 0.3");
  // the points lie on the line at a linear scale: 0.9 -> 0.6 is as far as 0.6 -> 0.3
  assert.ok(Math.abs((ys[1] - ys[0]) - (ys[2] - ys[1])) < 0.05);
  assert.equal(chart.querySelector("[data-role=line]").getAttribute("points").split(" ").length, 3);
  assert.ok(points[2].classList.contains("xw-below"));
  assert.match(points[2].querySelector("title").textContent, /step 2: p\(positive\) = 0\.3, predicted negative/);
  const three = setup({ data: sampleExample({ labels: ["a", "b", "c"], original_probabilities: [0.1, 0.8, 0.1],
    adversarial_probabilities: [0.5, 0.3, 0.2] }) }).el;
  assert.equal(Number(three.querySelector("[data-role=threshold]").getAttribute("data-value")), 1 / 3);
});

test("both predictions as bars, the predicted class of each marked", () => {
  const { el } = setup();
  const rows = [...el.querySelectorAll("[data-role=prediction-row]")];
  assert.equal(rows.length, 2);
  assert.deepEqual(rows.map((r) => r.querySelector("[data-role=p-original] .xw-value").textContent), ["10.0%", "90.0%"]);
  assert.deepEqual(rows.map((r) => r.querySelector("[data-role=p-adversarial] .xw-value").textContent), ["70.0%", "30.0%"]);
  assert.ok(rows[1].querySelector("[data-role=p-original]").classList.contains("xw-predicted"));
  assert.ok(rows[0].querySelector("[data-role=p-adversarial]").classList.contains("xw-predicted"));
  assert.equal(rows[1].querySelector("[data-role=p-original] .xw-fill").style.width, "90%");
  assert.match(el.querySelector("[data-role=predictions] [data-role=predicted]").textContent, /positive \u2192 adversarial: negative/);
});

test("the two attributions side by side as coloured tokens; a note without them", () => {
  const a = sampleResult({ targets: [1], scores: [sampleResult().scores[0]] });
  const b = sampleResult({ targets: [1], scores: [sampleResult().scores[1]], probabilities: [0.7, 0.3], predicted: 0 });
  const { el, model, cleanup } = setup({ attributions: [a, b] });
  const left = el.querySelector("[data-role=attribution-original]");
  const right = el.querySelector("[data-role=attribution-adversarial]");
  assert.equal(left.querySelectorAll(".xw-token").length, a.tokens.length);
  assert.equal(right.querySelectorAll(".xw-token").length, b.tokens.length);
  const sign = (box, i) => box.querySelector(`.xw-token[data-token-index="${i}"]`).getAttribute("data-sign");
  assert.equal(sign(left, 4), "1");
  assert.equal(sign(right, 4), "-1");
  assert.match(el.querySelector("[data-role=attributions] h4").textContent, /toward "positive"/);
  assert.equal(el.querySelector("[data-role=attribution-note]"), null);
  model.set("attributions", []);
  assert.match(el.querySelector("[data-role=attribution-note]").textContent, /no attributions/);
  model.set("attribution_note", "pass model= to compute them");
  assert.equal(el.querySelector("[data-role=attribution-note]").textContent, "pass model= to compute them");
  cleanup();
  assert.equal(el.childNodes.length, 0);
  assert.equal(model.listenerCount(), 0);
});

test("texts are never parsed as HTML", () => {
  const evilLabel = "<b>pos</b>";
  const { el } = setup({ data: sampleExample({ labels: ["negative", evilLabel], method: EVIL }) });
  assert.equal(el.querySelectorAll("img, b").length, 0);
  assert.ok(el.querySelector("[data-role=adversarial-text]").textContent.includes(EVIL));
  assert.ok(el.querySelector("[data-role=title]").textContent.includes(EVIL));
  assert.ok(el.querySelector("[data-role=original-prediction]").textContent.includes(evilLabel));
  assert.ok([...el.querySelectorAll("[data-role=point] title")].some((t) => t.textContent.includes(EVIL)));
});

test("theme, redraw on data change and an empty state", () => {
  const { el, model } = setup({ theme: "dark" });
  const root = el.querySelector(".xw-av");
  assert.equal(root.getAttribute("data-resolved-theme"), "dark");
  model.set("data", sampleExample({ success: false }));
  assert.match(el.querySelector("[data-role=status]").textContent, /not flipped/);
  model.set("data", {});
  assert.match(el.querySelector(".xw-empty-state").textContent, /no adversarial example/);
});
