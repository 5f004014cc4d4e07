import test, { mock } from "node:test";
import assert from "node:assert/strict";
import widget from "../src/attention_explorer.js";
import { REPLY_TIMEOUT_MS, decodeFloat16, headMean, toBytes } from "../src/attention/data.js";
import { cellSize, paintImage, hoverLines } from "../src/attention/matrix.js";
import { headLines } from "../src/attention/headview.js";
import { fakeModel, makeDom } from "./helpers.js";

const TOKENS = ["[CLS]", "a", "<img src=x onerror=alert(1)>", "[SEP]"];

// float16 bit patterns of a few weights (numpy: np.array([...], "<f2").tobytes())
function f16(values) {
  const out = new Uint8Array(values.length * 2);
  const f32 = new Float32Array(1);
  const u32 = new Uint32Array(f32.buffer);
  values.forEach((v, k) => {
    f32[0] = v;
    const x = u32[0];
    const sign = (x >>> 16) & 0x8000;
    let e = ((x >>> 23) & 0xff) - 127 + 15;
    let m = (x >>> 13) & 0x3ff;
    let bits;
    if (v === 0) bits = sign;
    else if (e <= 0) bits = sign | Math.round(Math.abs(v) / 2 ** -24);
    else bits = sign | (e << 10) | m;
    out[2 * k] = bits & 0xff;
    out[2 * k + 1] = bits >> 8;
  });
  return out;
}

function layerWeights(nHeads, n) {
  const w = new Float32Array(nHeads * n * n);
  for (let hd = 0; hd < nHeads; hd++) for (let i = 0; i < n; i++) w[hd * n * n + i * n + ((i + hd) % n)] = 1;
  return w;
}

function setup(state = {}) {
  const { doc, el, win } = makeDom();
  const sent = [];
  const model = fakeModel({
    tokens: TOKENS, special: [true, false, false, true], causal: false, n_layers: 2, n_heads: 2,
    stats: { entropy: [[0, 1], [1, 0]], role: [["self", "next token"], ["broad", "self"]] },
    thumbs: new DataView(new Uint8Array(2 * 2 * 4 * 4).fill(128).buffer), thumb_size: 4, layer: 0, head: -1,
    view: "matrix", heads_on: [true, true], theme: "light", inline: {}, model_name: "tiny", text: "a", ...state,
  });
  const handlers = [];
  const on = model.on;
  model.on = (name, cb) => (name === "msg:custom" ? handlers.push(cb) : on(name, cb));
  model.send = (msg) => sent.push(msg);
  model.reply = (msg, bytes) => handlers.forEach((cb) => cb(msg, [new DataView(bytes.buffer)]));
  const cleanup = widget.render({ model, el });
  return { doc, el, win, model, sent, cleanup };
}

test("float16 decoding of exact values and base64 input", () => {
  const bytes = f16([0, 1, 0.5, 0.25, 0.125]);
  assert.deepEqual([...decodeFloat16(bytes)], [0, 1, 0.5, 0.25, 0.125]);
  const b64 = Buffer.from(bytes).toString("base64");
  assert.deepEqual([...decodeFloat16(b64)], [0, 1, 0.5, 0.25, 0.125]);
  assert.equal(toBytes(new DataView(bytes.buffer, 2, 4)).length, 4);
});

test("head mean and cell size", () => {
  const all = layerWeights(2, 3);
  const m = headMean(all, 2, 3);
  assert.equal(m[0], 0.5);
  assert.equal(m[1], 0.5);
  assert.equal(cellSize(512, 0, 560), 1);
  assert.equal(cellSize(10, 0, 560), 22);
  assert.ok(cellSize(512, 4) * 512 <= 4096);
});

test("paintImage: masked upper triangle for causal models, strongest cell saturated", () => {
  const n = 2;
  const image = { data: new Uint8ClampedArray(n * n * 4) };
  const max = paintImage(image, Float32Array.from([1, 0, 0.5, 0.5]), n, { causal: true });
  assert.equal(max, 1);
  assert.deepEqual([...image.data.slice(0, 3)], [33, 102, 172]);
  assert.deepEqual([...image.data.slice(4, 7)], [210, 213, 218]); // masked (0, 1)
  const lines = hoverLines({ tokens: ["a", "b"], causal: true }, 0, 1, 0);
  assert.match(lines[1].text, /masked/);
});

test("head lines: threshold, toggles and focus", () => {
  const all = layerWeights(2, 3);
  assert.equal(headLines(all, 2, 3, [true, true]).length, 6);
  assert.equal(headLines(all, 2, 3, [true, false]).length, 3);
  const focused = headLines(all, 2, 3, [true, true], { side: "from", index: 1 });
  assert.deepEqual(focused.map((l) => [l.head, l.i, l.j]), [[0, 1, 1], [1, 1, 2]]);
});

test("matrix view asks for the head it shows, then draws it when the buffer arrives", () => {
  const { el, sent, model } = setup();
  assert.deepEqual(sent, [{ type: "request", layer: 0, head: -1 }]);
  assert.match(el.querySelector("[data-role=status]").textContent, /loading/);
  model.reply({ type: "attention", layer: 0, head: -1, n: 4, dtype: "float16" }, f16(new Array(16).fill(0.25)));
  const canvas = el.querySelector("[data-role=matrix-canvas]");
  assert.ok(canvas);
  assert.equal(el.querySelector(".xw-ae").dataset.drawn, "matrix:0:-1");
  model.set("layer", 1);
  assert.deepEqual(sent.at(-1), { type: "request", layer: 1, head: -1 });
});

test("tokens are text: an HTML token never becomes an element", () => {
  const { el, model } = setup({ view: "head" });
  model.reply({ type: "attention", layer: 0, head: "all", n: 4, dtype: "float16" }, f16([...layerWeights(2, 4)]));
  assert.equal(el.querySelectorAll("img").length, 0);
  const toks = [...el.querySelectorAll(".xw-hv-from .xw-hv-token")].map((t) => t.textContent);
  assert.deepEqual(toks, TOKENS);
});

test("head toggles update heads_on; model view click opens the matrix view", () => {
  const { el, model } = setup({ view: "head" });
  el.querySelector("[data-role=head-toggle][data-head='1']").click();
  assert.deepEqual(model.get("heads_on"), [true, false]);
  model.set("view", "model");
  assert.equal(el.querySelectorAll("[data-role=thumb]").length, 4);
  el.querySelector("[data-role=thumb][data-layer='1'][data-head='0']").click();
  assert.equal(model.get("view"), "matrix");
  assert.equal(model.get("layer"), 1);
  assert.equal(model.get("head"), 0);
});

test("stats view lists every head with its role; inline weights need no request", () => {
  const inline = { "0:all": Buffer.from(f16([...layerWeights(2, 4)])).toString("base64") };
  const { el, sent, model } = setup({ inline, head: 1 });
  assert.equal(sent.length, 0);
  assert.ok(el.querySelector("[data-role=matrix-canvas]"));
  model.set("view", "stats");
  const rows = el.querySelectorAll("[data-role=stats-row]");
  assert.equal(rows.length, 4);
  assert.equal(rows[1].querySelector(".xw-role").textContent, "next token");
});

test("cleanup removes the view and its listeners", () => {
  const { el, model, cleanup } = setup();
  cleanup();
  assert.equal(el.children.length, 0);
  assert.equal(model.listenerCount(), 0);
});

test("no reply from the kernel: after the timeout the status says to re-run the cell, not loading... forever", () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  try {
    const { el, sent, model, cleanup } = setup({ layer: 1 });
    const status = () => el.querySelector("[data-role=status]");
    assert.deepEqual(sent, [{ type: "request", layer: 1, head: -1 }]);
    assert.match(status().textContent, /loading/);
    mock.timers.tick(REPLY_TIMEOUT_MS - 1);
    assert.match(status().textContent, /loading/);
    mock.timers.tick(1);
    assert.equal(status().dataset.status, "disconnected");
    assert.match(status().textContent, /kernel that computed these maps is not connected/);
    assert.match(status().textContent, /re-run the cell to load layer 1/);
    assert.equal(sent.length, 1, "the timed-out request is not sent again on redraws");
    model.set("head", 0); // another head: asked for, and said at once while the kernel stays silent
    assert.equal(sent.length, 2);
    assert.equal(status().dataset.status, "disconnected");
    // a late reply (a busy kernel) is still drawn
    model.reply({ type: "attention", layer: 1, head: 0, n: 4, dtype: "float16" }, f16(new Array(16).fill(0.25)));
    assert.equal(el.querySelector(".xw-ae").dataset.drawn, "matrix:1:0");
    assert.doesNotMatch(status().textContent, /not connected/);
    cleanup();
    mock.timers.tick(REPLY_TIMEOUT_MS * 2); // cleanup cancelled the pending timer: nothing runs on the removed view
    assert.equal(el.children.length, 0);
  } finally {
    mock.timers.reset();
  }
});

test("a model without a comm (send throws): the status says so on the next turn; inlined layers still draw", () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  try {
    const inline = { "0:all": Buffer.from(f16([...layerWeights(2, 4)])).toString("base64") };
    const { el, model, cleanup } = setup({ inline });
    assert.ok(el.querySelector("[data-role=matrix-canvas]"), "the inlined layer draws without the kernel");
    model.send = () => { throw new Error("no comm"); };
    model.set("layer", 1);
    mock.timers.tick(0);
    const status = el.querySelector("[data-role=status]");
    assert.equal(status.dataset.status, "offline"); // an exported page: says what it holds and how to get more
    assert.match(status.textContent, /only the exported layers \(0\)/);
    assert.match(status.textContent, /inline_layers="all"/);
    model.set("layer", 0);
    assert.ok(el.querySelector("[data-role=matrix-canvas]"));
    cleanup();
  } finally {
    mock.timers.reset();
  }
});

test("head view: the same timeout message", () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  try {
    const { el, cleanup } = setup({ view: "head" });
    mock.timers.tick(REPLY_TIMEOUT_MS);
    assert.match(el.querySelector("[data-role=status]").textContent, /not connected: re-run the cell to load layer 0/);
    cleanup();
  } finally {
    mock.timers.reset();
  }
});

test("send throws (no comm at all): the not-connected status comes at once, without waiting for the timeout", () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  try {
    const { doc, el } = makeDom();
    const model = fakeModel({ tokens: TOKENS, special: [true, false, false, true], causal: false, n_layers: 2, n_heads: 2,
      stats: {}, thumbs: new DataView(new Uint8Array(64).buffer), thumb_size: 4, layer: 0, head: -1, view: "matrix",
      heads_on: [true, true], theme: "light", inline: {}, model_name: "tiny", text: "a" });
    model.send = () => { throw new Error("no comm"); };
    const cleanup = widget.render({ model, el });
    mock.timers.tick(0);
    assert.match(el.querySelector("[data-role=status]").textContent, /not connected: re-run the cell to load layer 0/);
    cleanup();
    void doc;
  } finally {
    mock.timers.reset();
  }
});
