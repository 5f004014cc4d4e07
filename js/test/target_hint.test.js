// A disabled selector says how to enable it: the class selector (only one class explained) names the argument
// that computes the others; the method selector in the grid view says how to get back to one method.
import test from "node:test";
import assert from "node:assert/strict";
import tokenHighlight from "../src/token_highlight.js";
import { targetHint } from "../src/shared/view_controls.js";
import { fakeModel, makeDom, sampleResult } from "./helpers.js";

const oneClass = (over = {}) => {
  const r = sampleResult(over);
  return { ...r, targets: [1], scores: [r.scores[0]] };
};

function render(state) {
  const { el, doc } = makeDom();
  const model = fakeModel(state);
  const cleanup = tokenHighlight.render({ model, el });
  return { el, doc, model, cleanup };
}

test("one class explained: the class selector is disabled and says target=\"all\" computes the others", () => {
  const { el, cleanup } = render({ results: [oneClass()] });
  const select = el.querySelector("select[data-role=target]");
  assert.equal(select.disabled, true);
  assert.match(select.title, /only "positive" was explained/);
  assert.match(select.title, /target="all"/);
  const hint = el.querySelector("[data-role=target-hint]");
  assert.ok(hint, "a visible hint next to the selector");
  assert.equal(hint.textContent, 'other classes: explain(..., target="all")');
  assert.equal(hint.closest("label"), select.closest("label"));
  cleanup();
});

test("every class explained: the selector is enabled and there is no hint", () => {
  const { el, cleanup } = render({ results: [sampleResult()] });
  assert.equal(el.querySelector("select[data-role=target]").disabled, false);
  assert.equal(el.querySelector("select[data-role=target]").title, "");
  assert.equal(el.querySelector("[data-role=target-hint]"), null);
  cleanup();
});

test("a model with a single output: disabled, no call to suggest, the title says why", () => {
  const single = { ...oneClass(), labels: ["score"], targets: [0], probabilities: [0.7], predicted: 0 };
  const { el, cleanup } = render({ results: [single] });
  const select = el.querySelector("select[data-role=target]");
  assert.equal(select.disabled, true);
  assert.match(select.title, /single output/);
  assert.equal(el.querySelector("[data-role=target-hint]"), null);
  cleanup();
});

test("label text in the hint's title is the label (no HTML parsing anywhere)", () => {
  const xss = "<img src=x onerror=alert(1)>";
  const r = oneClass({ labels: ["neg", xss] });
  const hint = targetHint({ current: r, effectiveTarget: 1 });
  assert.ok(hint.title.includes(`"${xss}"`));
  const { el, cleanup } = render({ results: [r] });
  assert.equal(el.querySelector("img"), null);
  cleanup();
});

test("grid view: the disabled method selector says how to pick one method", () => {
  const results = [sampleResult(), sampleResult({ method: "lime", method_label: "LIME" })];
  const { el, cleanup } = render({ results, view: "grid" });
  const select = el.querySelector("select[data-role=method]");
  assert.equal(select.disabled, true);
  assert.match(select.title, /single method/);
  assert.equal(el.querySelector("[data-role=view-toggle]").textContent, "single method");
  cleanup();
});
