// Image heat map widget (anywidget module): image attributions as a heat map over the picture the model saw, on a
// canvas, with the prediction header, method / class switches, an opacity slider, a grid view with every method
// side by side, and a readout of the value under the pointer and of its grid cell (outlined in every panel).
// Traits: results (per method: labels, probabilities, targets, per-cell scores, patch_size, map_offset,
// map_scales), image (PNG bytes: DataView or base64), width, height, maps (float16 [n_maps, height, width], each
// map / its scale: DataView or base64), n_maps, method_index, target (-1: each result's first target),
// view ("single" | "grid"), opacity (0..1), theme; set here: hovered (grid cell under the pointer, -1 none).
import { clear, h } from "./shared/dom.js";
import { mountRoot } from "./shared/mount.js";
import { toBytes } from "./shared/binary.js";
import { followTheme, resolveTheme } from "./shared/theme.js";
import { CSS, STYLE_ID } from "./image_heatmap/styles.js";
import { decodeMaps, readOpacity, readState } from "./image_heatmap/state.js";
import { renderHeader } from "./image_heatmap/header.js";
import { opacityText, renderControls } from "./image_heatmap/controls.js";
import { cellCentre, renderPanel, showHover } from "./image_heatmap/panel.js";
import { composite, heatLayer } from "./image_heatmap/heat.js";
import { listenControls } from "./shared/view_controls.js";

const CANVAS = "canvas[data-role=canvas]";
const REDRAW = ["results", "width", "height", "maps", "n_maps", "method_index", "target", "view", "theme"];

/** A URL for PNG bytes: a Blob URL where there is one (browsers), else a data URL. */
function pngUrl(win, bytes) {
  if (win.URL && typeof win.URL.createObjectURL === "function" && win.Blob) {
    const url = win.URL.createObjectURL(new win.Blob([bytes], { type: "image/png" }));
    return { url, revoke: () => win.URL.revokeObjectURL(url) };
  }
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return { url: `data:image/png;base64,${win.btoa(bin)}`, revoke() {} };
}

function render({ model, el }) {
  const { doc, win, cleanup, root, body } = mountRoot(el, { styleId: STYLE_ID, css: CSS, className: "xw-ih",
    widget: "image-heatmap", tooltip: false });
  let state = null;
  let views = []; // per panel: { element, canvas, outline, readout, panel, layer }
  let pointer = null; // { x, y }: the image pixel read out (pointer or keyboard cursor), null for none
  let keyboard = false; // the pointer is the keyboard cursor
  let sentHovered = model.get("hovered");
  const source = { img: null, ready: false, failed: false, revoke: () => {} };
  let mapsRaw;
  let maps = new Float32Array(0);

  const getMaps = () => {
    const raw = model.get("maps");
    if (raw !== mapsRaw) {
      mapsRaw = raw;
      maps = decodeMaps(raw);
    }
    return maps;
  };

  // ---- the image: PNG bytes -> an <img>, then every canvas is painted again
  function loadImage() {
    source.revoke();
    Object.assign(source, { img: null, ready: false, failed: false, revoke: () => {} });
    let bytes;
    try {
      bytes = toBytes(model.get("image"));
    } catch {
      bytes = new Uint8Array(0);
    }
    if (!bytes.length) {
      source.failed = true;
      return;
    }
    const img = doc.createElement("img");
    const { url, revoke } = pngUrl(win, bytes);
    const mine = { img };
    source.img = img;
    source.revoke = revoke;
    img.onload = () => {
      if (source.img !== mine.img) return;
      source.ready = true;
      root.setAttribute("data-image", "loaded");
      paint();
    };
    img.onerror = () => {
      if (source.img !== mine.img) return;
      source.failed = true;
      root.setAttribute("data-image", "failed");
      draw();
    };
    root.setAttribute("data-image", "loading");
    img.src = url;
  }
  cleanup.add(() => source.revoke());

  // ---- painting (image + heat layer at the opacity): cheap, done on every opacity change
  function paint() {
    const opacity = state ? state.opacity : readOpacity(model);
    for (const v of views) {
      const painted = composite(v.canvas, source.ready ? source.img : null, v.layer, v.panel.missing ? 0 : opacity);
      v.canvas.setAttribute("data-painted", painted);
      v.canvas.setAttribute("data-opacity", String(opacity));
    }
  }

  // ---- hover / keyboard readout, the same pixel in every panel
  function currentCell() {
    const p = views.length ? views[0].panel : null;
    if (!p || !pointer || !p.patch) return -1;
    return Math.floor(pointer.y / p.patch) * p.cols + Math.floor(pointer.x / p.patch);
  }

  function setPointer(px, fromKeyboard = false) {
    pointer = px;
    keyboard = Boolean(px) && fromKeyboard;
    for (const v of views) showHover(doc, v, pointer);
    const cell = currentCell();
    sentHovered = cell;
    if (model.get("hovered") !== cell) {
      model.set("hovered", cell);
      model.save_changes();
    }
  }

  function onModelHovered() {
    const i = model.get("hovered");
    if (i === sentHovered) return;
    sentHovered = i;
    const p = views.length ? views[0].panel : null;
    pointer = p && typeof i === "number" && i >= 0 ? cellCentre(p, i) : null;
    keyboard = false;
    for (const v of views) showHover(doc, v, pointer);
  }

  function pixelOf(canvas, e) {
    const rect = canvas.getBoundingClientRect();
    if (!state || !(rect.width > 0) || !(rect.height > 0)) return null;
    const fx = (e.clientX - rect.left) / rect.width;
    const fy = (e.clientY - rect.top) / rect.height;
    if (fx < 0 || fy < 0 || fx > 1 || fy > 1) return null;
    return { x: Math.min(state.W - 1, Math.floor(fx * state.W)), y: Math.min(state.H - 1, Math.floor(fy * state.H)) };
  }

  // ---- the DOM
  function focusKey() {
    const a = doc.activeElement;
    if (!a || !root.contains(a) || !a.getAttribute) return null;
    const role = a.getAttribute("data-role");
    if (role === "canvas") return { role, index: views.findIndex((v) => v.canvas === a) };
    return role ? { role } : null;
  }

  function restoreFocus(key) {
    if (!key) return;
    const target = key.role === "canvas" ? (views[Math.min(Math.max(key.index, 0), views.length - 1)] || {}).canvas
      : body.querySelector(`[data-role="${key.role}"]`);
    if (target && !target.disabled) target.focus();
  }

  function draw() {
    const key = focusKey();
    state = readState(model, getMaps());
    root.setAttribute("data-theme", state.theme);
    const palette = resolveTheme(root, state.theme);
    root.setAttribute("data-resolved-theme", palette);
    root.setAttribute("data-view", state.view);
    clear(body);
    views = [];
    if (!state.current) {
      body.append(h(doc, "div", { class: "xw-empty-state" }, "no image attributions to show"));
      return;
    }
    body.append(renderHeader(doc, state), renderControls(doc, state));
    if (!(state.W > 0 && state.H > 0)) {
      body.append(h(doc, "div", { class: "xw-empty-state" }, "no image to show"));
      return;
    }
    if (source.failed) body.append(h(doc, "div", { class: "xw-note", "data-role": "image-error" }, "the image could not be decoded: showing the heat map alone"));
    const grid = state.view === "grid";
    const box = h(doc, "div", { class: "xw-ih-panels", "data-role": "panels" });
    for (const p of state.panels) {
      const v = renderPanel(doc, p, { palette, display: state.display, grid });
      v.layer = heatLayer(doc, p, palette);
      views.push(v);
      box.append(v.element);
    }
    body.append(box);
    if (pointer && (pointer.x >= state.W || pointer.y >= state.H)) pointer = null;
    for (const v of views) showHover(doc, v, pointer);
    paint();
    restoreFocus(key);
  }

  function onOpacity() {
    const opacity = readOpacity(model);
    if (state) state.opacity = opacity;
    const slider = body.querySelector("[data-role=opacity]");
    if (slider && Number(slider.value) !== opacity) slider.value = String(opacity);
    if (slider) slider.setAttribute("aria-valuetext", opacityText(opacity));
    const out = body.querySelector("[data-role=opacity-value]");
    if (out) out.textContent = opacityText(opacity);
    paint();
  }

  // ---- model -> view
  const on = (name, cb) => {
    model.on(`change:${name}`, cb);
    cleanup.add(() => model.off(`change:${name}`, cb));
  };
  for (const name of REDRAW) on(name, () => draw());
  on("image", () => {
    loadImage();
    draw();
  });
  on("opacity", onOpacity);
  on("hovered", onModelHovered);
  cleanup.add(followTheme(root, () => (state ? state.theme : "auto"), draw));

  // ---- view -> model
  const isCanvas = (node) => Boolean(node && node.matches && node.matches(CANVAS) && root.contains(node));
  cleanup.listen(root, "mousemove", (e) => {
    if (!isCanvas(e.target)) return;
    const px = pixelOf(e.target, e);
    if (px && pointer && px.x === pointer.x && px.y === pointer.y && !keyboard) return;
    setPointer(px);
  });
  cleanup.listen(root, "mouseleave", (e) => {
    if (isCanvas(e.target) && !keyboard) setPointer(null);
  }, true);
  cleanup.listen(root, "focusin", (e) => {
    if (!isCanvas(e.target) || pointer) return;
    const p = views.length ? views[0].panel : null;
    const i = model.get("hovered");
    const start = p ? cellCentre(p, typeof i === "number" && i >= 0 ? i : 0) : null;
    setPointer(start || (state && state.W ? { x: 0, y: 0 } : null), true);
  });
  cleanup.listen(root, "focusout", (e) => {
    const next = e.relatedTarget;
    if (isCanvas(e.target) && keyboard && !isCanvas(next)) setPointer(null);
  });
  cleanup.listen(root, "keydown", (e) => {
    if (!isCanvas(e.target) || !state) return;
    if (e.key === "Escape") {
      setPointer(null);
      return;
    }
    const p = views.length ? views[0].panel : null;
    const step = p && p.patch ? p.patch : 1;
    const at = pointer || { x: 0, y: 0 };
    let { x, y } = at;
    if (e.key === "ArrowRight") x += step;
    else if (e.key === "ArrowLeft") x -= step;
    else if (e.key === "ArrowDown") y += step;
    else if (e.key === "ArrowUp") y -= step;
    else if (e.key === "Home") [x, y] = [0, 0];
    else if (e.key === "End") [x, y] = [state.W - 1, state.H - 1];
    else return;
    e.preventDefault();
    x = Math.min(state.W - 1, Math.max(0, x));
    y = Math.min(state.H - 1, Math.max(0, y));
    const cell = p && p.patch ? cellCentre(p, Math.floor(y / p.patch) * p.cols + Math.floor(x / p.patch)) : null;
    setPointer(cell || { x, y }, true);
  });
  cleanup.listen(root, "input", (e) => {
    if (!(e.target.getAttribute && e.target.getAttribute("data-role") === "opacity")) return;
    const v = Number(e.target.value);
    if (!Number.isFinite(v)) return;
    model.set("opacity", Math.min(1, Math.max(0, v)));
    model.save_changes();
  });
  listenControls(cleanup, root, model, () => state);

  loadImage();
  draw();
  return () => cleanup.run();
}

export default { render };
