// Example gallery widget (anywidget module) for an ExampleSet (ExampleSet.to_json() in the `data` trait):
// influential training examples, self-influence, prototypes and criticisms, clusters, or any other kinds.
// A header (kind, method, the query and its prediction, its tokens coloured when attributed), controls (one toggle
// per kind, misclassified only, a search box), a table sortable by every column (rank, text, label, prediction,
// score with a bar, kind; misclassified rows marked) and a detail panel under it: hovering a row previews, clicking
// pins (the `selected` trait) its tokens coloured by their attribution (the TokenHighlight view, embedded).
// Traits: data, attributions (one dict or null per row), query_attribution, attribution, attribution_note,
// max_attributions, selected (-1: none), theme. Sorting and filtering are the view's own state.
import { clear, h } from "./shared/dom.js";
import { mountRoot } from "./shared/mount.js";
import { localModel } from "./shared/local_model.js";
import { followTheme, resolveTheme } from "./shared/theme.js";
import tokenHighlight from "./token_highlight.js";
import { CSS, STYLE_ID } from "./example_gallery/styles.js";
import { COLUMNS, distinctKinds, filterRows, kindSlots, readRows, scoreScale, sortRows } from "./example_gallery/logic.js";
import { renderHeader } from "./example_gallery/header.js";
import { fillTable, renderControls, renderLegend, renderTable } from "./example_gallery/table.js";
import { renderDetail } from "./example_gallery/detail.js";

const TRAITS = ["data", "attributions", "query_attribution", "attribution", "attribution_note", "max_attributions", "theme"];
const ROW = "tr[data-role=example]";

const int = (v, fallback = -1) => (typeof v === "number" && Number.isFinite(v) ? Math.trunc(v) : fallback);

function render({ model, el }) {
  const { doc, cleanup, root } = mountRoot(el, { styleId: STYLE_ID, css: CSS, className: "xw-eg",
    widget: "example-gallery", body: false, tooltip: false });
  // the view's own state: sorting, filtering, the hovered row; kept across redraws
  const view = { sortKey: null, sortDir: "asc", hidden: new Set(), search: "", misclassifiedOnly: false };
  let preview = -1;
  let rows = [], attributions = [], kinds = [], slots = new Map(), scale = { max: 0, signed: false };
  let tableBox = null, detailSlot = null, countEl = null;
  let embedded = null; // cleanup of the embedded token highlight
  let detailKey = null; // what the detail panel shows now

  const data = () => {
    const d = model.get("data");
    return d && typeof d === "object" ? d : {};
  };
  const theme = () => {
    const t = model.get("theme");
    return t === "light" || t === "dark" ? t : "auto";
  };
  const selected = () => {
    const s = int(model.get("selected"));
    return s >= 0 && s < rows.length ? s : -1;
  };
  const rowEl = (i) => (tableBox ? tableBox.querySelector(`${ROW}[data-row="${i}"]`) : null);

  function shownRows() {
    return sortRows(filterRows(rows, view), view.sortKey, view.sortDir);
  }

  function refreshTable() {
    if (!tableBox) return;
    const shown = shownRows();
    fillTable(doc, tableBox, shown, { scale, slots, sort: { key: view.sortKey, dir: view.sortDir }, selected: selected(), attributions });
    if (countEl) countEl.textContent = shown.length === rows.length ? `${rows.length} examples` : `showing ${shown.length} of ${rows.length}`;
    markPreview();
  }

  function markPreview() {
    if (!tableBox) return;
    for (const tr of tableBox.querySelectorAll(ROW)) tr.classList.toggle("xw-preview", Number(tr.getAttribute("data-row")) === preview);
  }

  function markSelected() {
    if (!tableBox) return;
    const s = selected();
    for (const tr of tableBox.querySelectorAll(ROW)) tr.setAttribute("aria-selected", Number(tr.getAttribute("data-row")) === s ? "true" : "false");
  }

  function dropEmbedded() {
    if (embedded) embedded();
    embedded = null;
  }

  /** The detail panel: the hovered row (preview), else the pinned one, else a hint. */
  function refreshDetail(force = false) {
    if (!detailSlot) return;
    const s = selected();
    const i = preview >= 0 && preview < rows.length ? preview : s;
    const mode = i < 0 ? "none" : i === s ? "pinned" : "preview";
    const key = `${i}:${mode}`;
    if (!force && key === detailKey) return;
    detailKey = key;
    dropEmbedded();
    const r = i >= 0 ? rows[i] : null;
    const attr = r ? attributions[i] : null;
    const filtered = r ? !filterRows([r], view).length : false;
    const { box, mount } = renderDetail(doc, r, { mode, attr, filtered, attribution: model.get("attribution"),
      note: model.get("attribution_note"), maxAttributions: int(model.get("max_attributions"), 0) });
    detailSlot.replaceChildren(box);
    if (mount) {
      const state = { results: [attr], method_index: 0, target: -1, view: "single", hovered: -1, theme: theme() };
      embedded = tokenHighlight.render({ model: localModel(state), el: mount });
    }
  }

  function focusKey() {
    const a = doc.activeElement;
    if (!a || !root.contains(a) || !a.getAttribute) return null;
    const role = a.getAttribute("data-role");
    if (role === "sort") return `[data-role=sort][data-key="${a.getAttribute("data-key")}"]`;
    if (role === "kind-toggle") return { kind: a.getAttribute("data-kind") };
    if (a.matches && a.matches(ROW)) return `${ROW}[data-row="${a.getAttribute("data-row")}"]`;
    if (role === "search" || role === "misclassified-only" || role === "unpin") return `[data-role=${role}]`;
    return null;
  }

  function restoreFocus(key) {
    if (!key) return;
    let target = null;
    if (typeof key === "string") target = root.querySelector(key);
    else target = [...root.querySelectorAll("[data-role=kind-toggle]")].find((b) => b.getAttribute("data-kind") === key.kind);
    if (target) target.focus();
  }

  function draw() {
    const key = focusKey();
    const caret = doc.activeElement && doc.activeElement.getAttribute && doc.activeElement.getAttribute("data-role") === "search"
      ? doc.activeElement.selectionStart : null;
    dropEmbedded();
    detailKey = null;
    tableBox = detailSlot = countEl = null;
    const d = data();
    const t = theme();
    root.setAttribute("data-theme", t);
    const resolved = resolveTheme(root, t);
    root.setAttribute("data-resolved-theme", resolved);
    clear(root);
    rows = readRows(d);
    const raw = model.get("attributions");
    attributions = rows.map((_, i) => (Array.isArray(raw) && raw[i] && typeof raw[i] === "object" ? raw[i] : null));
    kinds = distinctKinds(rows);
    slots = kindSlots(kinds);
    scale = scoreScale(rows);
    if (preview >= rows.length) preview = -1;
    if (!Array.isArray(d.texts)) {
      root.append(h(doc, "div", { class: "xw-empty-state" }, "no examples to show"));
      return;
    }
    root.append(...renderHeader(doc, d, rows, model.get("query_attribution"), resolved));
    if (!rows.length) {
      root.append(h(doc, "div", { class: "xw-empty-state", "data-role": "no-examples" }, "this result holds no examples"));
      return;
    }
    const nMiss = rows.filter((r) => r.misclassified).length;
    if (!nMiss) view.misclassifiedOnly = false;
    const controls = renderControls(doc, kinds, slots, view, nMiss);
    countEl = controls.querySelector("[data-role=count]");
    tableBox = renderTable(doc);
    detailSlot = h(doc, "div", { "data-role": "detail-slot" });
    root.append(controls, tableBox, renderLegend(doc, nMiss), detailSlot);
    refreshTable();
    refreshDetail(true);
    restoreFocus(key);
    if (caret != null && doc.activeElement && doc.activeElement.setSelectionRange) doc.activeElement.setSelectionRange(caret, caret);
  }

  function setSelected(i) {
    model.set("selected", i);
    model.save_changes();
  }

  function togglePin(i) {
    setSelected(selected() === i ? -1 : i);
  }

  function setPreview(i) {
    if (i === preview) return;
    preview = i;
    markPreview();
    refreshDetail();
  }

  // ---- model -> view
  for (const name of TRAITS) {
    const cb = () => draw();
    model.on(`change:${name}`, cb);
    cleanup.add(() => model.off(`change:${name}`, cb));
  }
  const onSelected = () => {
    markSelected();
    refreshDetail();
  };
  model.on("change:selected", onSelected);
  cleanup.add(() => model.off("change:selected", onSelected));

  cleanup.add(followTheme(root, theme, draw));

  // ---- view -> model, and the view's own state (delegated)
  const inTokenView = (t) => Boolean(t.closest && t.closest("[data-role=token-view]"));

  cleanup.listen(root, "click", (e) => {
    const t = e.target;
    if (!t || !t.closest || inTokenView(t)) return;
    const sort = t.closest("[data-role=sort]");
    if (sort && root.contains(sort)) {
      const key = sort.getAttribute("data-key");
      const col = COLUMNS.find((c) => c.key === key);
      if (!col) return;
      if (view.sortKey === key) view.sortDir = view.sortDir === "asc" ? "desc" : "asc";
      else {
        view.sortKey = key;
        view.sortDir = col.first;
      }
      refreshTable();
      restoreFocus(`[data-role=sort][data-key="${key}"]`);
      return;
    }
    const toggle = t.closest("[data-role=kind-toggle]");
    if (toggle && root.contains(toggle)) {
      const kind = toggle.getAttribute("data-kind");
      if (view.hidden.has(kind)) view.hidden.delete(kind);
      else view.hidden.add(kind);
      toggle.setAttribute("aria-pressed", view.hidden.has(kind) ? "false" : "true");
      refreshTable();
      refreshDetail(true);
      return;
    }
    const miss = t.closest("[data-role=misclassified-only]");
    if (miss && root.contains(miss)) {
      view.misclassifiedOnly = !view.misclassifiedOnly;
      miss.setAttribute("aria-pressed", String(view.misclassifiedOnly));
      refreshTable();
      refreshDetail(true);
      return;
    }
    if (t.closest("[data-role=unpin]")) {
      preview = -1;
      setSelected(-1);
      return;
    }
    const tr = t.closest(ROW);
    if (tr && root.contains(tr)) togglePin(Number(tr.getAttribute("data-row")));
  });

  cleanup.listen(root, "input", (e) => {
    if (!(e.target && e.target.getAttribute && e.target.getAttribute("data-role") === "search")) return;
    view.search = e.target.value;
    refreshTable();
    refreshDetail(true);
  });

  cleanup.listen(root, "mouseover", (e) => {
    const tr = e.target && e.target.closest ? e.target.closest(ROW) : null;
    if (tr && root.contains(tr)) setPreview(Number(tr.getAttribute("data-row")));
  });
  cleanup.listen(root, "mouseout", (e) => {
    const from = e.target && e.target.closest ? e.target.closest(ROW) : null;
    if (!from) return;
    const to = e.relatedTarget && e.relatedTarget.closest ? e.relatedTarget.closest(ROW) : null;
    if (!(to && root.contains(to))) setPreview(-1);
  });
  cleanup.listen(root, "focusin", (e) => {
    if (e.target && e.target.matches && e.target.matches(ROW)) setPreview(Number(e.target.getAttribute("data-row")));
  });
  cleanup.listen(root, "focusout", (e) => {
    if (!(e.target && e.target.matches && e.target.matches(ROW))) return;
    const next = e.relatedTarget;
    if (!(next && next.matches && next.matches(ROW) && root.contains(next))) setPreview(-1);
  });

  cleanup.listen(root, "keydown", (e) => {
    const t = e.target;
    if (!t || inTokenView(t)) return;
    const tr = t.matches && t.matches(ROW) ? t : null;
    if (tr && (e.key === "Enter" || e.key === " ")) {
      e.preventDefault();
      togglePin(Number(tr.getAttribute("data-row")));
    } else if (tr && (e.key === "ArrowDown" || e.key === "ArrowUp")) {
      e.preventDefault();
      const all = [...tableBox.querySelectorAll(ROW)];
      const next = all[all.indexOf(tr) + (e.key === "ArrowDown" ? 1 : -1)];
      if (next) next.focus();
    } else if (e.key === "Escape" && selected() >= 0 && !(t.getAttribute && t.getAttribute("data-role") === "search")) {
      const s = selected();
      setSelected(-1);
      const back = rowEl(s);
      if (back) back.focus();
    }
  });

  draw();
  return () => {
    dropEmbedded();
    cleanup.run();
  };
}

export default { render };
