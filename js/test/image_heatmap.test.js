import test from "node:test";
import assert from "node:assert/strict";
import widget from "../src/image_heatmap.js";
import { heatPixels } from "../src/image_heatmap/heat.js";
import { cellAt, displaySize, makePanel } from "../src/image_heatmap/state.js";
import { PALETTES } from "../src/shared/color.js";
import { fakeModel, makeDom } from "./helpers.js";

const XSS = "<img src=x onerror=alert(1)>";
const LABELS = ["cat", "dog", XSS, "fox", "owl", "eel", "yak"];
const PROBS = [0.05, 0.1, 0.5, 0.15, 0.1, 0.02, 0.08];
const W = 8;
const H = 6;
const PATCH = 2; // 4 columns x 3 rows of cells
const N_CELLS = 12;

/** float -> IEEE half bits (enough for the test values). */
function toHalf(v) {
  if (Number.isNaN(v)) return 0x7e00;
  const s = v < 0 ? 0x8000 : 0;
  const a = Math.abs(v);
  if (a === 0) return s;
  let e = Math.floor(Math.log2(a));
  if (e < -14) return s | Math.round(a / 2 ** -24);
  let m = Math.round((a / 2 ** e - 1) * 1024);
  if (m === 1024) [m, e] = [0, e + 1];
  return s | ((e + 15) << 10) | m;
}

function halfBytes(values) {
  const out = new Uint8Array(values.length * 2);
  values.forEach((v, i) => {
    const b = toHalf(v);
    out[2 * i] = b & 0xff;
    out[2 * i + 1] = b >> 8;
  });
  return out;
}

// normalised maps: value of pixel i in {-1, -0.5, 0, 0.5, 1}; the last pixel of the first map is NaN
const MAP0 = Array.from({ length: W * H }, (_, i) => ((i % 5) - 2) / 2);
MAP0[W * H - 1] = NaN;
const MAP1 = MAP0.map((v) => (Number.isNaN(v) ? 0 : -v));
const MAP2 = Array.from({ length: W * H }, (_, i) => (i % 4) / 4 - 0.5); // unsigned result: only |value| counts
const MAPS = halfBytes([...MAP0, ...MAP1, ...MAP2]);
const CELL_SCORES = Array.from({ length: N_CELLS }, (_, i) => (i - 5) / 100);
const b64 = (bytes) => Buffer.from(bytes).toString("base64");
const PNG = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 0]); // never decoded here

function imageResult(over = {}) {
  return {
    method: "integrated_gradients", method_label: "Integrated Gradients", signed: true, targets: [2, 0],
    labels: LABELS, probabilities: PROBS, predicted: 2, scores: [CELL_SCORES, CELL_SCORES.map((v) => -v)],
    patch_size: PATCH, n_cells: N_CELLS, params: { output: "probability" }, diagnostics: {}, model_name: "tiny-cnn",
    map_offset: 0, map_scales: [0.004, 0.002], ...over,
  };
}

const unsignedResult = (over = {}) => imageResult({ method: "grad_cam", method_label: "Grad-CAM", signed: false, targets: [2],
  scores: [CELL_SCORES.map(Math.abs)], map_offset: 2, map_scales: [0.5], ...over });

/** A 2D context that records what is painted. */
function spyContext(canvas) {
  const calls = { clearRect: 0, draws: [], puts: [] };
  return {
    canvas, calls, globalAlpha: 1, globalCompositeOperation: "source-over", imageSmoothingEnabled: true,
    createImageData: (w, h) => ({ width: w, height: h, data: new Uint8ClampedArray(w * h * 4) }),
    putImageData(image) { calls.puts.push(image); },
    clearRect() { calls.clearRect += 1; calls.draws = []; },
    drawImage(src, ...args) { calls.draws.push({ src, args, alpha: this.globalAlpha }); },
  };
}

function setup(state = {}, { context = true } = {}) {
  const { doc, el, win } = makeDom();
  const images = [];
  Object.defineProperty(win.HTMLImageElement.prototype, "src", {
    configurable: true,
    set(v) { this.__src = v; images.push(this); },
    get() { return this.__src; },
  });
  win.HTMLCanvasElement.prototype.getContext = function () {
    if (!context) return null;
    if (!this.__ctx) this.__ctx = spyContext(this);
    return this.__ctx;
  };
  const model = fakeModel({ results: [imageResult()], image: new DataView(PNG.buffer), width: W, height: H,
    maps: new DataView(MAPS.buffer), n_maps: 3, opacity: 0.6, ...state });
  const cleanup = widget.render({ model, el });
  return { doc, el, win, model, cleanup, images };
}

const canvases = (el) => [...el.querySelectorAll("canvas[data-role=canvas]")];
const layerOf = (canvas) => canvas.__ctx.calls.draws.find((d) => d.src !== canvas && d.src.tagName === "CANVAS");
const pixelsOf = (layer) => layer.src.__ctx.calls.puts.at(-1).data;
const rgbaAt = (data, i) => [...data.slice(4 * i, 4 * i + 4)];
const choose = (win, select, value) => {
  select.value = String(value);
  select.dispatchEvent(new win.Event("change", { bubbles: true }));
};
/** Pretends the canvas is shown at 10 px a pixel at the top left of the viewport; moves the mouse to pixel (x, y). */
function pointAt(win, canvas, x, y) {
  canvas.getBoundingClientRect = () => ({ left: 0, top: 0, width: W * 10, height: H * 10, right: W * 10, bottom: H * 10 });
  canvas.dispatchEvent(new win.MouseEvent("mousemove", { bubbles: true, clientX: x * 10 + 5, clientY: y * 10 + 5 }));
}

test("default export is an anywidget module with render()", () => {
  assert.equal(typeof widget.render, "function");
});

test("header: the prediction, the explained class and the top five probabilities, as text", () => {
  const { el } = setup({ target: 0 });
  assert.equal(el.querySelector("[data-role=predicted]").textContent, XSS);
  assert.equal(el.querySelector("[data-role=predicted-value]").textContent.trim(), "50.0%");
  assert.equal(el.querySelector("[data-role=explained]").textContent, "cat");
  const bars = [...el.querySelectorAll(".xw-prob")];
  assert.deepEqual(bars.map((b) => b.querySelector(".xw-prob-label").textContent), [XSS, "fox", "dog", "owl", "yak", "cat"]);
  assert.equal(el.querySelector(".xw-predicted .xw-prob-fill").style.width, "50%");
  assert.equal(el.querySelector(".xw-explained .xw-prob-label").textContent, "cat"); // appended below the top five
  assert.match(el.querySelector(".xw-prob-more").textContent, /top 5 of 7 classes/);
  assert.equal(el.querySelectorAll("img").length, 0);
  assert.equal(el.ownerDocument.querySelectorAll("style#xw-image-heatmap-style").length, 1);
});

test("the canvas is drawn at the image resolution: the heat layer first, then the image under it once loaded", () => {
  const { el, images } = setup();
  const [canvas] = canvases(el);
  assert.equal(canvas.width, W);
  assert.equal(canvas.height, H);
  assert.equal(canvas.dataset.painted, "heat"); // the PNG is still decoding
  assert.equal(images.length, 1);
  assert.match(images[0].src, /^data:image\/png;base64,/); // jsdom has no URL.createObjectURL: a data URL
  assert.equal(images[0].src.split(",")[1], b64(PNG));
  images[0].onload();
  assert.equal(canvas.dataset.painted, "image+heat");
  const [first, second] = canvas.__ctx.calls.draws;
  assert.equal(first.src, images[0]);
  assert.deepEqual(first.args, [0, 0, W, H]);
  assert.equal(first.alpha, 1);
  assert.equal(second.alpha, 0.6);
  assert.equal(el.querySelector(".xw-ih").dataset.image, "loaded");
});

test("signed colours: blue positive, red negative, alpha = |value| / max, NaN transparent", () => {
  const { el } = setup();
  const data = pixelsOf(layerOf(canvases(el)[0]));
  const { negative, positive } = PALETTES.light;
  assert.deepEqual(rgbaAt(data, 4), [...positive, 255]); // +1
  assert.deepEqual(rgbaAt(data, 3), [...positive, 128]); // +0.5
  assert.deepEqual(rgbaAt(data, 0), [...negative, 255]); // -1
  assert.deepEqual(rgbaAt(data, 1), [...negative, 128]); // -0.5
  assert.equal(rgbaAt(data, 2)[3], 0); // 0: transparent
  assert.equal(rgbaAt(data, W * H - 1)[3], 0); // NaN
  assert.equal(el.querySelector("[data-role=legend-min]").textContent, "-0.004");
  assert.equal(el.querySelector("[data-role=legend-max]").textContent, "+0.004");
  assert.match(el.querySelector("[data-role=legend]").textContent, new RegExp(`attribution to p\\(${XSS.replace(/[()]/g, "\\$&")}\\) per pixel`));
});

test("unsigned colours: transparent to the positive colour by |value|", () => {
  const px = heatPixels(Float32Array.from([-1, -0.5, 0, 0.5]), { signed: false, palette: "light" });
  const { positive } = PALETTES.light;
  assert.deepEqual([...px], [...positive, 255, ...positive, 128, ...positive, 0, ...positive, 128]);
  const { el } = setup({ results: [unsignedResult()] });
  assert.equal(el.querySelector("[data-role=legend-min]").textContent, "0");
  assert.equal(el.querySelector("[data-role=legend-max]").textContent, "0.5");
  assert.match(el.querySelector("[data-role=legend]").textContent, /\|attribution\|/);
});

test("the opacity slider repaints the canvas without rebuilding the view; Python changes move the slider", () => {
  const { el, win, model, images } = setup();
  images[0].onload();
  const slider = el.querySelector("input[type=range][data-role=opacity]");
  assert.equal(slider.value, "0.6");
  assert.equal(el.querySelector("[data-role=opacity-value]").textContent, "60%");
  const canvas = canvases(el)[0];
  const clears = canvas.__ctx.calls.clearRect;
  slider.value = "0.3";
  slider.dispatchEvent(new win.Event("input", { bubbles: true }));
  assert.equal(model.get("opacity"), 0.3);
  assert.ok(model.saves >= 1);
  assert.equal(canvas.__ctx.calls.clearRect, clears + 1);
  assert.equal(canvas.__ctx.calls.draws[1].alpha, 0.3);
  assert.equal(canvas.dataset.opacity, "0.3");
  assert.equal(el.querySelector("[data-role=opacity-value]").textContent, "30%");
  assert.equal(el.querySelector("input[data-role=opacity]"), slider); // same element: a drag goes on
  slider.value = "0";
  slider.dispatchEvent(new win.Event("input", { bubbles: true }));
  assert.equal(canvas.dataset.painted, "image"); // no map at opacity 0
  model.set("opacity", 0.85);
  assert.equal(slider.value, "0.85");
  assert.equal(slider.getAttribute("aria-valuetext"), "85%");
  assert.equal(canvas.__ctx.calls.draws[1].alpha, 0.85);
});

test("hover reads the pixel's value and its grid cell, outlines the cell and sets hovered", () => {
  const { el, win, model } = setup();
  const canvas = canvases(el)[0];
  const readout = el.querySelector("[data-role=readout]");
  assert.match(readout.textContent, /point at the image/);
  pointAt(win, canvas, 3, 2); // pixel index 19: MAP0 19 % 5 = 4 -> +1 x 0.004; cell (1, 1) = index 5
  assert.equal(readout.querySelector("[data-role=pixel]").textContent, "pixel (x 3, y 2): +0.004");
  assert.equal(readout.querySelector("[data-role=cell]").textContent, "cell (1, 1): summed 0, rank 12 of 12 by |score|");
  assert.deepEqual([readout.dataset.row, readout.dataset.col, readout.dataset.cell], ["1", "1", "5"]);
  const outline = el.querySelector("[data-role=cell-outline]");
  assert.equal(outline.hidden, false);
  assert.deepEqual([outline.style.left, outline.style.top, outline.style.width], ["25%", `${100 * 2 / 6}%`, "25%"]);
  assert.equal(model.get("hovered"), 5);
  pointAt(win, canvas, 0, 0); // -1 x 0.004; cell 0: -0.05, the largest |score|
  assert.equal(readout.querySelector("[data-role=pixel]").textContent, "pixel (x 0, y 0): -0.004");
  assert.equal(readout.querySelector("[data-role=cell]").textContent, "cell (0, 0): summed -0.05, rank 2 of 12 by |score|");
  assert.equal(model.get("hovered"), 0);
  pointAt(win, canvas, 7, 5); // NaN pixel
  assert.equal(readout.querySelector("[data-role=pixel]").textContent, "pixel (x 7, y 5): n/a");
  canvas.dispatchEvent(new win.MouseEvent("mouseleave", { bubbles: false }));
  assert.equal(outline.hidden, true);
  assert.equal(model.get("hovered"), -1);
  assert.match(readout.textContent, /point at the image/);
});

test("a hovered cell set from Python is outlined", () => {
  const { el, model } = setup();
  model.set("hovered", 11);
  const outline = el.querySelector("[data-role=cell-outline]");
  assert.equal(outline.dataset.cell, "11");
  assert.equal(el.querySelector("[data-role=readout]").dataset.row, "2");
  model.set("hovered", -1);
  assert.equal(outline.hidden, true);
});

test("keyboard: focus on the image starts at a cell, arrow keys move cell by cell", () => {
  const { el, win, model } = setup();
  const canvas = canvases(el)[0];
  canvas.focus();
  assert.equal(model.get("hovered"), 0);
  const key = (k) => canvas.dispatchEvent(new win.KeyboardEvent("keydown", { key: k, bubbles: true }));
  key("ArrowRight");
  assert.equal(model.get("hovered"), 1);
  key("ArrowDown");
  assert.equal(model.get("hovered"), 5);
  key("End");
  assert.equal(model.get("hovered"), 11);
  assert.match(el.querySelector("[data-role=cell]").textContent, /^cell \(2, 3\)/);
  key("Escape");
  assert.equal(model.get("hovered"), -1);
  canvas.blur();
});

test("the class selector lists the explained targets and switches the map", () => {
  const { el, model, win } = setup();
  const select = el.querySelector("select[data-role=target]");
  assert.deepEqual([...select.options].map((o) => o.textContent), [XSS, "cat"]);
  assert.equal(select.value, "2");
  choose(win, select, 0);
  assert.equal(model.get("target"), 0);
  const data = pixelsOf(layerOf(canvases(el)[0]));
  assert.deepEqual(rgbaAt(data, 4), [...PALETTES.light.negative, 255]); // MAP1 = -MAP0
  assert.equal(el.querySelector("[data-role=legend-max]").textContent, "+0.002");
  assert.equal(el.querySelector("[data-role=explained]").textContent, "cat");
});

test("method selector and grid view: every method side by side, the hover read in every panel", () => {
  const { el, model, win } = setup({ results: [imageResult(), unsignedResult()] });
  const select = el.querySelector("select[data-role=method]");
  assert.deepEqual([...select.options].map((o) => o.textContent), ["Integrated Gradients", "Grad-CAM"]);
  choose(win, select, 1);
  assert.equal(model.get("method_index"), 1);
  assert.equal(el.querySelector("[data-role=panel]").dataset.method, "grad_cam");
  el.querySelector("[data-role=view-toggle]").dispatchEvent(new win.MouseEvent("click", { bubbles: true }));
  assert.equal(model.get("view"), "grid");
  const panels = [...el.querySelectorAll("[data-role=panel]")];
  assert.deepEqual(panels.map((p) => p.querySelector("[data-role=panel-title]").textContent), ["Integrated Gradients", "Grad-CAM"]);
  assert.equal(el.querySelector("select[data-role=method]").disabled, true);
  assert.equal(canvases(el).length, 2);
  assert.ok(canvases(el).every((c) => c.dataset.painted === "heat"));
  pointAt(win, canvases(el)[1], 1, 0); // MAP2[1] = -0.25 -> |.| x 0.5
  const readouts = [...el.querySelectorAll("[data-role=readout]")];
  assert.deepEqual(readouts.map((r) => r.querySelector("[data-role=pixel]").textContent), ["pixel (x 1, y 0): -0.002", "pixel (x 1, y 0): -0.125"]);
  assert.ok([...el.querySelectorAll("[data-role=cell-outline]")].every((o) => !o.hidden && o.dataset.cell === "0"));
});

test("a result without a map for the chosen class says so and shows the image alone", () => {
  const { el, images } = setup({ results: [imageResult(), unsignedResult()], view: "grid", target: 0 });
  images[0].onload();
  const panels = [...el.querySelectorAll("[data-role=panel]")];
  assert.equal(panels[0].querySelector("[data-role=missing-target]"), null);
  assert.match(panels[1].querySelector("[data-role=missing-target]").textContent, /no map for class cat/);
  assert.equal(canvases(el)[1].dataset.painted, "image");
});

test("labels and method names with HTML stay text", () => {
  const results = [imageResult({ method_label: XSS, model_name: XSS }), unsignedResult()];
  const { el } = setup({ results, view: "grid" });
  assert.equal(el.querySelectorAll("img, script").length, 0);
  assert.equal(el.querySelector("[data-role=panel-title]").textContent, XSS);
  assert.equal(el.querySelector("select[data-role=method] option").textContent, XSS);
  assert.equal(el.querySelector("select[data-role=target] option").textContent, XSS);
  assert.ok(el.querySelector(".xw-model").textContent === XSS);
  assert.ok(el.innerHTML.includes("&lt;img src=x onerror=alert(1)&gt;"));
});

test("binary traits as base64 strings (the offline page) decode like DataViews", () => {
  const { el, images } = setup({ image: b64(PNG), maps: b64(MAPS) });
  assert.equal(images[0].src.split(",")[1], b64(PNG));
  assert.deepEqual(rgbaAt(pixelsOf(layerOf(canvases(el)[0])), 4), [...PALETTES.light.positive, 255]);
});

test("theme: the dark palette colours the map", () => {
  const { el, model } = setup();
  model.set("theme", "dark");
  assert.equal(el.querySelector(".xw-ih").dataset.resolvedTheme, "dark");
  assert.deepEqual(rgbaAt(pixelsOf(layerOf(canvases(el)[0])), 4), [...PALETTES.dark.positive, 255]);
});

test("without a 2D context (or a decodable image) the view still renders its DOM", () => {
  const { el, images } = setup({}, { context: false });
  assert.equal(canvases(el)[0].dataset.painted, "");
  images[0].onerror();
  assert.match(el.querySelector("[data-role=image-error]").textContent, /could not be decoded/);
  assert.equal(el.querySelector(".xw-ih").dataset.image, "failed");
});

test("empty results and a changed result set re-render", () => {
  const { el, model } = setup();
  model.set("results", []);
  assert.match(el.textContent, /no image attributions/);
  model.set("results", [unsignedResult()]);
  assert.equal(el.querySelector("[data-role=panel]").dataset.method, "grad_cam");
});

test("pure helpers: cells at the edges, display size of small images", () => {
  const p = makePanel(imageResult({ patch_size: 3 }), 0, -1, new Float32Array(3 * 7 * 5), 7, 5); // 3 x 2 cells
  assert.deepEqual(cellAt(p, 6, 4), { index: 5, row: 1, col: 2, x0: 6, y0: 3, w: 1, h: 2 });
  assert.equal(cellAt(p, 7, 0), null);
  assert.equal(p.grid, false); // 12 scores do not fit 6 cells: no cell readout
  assert.deepEqual(displaySize(32, 32, false), { width: 320, height: 320, scale: 10, pixelated: true });
  assert.equal(displaySize(224, 224, false).pixelated, false);
});

test("cleanup removes the model listeners, the DOM listeners and the view", () => {
  const { el, win, model, cleanup } = setup();
  const canvas = canvases(el)[0];
  assert.ok(model.listenerCount() > 0);
  cleanup();
  assert.equal(model.listenerCount(), 0);
  assert.equal(el.querySelector(".xw-ih"), null);
  pointAt(win, canvas, 1, 1);
  assert.equal(model.get("hovered"), -1);
});
