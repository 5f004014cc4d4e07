import test from "node:test";
import assert from "node:assert/strict";
import widget from "../src/token_highlight.js";
import { fakeModel, makeDom, rgbOf, sampleResult, tokenEls, TOKENS } from "./helpers.js";

const { render } = widget;

function setup(state = {}) {
  const { doc, el, win } = makeDom();
  const model = fakeModel({ results: [sampleResult()], ...state });
  const cleanup = render({ model, el });
  return { doc, el, win, model, cleanup };
}

const hover = (win, node, type) => node.dispatchEvent(new win.MouseEvent(type, { bubbles: false }));

test("default export is an anywidget module with render()", () => {
  assert.equal(typeof widget.render, "function");
});

test("renders one focusable span per token, with the token text", () => {
  const { el } = setup();
  const spans = tokenEls(el);
  assert.equal(spans.length, TOKENS.length);
  assert.deepEqual(spans.map((s) => s.textContent), TOKENS);
  assert.ok(spans.every((s, i) => s.getAttribute("tabindex") === "0" && s.dataset.tokenIndex === String(i)));
  assert.ok(spans[0].classList.contains("xw-special"));
  assert.equal(el.ownerDocument.querySelectorAll("style#xw-token-highlight-style").length, 1);
});

test("HTML in tokens is shown as text, never parsed", () => {
  const { el } = setup();
  assert.equal(el.querySelectorAll("img").length, 0);
  const span = tokenEls(el)[6];
  assert.equal(span.textContent, "<img src=x onerror=alert(1)>");
  assert.equal(span.children.length, 0);
});

test("continuation word pieces join without a space, words are separated by one", () => {
  const { el } = setup();
  const text = el.querySelector("[data-role=tokens]").textContent;
  assert.equal(text, "[CLS] This movie is amazing <img src=x onerror=alert(1)>! [SEP]");
});

test("colours follow the sign of the score for the shown target", () => {
  const { el } = setup();
  const spans = tokenEls(el);
  const [r4, , b4] = rgbOf(spans[4]); // "amaz" +0.8
  const [r2, , b2] = rgbOf(spans[2]); // "movie" -0.3
  assert.ok(b4 > r4 && r2 > b2);
  assert.deepEqual(rgbOf(spans[3]), [255, 255, 255]); // "is" 0
  assert.equal(spans[4].dataset.sign, "1");
  assert.equal(spans[2].dataset.sign, "-1");
  assert.equal(spans[0].style.backgroundColor, ""); // special tokens are not coloured
});

test("the largest |score| saturates; unsigned results use one side of the scale", () => {
  const { el } = setup({ results: [sampleResult({ signed: false, scores: [[0, 0.1, 0.4, 0, 0.8, 0.2, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0]] })] });
  const spans = tokenEls(el);
  assert.deepEqual(rgbOf(spans[4]), [33, 102, 172]);
  assert.ok(spans.every((s) => s.dataset.sign !== "-1"));
  assert.equal(el.querySelector("[data-role=legend-min]").textContent, "0");
  assert.equal(el.querySelector("[data-role=legend-max]").textContent, "0.8");
});

test("all-zero scores give neutral colours and no NaN anywhere", () => {
  const zeros = TOKENS.map(() => 0);
  const { el } = setup({ results: [sampleResult({ scores: [zeros, zeros] })] });
  assert.ok(!el.innerHTML.includes("NaN"));
  assert.ok(tokenEls(el).filter((s) => s.style.backgroundColor).every((s) => s.style.backgroundColor === "rgb(255, 255, 255)"));
  assert.match(el.querySelector("[data-role=legend]").textContent, /all scores are 0/);
});

test("tooltip on hover shows token, score and rank; hovered is set and reset", () => {
  const { el, win, model } = setup();
  const spans = tokenEls(el);
  hover(win, spans[2], "mouseenter");
  const tip = el.querySelector(".xw-tooltip");
  assert.equal(tip.hidden, false);
  assert.match(tip.textContent, /"movie"/);
  assert.match(tip.textContent, /score -0\.3 for positive/);
  assert.match(tip.textContent, /rank 3 of 7/);
  assert.equal(model.get("hovered"), 2);
  assert.ok(model.saves >= 1);
  hover(win, spans[2], "mouseleave");
  assert.equal(tip.hidden, true);
  assert.equal(model.get("hovered"), -1);
});

test("keyboard focus shows the tooltip; arrow keys move focus", () => {
  const { el, win, model, doc } = setup();
  const spans = tokenEls(el);
  spans[4].focus();
  assert.equal(model.get("hovered"), 4);
  assert.match(el.querySelector(".xw-tooltip").textContent, /rank 1 of 7/);
  assert.equal(spans[4].getAttribute("aria-describedby"), el.querySelector(".xw-tooltip").id);
  spans[4].dispatchEvent(new win.KeyboardEvent("keydown", { key: "ArrowRight", bubbles: true }));
  assert.equal(doc.activeElement, spans[5]);
  assert.equal(model.get("hovered"), 5);
  spans[5].dispatchEvent(new win.KeyboardEvent("keydown", { key: "ArrowLeft", bubbles: true }));
  assert.equal(doc.activeElement, spans[4]);
  spans[4].blur();
  assert.equal(model.get("hovered"), -1);
  assert.equal(el.querySelector(".xw-tooltip").hidden, true);
});

test("special tokens show their score but no rank", () => {
  const { el, win } = setup();
  hover(win, tokenEls(el)[0], "mouseenter");
  assert.match(el.querySelector(".xw-tooltip").textContent, /special token \(not ranked\)/);
});

test("target switch re-renders with the other row of scores", () => {
  const { el, model, doc } = setup();
  const select = el.querySelector("select[data-role=target]");
  assert.deepEqual([...select.options].map((o) => o.textContent), ["positive", "negative"]);
  assert.equal(select.value, "1");
  select.value = "0";
  select.dispatchEvent(new doc.defaultView.Event("change", { bubbles: true }));
  assert.equal(model.get("target"), 0);
  const [r, , b] = rgbOf(tokenEls(el)[4]); // "amaz" is now -0.8
  assert.ok(r > b);
  assert.equal(el.querySelector("select[data-role=target]").value, "0");
  assert.equal(el.querySelector(".xw-explained .xw-prob-label").textContent, "negative");
});

test("a target change from Python re-renders", () => {
  const { el, model } = setup();
  model.set("target", 0);
  assert.equal(tokenEls(el)[4].dataset.sign, "-1");
});

test("method switch re-renders; no method select with a single result", () => {
  const { el: el1 } = setup();
  assert.equal(el1.querySelector("select[data-role=method]"), null);
  assert.equal(el1.querySelector("[data-role=view-toggle]"), null);

  const other = sampleResult({ method: "saliency", method_label: "Saliency", signed: false, targets: [1], scores: [TOKENS.map((_, i) => i)] });
  const { el, model, doc } = setup({ results: [sampleResult(), other] });
  const select = el.querySelector("select[data-role=method]");
  assert.deepEqual([...select.options].map((o) => o.textContent), ["Integrated Gradients", "Saliency"]);
  select.value = "1";
  select.dispatchEvent(new doc.defaultView.Event("change", { bubbles: true }));
  assert.equal(model.get("method_index"), 1);
  const row = el.querySelector("[data-role=row]");
  assert.equal(row.dataset.method, "saliency");
  assert.equal(tokenEls(el)[7].dataset.sign, "1"); // unsigned: "!" (index 7) is the largest
  assert.equal(el.querySelectorAll("select[data-role=target] option").length, 1);
});

test("grid view shows one labelled row per method with the same target", () => {
  const results = [sampleResult(), sampleResult({ method: "occlusion", method_label: "Occlusion" }), sampleResult({ method: "lime", method_label: "LIME" })];
  const { el, model, doc } = setup({ results });
  assert.equal(el.querySelectorAll("[data-role=row]").length, 1);
  el.querySelector("[data-role=view-toggle]").dispatchEvent(new doc.defaultView.MouseEvent("click", { bubbles: true }));
  assert.equal(model.get("view"), "grid");
  const rows = [...el.querySelectorAll("[data-role=row]")];
  assert.deepEqual(rows.map((r) => r.querySelector(".xw-row-label").textContent), ["Integrated Gradients", "Occlusion", "LIME"]);
  assert.ok(rows.every((r) => r.querySelectorAll(".xw-token").length === TOKENS.length));
  model.set("target", 0);
  assert.ok([0, 1, 2].every((k) => tokenEls(el, k)[4].dataset.sign === "-1"));
  // ArrowDown moves to the same token of the next method
  tokenEls(el, 0)[4].focus();
  tokenEls(el, 0)[4].dispatchEvent(new doc.defaultView.KeyboardEvent("keydown", { key: "ArrowDown", bubbles: true }));
  assert.equal(doc.activeElement, tokenEls(el, 1)[4]);
  assert.match(el.querySelector(".xw-tooltip").textContent, /Occlusion/);
});

test("a result without scores for the chosen target says so", () => {
  const results = [sampleResult(), sampleResult({ method: "lime", method_label: "LIME", targets: [1], scores: [TOKENS.map(() => 0.1)] })];
  const { el } = setup({ results, view: "grid", target: 0 });
  assert.match(el.querySelectorAll("[data-role=row]")[1].textContent, /no scores for class negative/);
});

test("truncation note", () => {
  const { el: plain } = setup();
  assert.equal(plain.querySelector("[data-role=truncation]"), null);
  const { el } = setup({ results: [sampleResult({ truncated: true, n_truncated_tokens: 37, max_length: 128 })] });
  assert.equal(el.querySelector("[data-role=truncation]").textContent, "input truncated: 37 tokens beyond max length 128 were dropped");
});

test("header shows the prediction and one probability bar per label", () => {
  const { el } = setup();
  const header = el.querySelector(".xw-header");
  assert.equal(header.querySelector("[data-role=predicted]").textContent, "positive");
  assert.equal(header.querySelectorAll(".xw-prob").length, 2);
  assert.equal(header.querySelector(".xw-predicted .xw-prob-fill").style.width, "98%");
});

test("theme trait sets the root theme and the palette", () => {
  const { el, model } = setup();
  const root = el.querySelector(".xw-th");
  assert.equal(root.dataset.theme, "auto");
  assert.equal(root.dataset.resolvedTheme, "light");
  model.set("theme", "dark");
  assert.equal(root.dataset.theme, "dark");
  assert.equal(root.dataset.resolvedTheme, "dark");
  assert.deepEqual(rgbOf(tokenEls(el)[3]), [48, 50, 56]);
});

test("results change re-renders; empty results show a message", () => {
  const { el, model } = setup();
  model.set("results", [sampleResult({ tokens: ["a", "b"], special: [false, false], word_start: [true, true], scores: [[1, -1], [-1, 1]] })]);
  assert.deepEqual(tokenEls(el).map((s) => s.textContent), ["a", "b"]);
  model.set("results", []);
  assert.match(el.textContent, /no attribution results/);
});

test("cleanup removes the model listeners, the DOM listeners and the view", () => {
  const { el, win, model, cleanup } = setup();
  const span = tokenEls(el)[2];
  assert.ok(model.listenerCount() > 0);
  cleanup();
  assert.equal(model.listenerCount(), 0);
  assert.equal(el.querySelector(".xw-th"), null);
  hover(win, span, "mouseenter");
  assert.equal(model.get("hovered"), -1);
  model.set("target", 0); // no error, no re-render into el
  assert.equal(el.children.length, 0);
});
