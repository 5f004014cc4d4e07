// Test support: a jsdom page, an anywidget-like fake model and sample results.
// (node --test runs every .js file under test/, so this file also checks the fake model itself.)
import { JSDOM } from "jsdom";
import { pathToFileURL } from "node:url";
import test from "node:test";
import assert from "node:assert/strict";

export function makeDom() {
  const dom = new JSDOM("<!DOCTYPE html><html><head></head><body></body></html>", { pretendToBeVisual: true });
  const doc = dom.window.document;
  const el = doc.createElement("div");
  doc.body.appendChild(el);
  return { dom, doc, el, win: dom.window };
}

/** anywidget's model API: get/set/on/off/save_changes; set fires change:<name> when the value changes. */
export function fakeModel(initial) {
  const state = { results: [], method_index: 0, target: -1, view: "single", hovered: -1, theme: "auto", ...initial };
  const handlers = new Map();
  const model = {
    state,
    saves: 0,
    get: (k) => state[k],
    set(k, v) {
      const old = state[k];
      state[k] = v;
      if (old !== v) for (const cb of [...(handlers.get(`change:${k}`) || [])]) cb(model, v);
    },
    on(name, cb) {
      if (!handlers.has(name)) handlers.set(name, []);
      handlers.get(name).push(cb);
    },
    off(name, cb) {
      if (!name) return handlers.clear();
      handlers.set(name, cb ? (handlers.get(name) || []).filter((f) => f !== cb) : []);
    },
    save_changes() {
      model.saves += 1;
    },
    listenerCount: () => [...handlers.values()].reduce((n, list) => n + list.length, 0),
  };
  return model;
}

export const TOKENS = ["[CLS]", "This", "movie", "is", "amaz", "ing", "<img src=x onerror=alert(1)>", "!", "[SEP]"];
const SCORES = [0.05, 0.1, -0.3, 0, 0.8, 0.6, -0.05, 0.15, 0.2];

/** A result dict as Attribution.to_json() writes it; overrides replace fields. */
export function sampleResult(overrides = {}) {
  return {
    method: "integrated_gradients",
    method_label: "Integrated Gradients",
    text: "This movie is amazing <img src=x onerror=alert(1)>!",
    tokens: TOKENS,
    special: TOKENS.map((t) => t === "[CLS]" || t === "[SEP]"),
    word_start: [true, true, true, true, true, false, true, false, true],
    targets: [1, 0],
    scores: [SCORES, SCORES.map((v) => -v)],
    signed: true,
    labels: ["negative", "positive"],
    probabilities: [0.02, 0.98],
    predicted: 1,
    truncated: false,
    n_truncated_tokens: 0,
    max_length: 512,
    params: {},
    diagnostics: {},
    model_name: "test-model",
    ...overrides,
  };
}

export const tokenEls = (el, row = 0) => [...el.querySelectorAll("[data-role=row]")[row].querySelectorAll(".xw-token")];
export const rgbOf = (span) => span.style.backgroundColor.match(/\d+/g).map(Number);

if (import.meta.url === pathToFileURL(process.argv[1] || "").href) {
  test("fake model: set fires change handlers once per change, off removes them", () => {
    const m = fakeModel({});
    let calls = 0;
    const cb = () => (calls += 1);
    m.on("change:view", cb);
    m.set("view", "grid");
    m.set("view", "grid");
    m.off("change:view", cb);
    m.set("view", "single");
    assert.equal(calls, 1);
    assert.equal(m.listenerCount(), 0);
  });
}
