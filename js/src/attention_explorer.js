// Attention explorer widget (anywidget module): matrix, head, model and statistics views of attention maps.
// The initial state holds tokens, per-head statistics and uint8 thumbnails; weights come as float16 binary
// buffers, asked for per head (matrix view) or per layer (head view) with custom messages, or read from the
// weights inlined in an offline page. Traits: tokens, special, causal, n_layers, n_heads, stats, thumbs,
// thumb_size, layer, head (-1: mean of heads), view, heads_on, theme, inline, model_name, text.
import { clear, h } from "./shared/dom.js";
import { mountRoot } from "./shared/mount.js";
import { followTheme, resolveTheme } from "./shared/theme.js";
import { CSS, STYLE_ID } from "./attention/styles.js";
import { REPLY_TIMEOUT_MS, createStore, toBytes } from "./attention/data.js";
import { renderMatrix, hoverLines } from "./attention/matrix.js";
import { drawLines, headLines, renderHeadView, renderHeadToggles } from "./attention/headview.js";
import { renderModelView } from "./attention/modelview.js";
import { renderStats } from "./attention/statsview.js";
import { weightRgb } from "./attention/palette.js";
import { rgbCss } from "./shared/color.js";

const VIEWS = [["matrix", "Matrix"], ["head", "Heads"], ["model", "Model"], ["stats", "Statistics"]];

function readState(model) {
  const tokens = (model.get("tokens") || []).map(String);
  const nHeads = model.get("n_heads") || 0;
  let headsOn = model.get("heads_on") || [];
  if (headsOn.length !== nHeads) headsOn = new Array(nHeads).fill(true);
  return {
    tokens, nHeads, headsOn, n: tokens.length,
    special: model.get("special") || [],
    causal: Boolean(model.get("causal")),
    nLayers: model.get("n_layers") || 0,
    layer: model.get("layer") || 0,
    head: model.get("head") == null ? -1 : model.get("head"),
    view: model.get("view") || "matrix",
    theme: model.get("theme") || "auto",
    stats: model.get("stats") || {},
    modelName: model.get("model_name") || "",
  };
}

function render({ model, el }) {
  const { doc, win, cleanup, root, body, tooltip } = mountRoot(el, { styleId: STYLE_ID, css: CSS, className: "xw-ae",
    widget: "attention-explorer" });
  let state = readState(model);
  let zoom = 0;
  let focus = null; // head view: { side, index }
  let matrix = null; // { canvas, cellBox, cell, weights }
  let headView = null; // { canvas, element, all }
  let thumbBytes = null;

  const store = createStore(model, {
    onData: (layer, head) => {
      if (layer === state.layer && (head === neededHead() || head === "all")) drawMain();
    },
    onError: (msg) => setStatus(`could not load layer ${msg.layer}: ${msg.message}`),
    onTimeout: (layer) => {
      if (layer === state.layer && (state.view === "matrix" || state.view === "head")) drawMain();
    },
  });
  cleanup.add(() => store.destroy());

  const neededHead = () => (state.view === "head" ? "all" : state.head);
  const resolved = () => resolveTheme(root, state.theme);
  const save = (pairs) => {
    for (const [k, v] of Object.entries(pairs)) model.set(k, v);
    model.save_changes();
  };

  const main = h(doc, "div", { class: "xw-main", "data-role": "main" });
  const status = h(doc, "div", { class: "xw-status", "data-role": "status", "aria-live": "polite" });
  const setStatus = (text, kind = "") => {
    status.textContent = text;
    if (kind) status.setAttribute("data-status", kind);
    else status.removeAttribute("data-status");
  };

  /** The status while a layer's weights are missing: offline page, kernel gone, or still loading. */
  function missing(label) {
    const inline = Object.keys(model.get("inline") || {});
    if (inline.length) {
      const layers = [...new Set(inline.map((k) => k.split(":")[0]))].sort((a, b) => a - b).join(", ");
      setStatus(`${label}: this offline page holds only the exported layers (${layers}); export with `
        + `inline_layers="all", or re-run the cell in a notebook, to see layer ${state.layer}`, "offline");
    } else if (store.silent()) {
      setStatus(`The kernel that computed these maps is not connected: re-run the cell to load layer ${state.layer} `
        + `(no reply in ${Math.round(REPLY_TIMEOUT_MS / 1000)} s).`, "disconnected");
    } else setStatus(`loading ${label}\u2026`, "loading");
  }

  function drawn(detail) {
    root.dataset.drawn = `${detail.view}:${detail.layer}:${detail.head}`;
    el.dispatchEvent(new win.CustomEvent("xw-drawn", { detail: { ...detail, t: win.performance ? win.performance.now() : 0 } }));
  }

  function controls(theme) {
    const bar = h(doc, "div", { class: "xw-controls", "data-role": "controls" });
    const tabs = h(doc, "div", { class: "xw-tabs", role: "tablist" }, VIEWS.map(([v, label]) => h(doc, "button", {
      type: "button", role: "tab", "data-role": "view", "data-view": v, "aria-selected": state.view === v ? "true" : "false",
    }, label)));
    bar.append(tabs);
    if (state.view === "matrix" || state.view === "head") {
      const layerSel = h(doc, "select", { "data-role": "layer", "aria-label": "layer" },
        Array.from({ length: state.nLayers }, (_, l) => h(doc, "option", { value: l, selected: l === state.layer }, `layer ${l}`)));
      bar.append(h(doc, "label", { class: "xw-control" }, "Layer", layerSel));
    }
    if (state.view === "matrix") {
      const headSel = h(doc, "select", { "data-role": "head", "aria-label": "head" },
        h(doc, "option", { value: -1, selected: state.head === -1 }, "mean of heads"),
        Array.from({ length: state.nHeads }, (_, k) => h(doc, "option", { value: k, selected: k === state.head }, `head ${k}`)));
      bar.append(h(doc, "label", { class: "xw-control" }, "Head", headSel),
        h(doc, "span", { class: "xw-control" }, "Zoom",
          h(doc, "button", { type: "button", "data-role": "zoom-out", "aria-label": "zoom out" }, "\u2212"),
          h(doc, "button", { type: "button", "data-role": "zoom-in", "aria-label": "zoom in" }, "+")),
        h(doc, "span", { class: "xw-legend", "data-role": "legend" }, "0",
          h(doc, "span", { class: "xw-legend-bar", style: { background: `linear-gradient(to right, ${[0, 0.25, 0.5, 0.75, 1].map((t) => rgbCss(weightRgb(t, 1, theme))).join(", ")})` } }),
          h(doc, "span", { "data-role": "legend-max" }, "max")));
    }
    return bar;
  }

  function header() {
    const kind = state.causal ? "causal (later tokens masked)" : "bidirectional";
    return h(doc, "div", { class: "xw-ae-header" }, h(doc, "strong", null, "Attention"),
      h(doc, "span", { class: "xw-muted" }, `${state.modelName} \u00b7 ${state.nLayers} layers \u00d7 ${state.nHeads} heads \u00b7 ${state.n} tokens \u00b7 ${kind}`));
  }

  function drawMatrix(theme) {
    const weights = store.get(state.layer, state.head);
    const label = `layer ${state.layer}, ${state.head === -1 ? "mean of heads" : `head ${state.head}`}`;
    if (!weights) return missing(label);
    const r = renderMatrix(doc, { tokens: state.tokens, causal: state.causal, weights, zoom, theme, label, width: Math.max(240, (root.clientWidth || 700) - 200) });
    matrix = { ...r, weights };
    r.canvas.dataset.layer = String(state.layer);
    r.canvas.dataset.head = String(state.head);
    const lm = body.querySelector("[data-role=legend-max]");
    if (lm) lm.textContent = r.max ? r.max.toPrecision(2) : "0";
    main.append(r.element);
    setStatus(`${label} \u00b7 hover a cell for the weight`);
    drawn({ view: "matrix", layer: state.layer, head: state.head });
  }

  function drawHeadView(theme) {
    const all = store.get(state.layer, "all");
    main.append(renderHeadToggles(doc, state.nHeads, state.headsOn, theme));
    if (!all) return missing(`layer ${state.layer}`);
    const r = renderHeadView(doc, { tokens: state.tokens, all, nHeads: state.nHeads, headsOn: state.headsOn, theme, focus });
    r.canvas.dataset.layer = String(state.layer);
    headView = { canvas: r.canvas, element: r.element, all, theme };
    main.append(r.element);
    setStatus(`layer ${state.layer} \u00b7 ${r.lines.length} lines \u00b7 hover a token to isolate its lines`);
    drawn({ view: "head", layer: state.layer, head: "all" });
  }

  function thumbs() {
    if (!thumbBytes) thumbBytes = toBytes(model.get("thumbs"));
    return thumbBytes;
  }

  function drawMain() {
    const theme = resolved();
    const scroll = [main.scrollLeft, main.scrollTop];
    clear(main);
    tooltip.hide();
    matrix = null;
    headView = null;
    if (!state.n) {
      main.append(h(doc, "div", { class: "xw-empty-state" }, "no tokens"));
      return;
    }
    if (state.view === "matrix") drawMatrix(theme);
    else if (state.view === "head") drawHeadView(theme);
    else if (state.view === "model") {
      main.append(renderModelView(doc, { thumbs: thumbs(), t: model.get("thumb_size") || 0, nLayers: state.nLayers,
        nHeads: state.nHeads, roles: state.stats.role, layer: state.layer, head: state.head, theme }));
      setStatus("every layer \u00d7 head (block means, each scaled to its maximum) \u00b7 click one to open it");
      drawn({ view: "model", layer: state.layer, head: state.head });
    } else {
      main.append(renderStats(doc, { stats: state.stats, nLayers: state.nLayers, nHeads: state.nHeads, layer: state.layer, head: state.head }));
      setStatus("shares of attention per head, averaged over the from-tokens \u00b7 click a row to open it");
      drawn({ view: "stats", layer: state.layer, head: state.head });
    }
    [main.scrollLeft, main.scrollTop] = scroll;
  }

  function draw() {
    state = readState(model);
    const theme = resolved();
    root.setAttribute("data-theme", state.theme);
    root.setAttribute("data-resolved-theme", theme);
    root.setAttribute("data-view", state.view);
    clear(body);
    body.append(header(), controls(theme), status, main);
    drawMain();
  }

  for (const name of ["tokens", "layer", "head", "view", "theme", "heads_on", "stats", "n_heads", "n_layers", "causal"]) {
    const cb = () => {
      if (name === "tokens") thumbBytes = null;
      draw();
    };
    model.on(`change:${name}`, cb);
    cleanup.add(() => model.off(`change:${name}`, cb));
  }
  const onThumbs = () => {
    thumbBytes = null;
    if (state.view === "model") drawMain();
  };
  model.on("change:thumbs", onThumbs);
  cleanup.add(() => model.off("change:thumbs", onThumbs));
  cleanup.add(followTheme(root, () => state.theme, draw));

  // ---- interactions
  cleanup.listen(root, "change", (e) => {
    const role = e.target.getAttribute && e.target.getAttribute("data-role");
    if (role === "layer") save({ layer: Number(e.target.value) });
    else if (role === "head") save({ head: Number(e.target.value) });
  });
  cleanup.listen(root, "click", (e) => {
    const t = e.target.closest && e.target.closest("[data-role]");
    if (!t || !root.contains(t)) return;
    const role = t.getAttribute("data-role");
    if (role === "view") save({ view: t.getAttribute("data-view") });
    else if (role === "zoom-in" || role === "zoom-out") {
      zoom = Math.max(-3, Math.min(4, zoom + (role === "zoom-in" ? 1 : -1)));
      drawMain();
    } else if (role === "head-toggle") {
      const hd = Number(t.getAttribute("data-head"));
      save({ heads_on: state.headsOn.map((on, k) => (k === hd ? !on : on)) });
    } else if (role === "heads-all" || role === "heads-none") save({ heads_on: state.headsOn.map(() => role === "heads-all") });
    else if (role === "thumb" || role === "stats-row") {
      save({ layer: Number(t.getAttribute("data-layer")), head: Number(t.getAttribute("data-head")), view: "matrix" });
    }
  });
  cleanup.listen(root, "keydown", (e) => {
    const t = e.target;
    if ((e.key === "Enter" || e.key === " ") && t.getAttribute && t.getAttribute("data-role") === "stats-row") {
      e.preventDefault();
      t.click();
    }
  });

  // matrix hover: the cell under the pointer, its tokens and weight
  function cellAt(e) {
    if (!matrix) return null;
    const rect = matrix.canvas.getBoundingClientRect();
    const j = Math.floor((e.clientX - rect.left) / matrix.cell);
    const i = Math.floor((e.clientY - rect.top) / matrix.cell);
    return i >= 0 && j >= 0 && i < state.n && j < state.n ? { i, j } : null;
  }
  let cursor = null; // keyboard cell of the matrix view
  function showCell(c) {
    const box = matrix.cellBox;
    Object.assign(box.style, { left: `${c.j * matrix.cell}px`, top: `${c.i * matrix.cell}px`,
      width: `${matrix.cell}px`, height: `${matrix.cell}px` });
    box.hidden = false;
    box.dataset.i = String(c.i);
    box.dataset.j = String(c.j);
    tooltip.show(box, hoverLines(state, c.i, c.j, matrix.weights[c.i * state.n + c.j]));
  }
  cleanup.listen(root, "mousemove", (e) => {
    if (state.view === "matrix" && matrix && e.target === matrix.canvas) {
      const c = cellAt(e);
      if (c) showCell(c);
    }
  });
  cleanup.listen(root, "keydown", (e) => {
    if (!matrix || e.target !== matrix.canvas) return;
    const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    if (e.key === "Escape") {
      matrix.cellBox.hidden = true;
      tooltip.hide();
      return;
    }
    if (!moves[e.key]) return;
    e.preventDefault();
    const [di, dj] = moves[e.key];
    const c = cursor || { i: 0, j: 0 };
    cursor = cursor ? { i: Math.max(0, Math.min(state.n - 1, c.i + di)), j: Math.max(0, Math.min(state.n - 1, c.j + dj)) } : c;
    showCell(cursor);
  });
  cleanup.listen(root, "focusout", (e) => {
    if (matrix && e.target === matrix.canvas) {
      matrix.cellBox.hidden = true;
      tooltip.hide();
    }
  });
  cleanup.listen(root, "mouseleave", (e) => {
    if (matrix && e.target === matrix.canvas) {
      matrix.cellBox.hidden = true;
      tooltip.hide();
    }
  }, true);
  // head view hover / focus: redraw only the lines and the focus marks (cheap at 512 tokens)
  function refocus() {
    if (!headView) return;
    const lines = headLines(headView.all, state.nHeads, state.n, state.headsOn, focus);
    drawLines(headView.canvas, lines, headView.theme);
    headView.canvas.dataset.lines = String(lines.length);
    for (const t of headView.element.querySelectorAll("[data-focus]")) t.removeAttribute("data-focus");
    if (focus) {
      const t = headView.element.querySelector(`.xw-hv-token[data-side="${focus.side}"][data-index="${focus.index}"]`);
      if (t) t.setAttribute("data-focus", "1");
    }
  }
  const tokenFocus = (e) => {
    const t = e.target.closest && e.target.closest(".xw-hv-token");
    if (!t || state.view !== "head") return;
    const next = { side: t.getAttribute("data-side"), index: Number(t.getAttribute("data-index")) };
    if (focus && focus.side === next.side && focus.index === next.index) return;
    focus = next;
    refocus();
  };
  const tokenBlur = (e) => {
    const t = e.target.closest && e.target.closest(".xw-hv-token");
    if (!t || !focus) return;
    const to = e.relatedTarget && e.relatedTarget.closest ? e.relatedTarget.closest(".xw-hv-token") : null;
    if (to && root.contains(to)) return; // the next token's mouseover / focusin sets the focus
    focus = null;
    refocus();
  };
  cleanup.listen(root, "mouseover", tokenFocus);
  cleanup.listen(root, "focusin", tokenFocus);
  cleanup.listen(root, "mouseout", tokenBlur);
  cleanup.listen(root, "focusout", tokenBlur);

  draw();
  return () => cleanup.run();
}

export default { render };
