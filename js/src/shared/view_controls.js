// The controls the result views share: a method <select> (several results), the explained class <select>, any
// view-specific controls, and the single / grid toggle; and the listeners that write them back to the model.
// Every label is a Text node.
import { h } from "./dom.js";
import { labelOf, methodLabelOf } from "./results_traits.js";

function select(doc, role, label, options, value, disabled) {
  const el = h(doc, "select", { "data-role": role, "aria-label": label, disabled: disabled || null });
  for (const [v, text] of options) el.append(h(doc, "option", { value: v, selected: String(v) === String(value) || null }, text));
  el.value = String(value);
  return el;
}

/** The controls bar for ``state`` (n, results, methodIndex, view, targetOptions, current, effectiveTarget);
 * ``extras`` go between the class selector and the toggle; ``attrs`` are extra attributes of the bar. */
export function renderControls(doc, state, extras = [], attrs = {}) {
  const bar = h(doc, "div", { class: "xw-controls", ...attrs });
  if (state.n > 1) {
    const options = state.results.map((r, i) => [i, methodLabelOf(r)]);
    bar.append(h(doc, "label", { class: "xw-control" }, h(doc, "span", null, "method"),
      select(doc, "method", "method", options, state.methodIndex, state.view === "grid")));
  }
  const targetOptions = state.targetOptions.map((t) => [t, labelOf(state.current, t)]);
  bar.append(h(doc, "label", { class: "xw-control" }, h(doc, "span", null, "explain"),
    select(doc, "target", "explained class", targetOptions, state.effectiveTarget, targetOptions.length < 2)));
  for (const el of extras) bar.append(el);
  if (state.n > 1) {
    const grid = state.view === "grid";
    bar.append(h(doc, "button", { type: "button", class: "xw-toggle", "data-role": "view-toggle", "aria-pressed": String(grid),
      title: grid ? "show one method" : "show all methods side by side" }, grid ? "single method" : "compare all methods"));
  }
  return bar;
}

/** The method / class selectors and the single / grid toggle write their traits (method_index, target, view). */
export function listenControls(cleanup, root, model, getState) {
  cleanup.listen(root, "change", (e) => {
    const role = e.target.getAttribute && e.target.getAttribute("data-role");
    if (role !== "method" && role !== "target") return;
    model.set(role === "method" ? "method_index" : "target", Number(e.target.value));
    model.save_changes();
  });
  cleanup.listen(root, "click", (e) => {
    const button = e.target.closest && e.target.closest("[data-role=view-toggle]");
    const state = getState();
    if (!button || !state) return;
    model.set("view", state.view === "grid" ? "single" : "grid");
    model.save_changes();
  });
}
