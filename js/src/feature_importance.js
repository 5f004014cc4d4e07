// Feature importance widget (anywidget module). Local mode: the attributions of one table row, as signed bars
// ("feature = value") or a waterfall from the base value to the model output, with method / class / chart
// switches and a grid view comparing every method on one scale. Global mode: importances over a dataset, as bars
// with their std as whiskers or a beeswarm (dots on a canvas: x = attribution, colour = feature value) with a
// hit-test grid for hover; k-means clusters and their surrogate tree below.
// Traits: mode, results, summary, values / data (float32 row-major [n_rows, n_features]: DataView or base64),
// n_rows, method_index, target (-1: each result's first target), view, chart, max_features, theme;
// set here: hovered (feature index, -1 none), hovered_row (beeswarm row, -1 none).
import { clear, h } from "./shared/dom.js";
import { mountRoot } from "./shared/mount.js";
import { PALETTES } from "./shared/color.js";
import { decodeFloat32 } from "./shared/binary.js";
import { followTheme, resolveTheme } from "./shared/theme.js";
import { CSS, STYLE_ID } from "./feature_importance/styles.js";
import { readGlobal, readLocal } from "./feature_importance/state.js";
import { renderGlobalHeader, renderLocalHeader } from "./feature_importance/header.js";
import { renderGlobalControls, renderLocalControls } from "./feature_importance/controls.js";
import { barsDomains, renderBarChart } from "./feature_importance/bars.js";
import { renderWaterfall } from "./feature_importance/waterfall.js";
import { renderGlobalBars } from "./feature_importance/global_bar.js";
import { LABEL_WIDTH, dotLines, drawHighlight, renderSwarm } from "./feature_importance/swarm_view.js";
import { moveCursor } from "./feature_importance/swarm_keys.js";
import { renderClusters } from "./feature_importance/clusters.js";

const ITEM = ".xw-fi-item";
const REDRAW = ["mode", "results", "summary", "n_rows", "method_index", "target", "view", "chart", "max_features", "theme"];

function decode(data) {
  try {
    return decodeFloat32(data);
  } catch {
    return new Float32Array(0);
  }
}

function render({ model, el }) {
  const { doc, win, cleanup, root, body, tooltip } = mountRoot(el, { styleId: STYLE_ID, css: CSS, className: "xw-fi",
    widget: "feature-importance" });
  let state = null;
  let tips = []; // per registered item: { lines, feature }
  let swarm = null; // { canvas, overlay, marker, layout, theme }
  let pointerItem = null;
  let dot = -1; // the point under the pointer / keyboard cursor
  let cursor = null; // keyboard cursor of the beeswarm: { slot, row }
  const decoded = { values: null, data: null };
  const binary = () => {
    if (!decoded.values) decoded.values = decode(model.get("values"));
    if (!decoded.data) decoded.data = decode(model.get("data"));
    return decoded;
  };
  const dpr = () => Math.min(2, (win && win.devicePixelRatio) || 1);
  const plotWidth = () => {
    const w = root.clientWidth || 0;
    return w > 0 ? Math.min(1400, w - LABEL_WIDTH - 40) : 560;
  };
  const save = (pairs) => {
    const changed = Object.entries(pairs).filter(([k, v]) => model.get(k) !== v);
    for (const [k, v] of changed) model.set(k, v);
    if (changed.length) model.save_changes();
  };

  function reg(node, lines, feature) {
    node.setAttribute("data-key", String(tips.length));
    tips.push({ lines, feature });
  }
  const tipOf = (node) => tips[Number(node.getAttribute("data-key"))];
  const isItem = (node) => Boolean(node && node.matches && node.matches(ITEM) && root.contains(node));
  const focusedItem = () => (isItem(doc.activeElement) ? doc.activeElement : null);

  // ---- items (bars, waterfall steps, beeswarm labels): tooltip and hovered, on pointer and keyboard focus
  function activate(node) {
    const t = tipOf(node);
    if (!t) return;
    tooltip.show(node, t.lines);
    node.setAttribute("aria-describedby", tooltip.id);
    save({ hovered: t.feature });
  }

  function deactivate() {
    const next = pointerItem && root.contains(pointerItem) ? pointerItem : focusedItem();
    if (next) return activate(next);
    tooltip.hide();
    save({ hovered: -1 });
  }

  function markLinked() {
    const i = model.get("hovered");
    for (const n of body.querySelectorAll(ITEM)) {
      n.classList.toggle("xw-linked", i >= 0 && Number(n.getAttribute("data-feature-index")) === i && n !== pointerItem && n !== focusedItem());
    }
  }

  // ---- beeswarm dots
  function highlightRow() {
    if (!swarm) return;
    const row = Number(model.get("hovered_row"));
    const n = drawHighlight(swarm.overlay, swarm.layout, Number.isInteger(row) ? row : -1, dpr(), swarm.theme);
    swarm.overlay.dataset.row = String(row);
    swarm.overlay.dataset.highlighted = String(n);
  }

  function showDot(p) {
    const L = swarm.layout;
    dot = p;
    const row = p % L.nRows;
    const slot = L.slots[Math.floor(p / L.nRows)];
    Object.assign(swarm.marker.style, { left: `${L.px[p]}px`, top: `${L.py[p]}px` });
    swarm.marker.hidden = false;
    swarm.marker.dataset.row = String(row);
    swarm.marker.dataset.slot = String(Math.floor(p / L.nRows));
    tooltip.show(swarm.marker, dotLines(state, L, p));
    save({ hovered_row: row, hovered: slot.index });
  }

  function hideDot() {
    if (!swarm || dot < 0) return;
    dot = -1;
    swarm.marker.hidden = true;
    tooltip.hide();
    save({ hovered_row: -1, hovered: -1 });
  }

  // ---- drawing
  function focusKey() {
    const a = doc.activeElement;
    if (!a || !root.contains(a) || !a.getAttribute) return null;
    if (isItem(a)) {
      const charts = [...body.querySelectorAll("[data-role=chart]")];
      return { chart: charts.indexOf(a.closest("[data-role=chart]")), role: a.getAttribute("data-role"), feature: a.getAttribute("data-feature-index") };
    }
    const role = a.getAttribute("data-role");
    return role ? { control: role, chart: a.getAttribute("data-chart") } : null;
  }

  function restoreFocus(key) {
    if (!key) return;
    let target = null;
    if (key.control) target = body.querySelector(key.chart ? `[data-role="${key.control}"][data-chart="${key.chart}"]` : `[data-role="${key.control}"]`);
    else {
      const charts = body.querySelectorAll("[data-role=chart]");
      const chart = charts[Math.min(key.chart, charts.length - 1)];
      target = chart && chart.querySelector(`${ITEM}[data-role="${key.role}"][data-feature-index="${key.feature}"]`);
    }
    if (target && !target.disabled) target.focus();
  }

  function drawLocal(palette) {
    if (!state.current) {
      body.append(h(doc, "div", { class: "xw-empty-state" }, "no attribution results to show"));
      return;
    }
    body.append(renderLocalHeader(doc, state), renderLocalControls(doc, state));
    if (state.chartNote) body.append(h(doc, "div", { class: "xw-note", "data-role": "chart-note", role: "note" }, state.chartNote));
    const charts = h(doc, "div", { class: "xw-charts", "data-role": "charts" });
    if (state.chart === "waterfall") charts.append(renderWaterfall(doc, state.main, { palette, reg }));
    else {
      const domains = barsDomains(state.panels);
      if (domains.size > 1) {
        body.append(h(doc, "div", { class: "xw-note", "data-role": "scale-note", role: "note" },
          `the methods explain different outputs (${[...domains.keys()].join(", ")}): each output has its own scale`));
      }
      for (const p of state.panels) {
        charts.append(renderBarChart(doc, p, { domain: domains.get(p.outputName), palette, grid: state.view === "grid", reg }));
      }
    }
    body.append(charts);
  }

  function drawGlobal(palette, theme) {
    if (!state.nf) {
      body.append(h(doc, "div", { class: "xw-empty-state" }, "no features to show"));
      return;
    }
    body.append(renderGlobalHeader(doc, state), renderGlobalControls(doc, state));
    if (state.chartNote) body.append(h(doc, "div", { class: "xw-note", "data-role": "chart-note", role: "note" }, state.chartNote));
    const charts = h(doc, "div", { class: "xw-charts", "data-role": "charts" });
    if (state.chart === "beeswarm") {
      swarm = { ...renderSwarm(doc, state, { width: plotWidth(), dpr: dpr(), reg }), theme };
      charts.append(swarm.element);
    } else charts.append(renderGlobalBars(doc, state, { palette, reg }));
    body.append(charts);
    if (state.clusters || state.surrogate) body.append(renderClusters(doc, state));
    highlightRow();
  }

  function draw() {
    const key = focusKey();
    const mode = model.get("mode") === "global" ? "global" : "local";
    state = mode === "global" ? readGlobal(model, binary()) : readLocal(model);
    tips = [];
    swarm = null;
    pointerItem = null;
    dot = -1;
    cursor = null;
    tooltip.hide();
    root.setAttribute("data-theme", state.theme);
    const resolved = resolveTheme(root, state.theme);
    root.setAttribute("data-resolved-theme", resolved);
    root.setAttribute("data-mode", mode);
    root.setAttribute("data-view", state.view || "single");
    root.setAttribute("data-chart", state.chart);
    clear(body);
    const palette = PALETTES[resolved] || PALETTES.light;
    if (mode === "local") drawLocal(palette);
    else drawGlobal(palette, resolved);
    markLinked();
    restoreFocus(key);
    root.dataset.drawn = `${mode}:${state.chart}`;
  }

  // ---- model -> view
  const listen = (name, cb) => {
    model.on(name, cb);
    cleanup.add(() => model.off(name, cb));
  };
  for (const name of REDRAW) listen(`change:${name}`, () => draw());
  listen("change:values", () => {
    decoded.values = null;
    if (state && state.mode === "global") draw();
  });
  listen("change:data", () => {
    decoded.data = null;
    if (state && state.mode === "global") draw();
  });
  listen("change:hovered", markLinked);
  listen("change:hovered_row", highlightRow);

  cleanup.add(followTheme(root, () => (state ? state.theme : "auto"), draw));
  if (win && win.ResizeObserver) {
    let frame = 0;
    const obs = new win.ResizeObserver(() => {
      if (!swarm || Math.abs(plotWidth() - swarm.layout.width) < 24) return;
      win.cancelAnimationFrame(frame);
      frame = win.requestAnimationFrame(() => draw()); // outside the observer callback: no resize loop
    });
    obs.observe(root);
    cleanup.add(() => {
      obs.disconnect();
      win.cancelAnimationFrame(frame);
    });
  }

  // ---- view -> model: items
  cleanup.listen(root, "mouseover", (e) => {
    const item = e.target.closest && e.target.closest(ITEM);
    if (!isItem(item) || item === pointerItem) return;
    pointerItem = item;
    activate(item);
    markLinked();
  });
  cleanup.listen(root, "mouseout", (e) => {
    const item = e.target.closest && e.target.closest(ITEM);
    if (!item || item !== pointerItem || (e.relatedTarget && item.contains(e.relatedTarget))) return;
    pointerItem = null;
    deactivate();
    markLinked();
  });
  cleanup.listen(root, "focusin", (e) => {
    if (isItem(e.target)) activate(e.target);
  });
  cleanup.listen(root, "focusout", (e) => {
    if (swarm && e.target === swarm.canvas) hideDot();
    if (!isItem(e.target)) return;
    e.target.removeAttribute("aria-describedby");
    if (!isItem(e.relatedTarget)) deactivate();
  });
  cleanup.listen(root, "keydown", (e) => {
    if (swarm && e.target === swarm.canvas) return swarmKey(e);
    const item = isItem(e.target) ? e.target : null;
    if (!item) return;
    if (e.key === "Escape") return tooltip.hide();
    const siblings = [...item.parentElement.children].filter((n) => n.matches(ITEM));
    const pos = siblings.indexOf(item);
    let next = null;
    if (e.key === "ArrowDown") next = siblings[pos + 1];
    else if (e.key === "ArrowUp") next = siblings[pos - 1];
    else if (e.key === "Home") next = siblings[0];
    else if (e.key === "End") next = siblings[siblings.length - 1];
    else if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
      const charts = [...body.querySelectorAll("[data-role=chart]")];
      const chart = charts[charts.indexOf(item.closest("[data-role=chart]")) + (e.key === "ArrowRight" ? 1 : -1)];
      next = chart && chart.querySelector(`${ITEM}[data-role="${item.getAttribute("data-role")}"][data-feature-index="${item.getAttribute("data-feature-index")}"]`);
    } else return;
    e.preventDefault();
    if (next) next.focus();
  });

  // ---- view -> model: beeswarm
  cleanup.listen(root, "mousemove", (e) => {
    if (!swarm || e.target !== swarm.canvas) return;
    const rect = swarm.canvas.getBoundingClientRect();
    const p = swarm.layout.hitTest(e.clientX - rect.left, e.clientY - rect.top);
    if (p >= 0 && p !== dot) showDot(p);
    else if (p < 0) hideDot();
  });
  cleanup.listen(root, "mouseleave", (e) => {
    if (swarm && e.target === swarm.canvas) hideDot();
  }, true);

  function swarmKey(e) {
    if (e.key === "Escape") return hideDot();
    const next = moveCursor(swarm.layout, cursor, e.key);
    if (next === undefined) return; // not a key of the beeswarm
    e.preventDefault();
    if (!next) return;
    cursor = next;
    showDot(swarm.layout.pointOf(next.slot, next.row).p);
  }

  // ---- controls
  cleanup.listen(root, "change", (e) => {
    const role = e.target.getAttribute && e.target.getAttribute("data-role");
    if (role === "method") save({ method_index: Number(e.target.value) });
    else if (role === "target") save({ target: Number(e.target.value) });
  });
  cleanup.listen(root, "click", (e) => {
    const button = e.target.closest && e.target.closest("button[data-role]");
    if (!button || !root.contains(button) || button.disabled) return;
    const role = button.getAttribute("data-role");
    if (role === "chart-choice") save({ chart: button.getAttribute("data-chart") });
    else if (role === "view-toggle") save({ view: state.view === "grid" ? "single" : "grid" });
  });

  draw();
  return () => cleanup.run();
}

export default { render };
