// Concept report widget (anywidget module) for TCAV results (ConceptScores.to_json() in the `data` trait): a header
// (explained class, examples, random runs, CAV kind), a concepts x layers grid of TCAV scores drawn against each
// layer's random band with the Holm p-value and a significant / not significant mark of the TCAV paper's t-test over
// the runs, the Holm p-value and mark of the set-level test (n/a in older JSON) and the near-chance flag; a click
// on a cell lists its k most and least aligned examples, a click on an example shows its per-token concept
// sensitivity (the TokenHighlight view, embedded).
// Traits: data, concept_index / layer_index (the open cell, -1: none), example (-1: none), k, theme.
import { clear, h } from "./shared/dom.js";
import { mountRoot } from "./shared/mount.js";
import { followTheme, resolveTheme } from "./shared/theme.js";
import tokenHighlight from "./token_highlight.js";
import { CSS, STYLE_ID } from "./concept_report/styles.js";
import { cellStats, gridStats, tokenResult } from "./concept_report/logic.js";
import { renderGrid, renderHeader, renderLegend } from "./concept_report/grid.js";
import { renderDrill } from "./concept_report/drill.js";
import { localModel } from "./shared/local_model.js";

const TRAITS = ["data", "concept_index", "layer_index", "example", "k", "theme"];


const int = (v, fallback = -1) => (typeof v === "number" && Number.isFinite(v) ? Math.trunc(v) : fallback);

function render({ model, el }) {
  const { doc, cleanup, root } = mountRoot(el, { styleId: STYLE_ID, css: CSS, className: "xw-cr",
    widget: "concept-report", body: false, tooltip: false });
  let embedded = null; // cleanup of the embedded token highlight
  let batching = false;
  let dirty = false;

  const data = () => {
    const d = model.get("data");
    return d && typeof d === "object" ? d : {};
  };

  /** The open cell {ci, li} (both -1 when none or out of range). */
  function selection(d) {
    const ci = int(model.get("concept_index")), li = int(model.get("layer_index"));
    const ok = ci >= 0 && li >= 0 && ci < (d.concepts || []).length && li < (d.layers || []).length;
    return ok ? { ci, li } : { ci: -1, li: -1 };
  }

  function focusKey() {
    const a = doc.activeElement;
    if (!a || !root.contains(a) || !a.getAttribute) return null;
    const role = a.getAttribute("data-role");
    if (role === "cell") return `[data-role=cell][data-ci="${a.getAttribute("data-ci")}"][data-li="${a.getAttribute("data-li")}"]`;
    if (role === "example") return `[data-role=example][data-kind="${a.getAttribute("data-kind")}"][data-example="${a.getAttribute("data-example")}"]`;
    return null;
  }

  function draw() {
    const key = focusKey();
    if (embedded) {
      embedded();
      embedded = null;
    }
    const d = data();
    const themeRaw = model.get("theme");
    const theme = themeRaw === "light" || themeRaw === "dark" ? themeRaw : "auto";
    root.setAttribute("data-theme", theme);
    const resolved = resolveTheme(root, theme);
    root.setAttribute("data-resolved-theme", resolved);
    clear(root);
    if (!Array.isArray(d.concepts) || !d.concepts.length || !Array.isArray(d.layers) || !d.layers.length) {
      root.append(h(doc, "div", { class: "xw-empty-state" }, "no concept scores to show"));
      return;
    }
    const sel = selection(d);
    root.append(...renderHeader(doc, d).filter(Boolean), renderGrid(doc, d, gridStats(d), sel), renderLegend(doc, d));
    if (sel.ci >= 0) {
      const n = (d.examples || []).length;
      const ex = int(model.get("example"));
      const { box, mount } = renderDrill(doc, d, cellStats(d, sel.ci, sel.li), Math.max(1, int(model.get("k"), 5)),
        ex >= 0 && ex < n ? ex : -1);
      root.append(box);
      if (mount) {
        const state = { results: [tokenResult(d, sel.ci, sel.li, ex)], method_index: 0, target: -1, view: "single",
          hovered: -1, theme };
        embedded = tokenHighlight.render({ model: localModel(state), el: mount });
      }
    }
    if (key) {
      const target = root.querySelector(key);
      if (target) target.focus();
    }
  }

  function onChange() {
    if (batching) dirty = true;
    else draw();
  }

  /** Sets several traits with one redraw and one save. */
  function update(values) {
    batching = true;
    try {
      for (const [k, v] of Object.entries(values)) model.set(k, v);
    } finally {
      batching = false;
    }
    model.save_changes();
    if (dirty) {
      dirty = false;
      draw();
    }
  }

  for (const name of TRAITS) {
    model.on(`change:${name}`, onChange);
    cleanup.add(() => model.off(`change:${name}`, onChange));
  }

  cleanup.add(followTheme(root, () => model.get("theme"), draw));

  function toggleCell(button) {
    const ci = Number(button.getAttribute("data-ci")), li = Number(button.getAttribute("data-li"));
    const same = int(model.get("concept_index")) === ci && int(model.get("layer_index")) === li;
    update(same ? { example: -1, concept_index: -1, layer_index: -1 } : { example: -1, concept_index: ci, layer_index: li });
  }

  function toggleExample(row) {
    const i = Number(row.getAttribute("data-example"));
    update({ example: int(model.get("example")) === i ? -1 : i });
  }

  cleanup.listen(root, "click", (e) => {
    const t = e.target;
    if (!t || !t.closest) return;
    if (t.closest("[data-role=token-view]")) return; // the embedded view handles its own clicks
    const button = t.closest("[data-role=cell]");
    if (button && root.contains(button)) return toggleCell(button);
    if (t.closest("[data-role=close]")) return update({ example: -1, concept_index: -1, layer_index: -1 });
    const row = t.closest("[data-role=example]");
    if (row && root.contains(row)) toggleExample(row);
  });
  cleanup.listen(root, "keydown", (e) => {
    const row = e.target && e.target.closest && e.target.closest("[data-role=example]");
    if (row && root.contains(row) && (e.key === "Enter" || e.key === " ")) {
      e.preventDefault();
      toggleExample(row);
    } else if (e.key === "Escape" && !(e.target.closest && e.target.closest("[data-role=token-view]")) && int(model.get("concept_index")) >= 0) {
      const ci = int(model.get("concept_index")), li = int(model.get("layer_index"));
      update({ example: -1, concept_index: -1, layer_index: -1 });
      const cell = root.querySelector(`[data-role=cell][data-ci="${ci}"][data-li="${li}"]`);
      if (cell) cell.focus(); // back to the cell the examples came from
    }
  });

  draw();
  return () => {
    if (embedded) embedded();
    embedded = null;
    cleanup.run();
  };
}

export default { render };
