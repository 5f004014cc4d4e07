// Token highlight widget (anywidget module): attribution scores of one or several methods shown as coloured
// tokens, with prediction header, method/target/view controls, legend and an accessible tooltip.
// Traits: results, method_index, target (-1: each result's first target), view ("single" | "grid"),
// hovered (set here: index of the hovered/focused token, -1 for none), theme ("auto" | "light" | "dark").
import { clear, h } from "./shared/dom.js";
import { mountRoot } from "./shared/mount.js";
import { followTheme, resolveTheme } from "./shared/theme.js";
import { CSS, STYLE_ID } from "./token_highlight/styles.js";
import { readState } from "./token_highlight/state.js";
import { renderHeader } from "./token_highlight/header.js";
import { renderControls } from "./token_highlight/controls.js";
import { renderPanel, tooltipLines } from "./token_highlight/panel.js";
import { listenControls } from "./shared/view_controls.js";

const TOKEN = ".xw-token";

function render({ model, el }) {
  const { doc, cleanup, root, body, tooltip } = mountRoot(el, { styleId: STYLE_ID, css: CSS, className: "xw-th",
    widget: "token-highlight" });
  let state = null;
  let pointerToken = null;

  const panelOf = (token) => {
    const row = token.closest("[data-role=row]");
    const rows = [...body.querySelectorAll("[data-role=row]")];
    return state.panels[rows.indexOf(row)];
  };
  const tokenIndex = (token) => Number(token.getAttribute("data-token-index"));
  const focusedToken = () => {
    const a = doc.activeElement;
    return a && a.matches && a.matches(TOKEN) && root.contains(a) ? a : null;
  };

  function setHovered(i) {
    if (model.get("hovered") === i) return;
    model.set("hovered", i);
    model.save_changes();
  }

  function activate(token) {
    const panel = panelOf(token);
    if (!panel) return;
    const i = tokenIndex(token);
    tooltip.show(token, tooltipLines(panel, i, state.view === "grid"));
    token.setAttribute("aria-describedby", tooltip.id);
    setHovered(i);
  }

  function deactivate() {
    const next = pointerToken && root.contains(pointerToken) ? pointerToken : focusedToken();
    if (next) return activate(next);
    tooltip.hide();
    setHovered(-1);
  }

  function markLinked() {
    const i = model.get("hovered");
    for (const t of body.querySelectorAll(TOKEN)) t.classList.toggle("xw-linked", tokenIndex(t) === i && t !== pointerToken && t !== focusedToken());
  }

  function focusKey() {
    const a = doc.activeElement;
    if (!a || !root.contains(a)) return null;
    if (a.matches(TOKEN)) {
      const rows = [...body.querySelectorAll("[data-role=row]")];
      return { row: rows.indexOf(a.closest("[data-role=row]")), index: tokenIndex(a) };
    }
    return a.getAttribute("data-role") ? { role: a.getAttribute("data-role") } : null;
  }

  function restoreFocus(key) {
    if (!key) return;
    let target = null;
    if (key.role) target = body.querySelector(`[data-role="${key.role}"]`);
    else {
      const rows = body.querySelectorAll("[data-role=row]");
      const row = rows[Math.min(key.row, rows.length - 1)];
      target = row && row.querySelector(`${TOKEN}[data-token-index="${key.index}"]`);
    }
    if (target) target.focus();
  }

  function draw() {
    const key = focusKey();
    state = readState(model);
    pointerToken = null;
    tooltip.hide();
    root.setAttribute("data-theme", state.theme);
    const resolved = resolveTheme(root, state.theme);
    root.setAttribute("data-resolved-theme", resolved);
    root.setAttribute("data-view", state.view);
    clear(body);
    if (!state.current) {
      body.append(h(doc, "div", { class: "xw-empty-state" }, "no attribution results to show"));
      return;
    }
    body.append(renderHeader(doc, state), renderControls(doc, state));
    const panels = h(doc, "div", { class: "xw-panels", "data-role": "panels" });
    for (const p of state.panels) panels.append(renderPanel(doc, p, resolved, state.view === "grid"));
    body.append(panels);
    markLinked();
    restoreFocus(key);
  }

  // ---- model -> view
  for (const name of ["results", "method_index", "target", "view", "theme"]) {
    const cb = () => draw();
    model.on(`change:${name}`, cb);
    cleanup.add(() => model.off(`change:${name}`, cb));
  }
  model.on("change:hovered", markLinked);
  cleanup.add(() => model.off("change:hovered", markLinked));
  cleanup.add(followTheme(root, () => (state ? state.theme : "auto"), draw));

  // ---- view -> model (delegated; mouseenter/leave do not bubble, so listen in the capture phase)
  cleanup.listen(root, "mouseenter", (e) => {
    if (e.target.matches && e.target.matches(TOKEN)) {
      pointerToken = e.target;
      activate(e.target);
    }
  }, true);
  cleanup.listen(root, "mouseleave", (e) => {
    if (e.target === pointerToken || (e.target.matches && e.target.matches(TOKEN))) {
      pointerToken = null;
      deactivate();
    }
  }, true);
  cleanup.listen(root, "focusin", (e) => {
    if (e.target.matches && e.target.matches(TOKEN)) activate(e.target);
  });
  cleanup.listen(root, "focusout", (e) => {
    if (!(e.target.matches && e.target.matches(TOKEN))) return;
    e.target.removeAttribute("aria-describedby");
    const next = e.relatedTarget;
    if (!(next && next.matches && next.matches(TOKEN) && root.contains(next))) deactivate();
  });
  cleanup.listen(root, "keydown", (e) => {
    const token = e.target.matches && e.target.matches(TOKEN) ? e.target : null;
    if (!token) return;
    if (e.key === "Escape") {
      tooltip.hide();
      return;
    }
    const tokens = [...token.closest("[data-role=tokens]").querySelectorAll(TOKEN)];
    const pos = tokens.indexOf(token);
    let next = null;
    if (e.key === "ArrowRight") next = tokens[pos + 1];
    else if (e.key === "ArrowLeft") next = tokens[pos - 1];
    else if (e.key === "Home") next = tokens[0];
    else if (e.key === "End") next = tokens[tokens.length - 1];
    else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      const rows = [...body.querySelectorAll("[data-role=row]")];
      const row = rows[rows.indexOf(token.closest("[data-role=row]")) + (e.key === "ArrowDown" ? 1 : -1)];
      next = row && row.querySelector(`${TOKEN}[data-token-index="${tokenIndex(token)}"]`);
    } else return;
    e.preventDefault();
    if (next) next.focus();
  });
  listenControls(cleanup, root, model, () => state);

  draw();
  return () => cleanup.run();
}

export default { render };
