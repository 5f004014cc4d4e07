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

/**
 * Why the class selector is disabled and how to enable it: {text (shown next to it), title}, for ``state``
 * (current, effectiveTarget). A model with one output has nothing to choose; otherwise only one class was
 * explained, and explain(..., target="all") computes them all.
 */
export function targetHint(state) {
  const labels = (state.current && Array.isArray(state.current.labels)) ? state.current.labels : [];
  if (labels.length < 2) return { text: "", title: "the model has a single output: there is no other class to explain" };
  const shown = labelOf(state.current, state.effectiveTarget);
  return {
    text: 'other classes: explain(..., target="all")',
    title: `only "${shown}" was explained; to switch between the classes here, compute them all with `
      + 'xw.explain(..., target="all") (or target=[...] for some of them) and show that result',
  };
}

/** The controls bar for ``state`` (n, results, methodIndex, view, targetOptions, current, effectiveTarget);
 * ``extras`` go between the class selector and the toggle; ``attrs`` are extra attributes of the bar. */
export function renderControls(doc, state, extras = [], attrs = {}) {
  const bar = h(doc, "div", { class: "xw-controls", ...attrs });
  if (state.n > 1) {
    const options = state.results.map((r, i) => [i, methodLabelOf(r)]);
    const methodSelect = select(doc, "method", "method", options, state.methodIndex, state.view === "grid");
    if (state.view === "grid") methodSelect.title = 'every method is shown side by side: press "single method" to pick one';
    bar.append(h(doc, "label", { class: "xw-control" }, h(doc, "span", null, "method"), methodSelect));
  }
  const targetOptions = state.targetOptions.map((t) => [t, labelOf(state.current, t)]);
  const hint = targetOptions.length < 2 ? targetHint(state) : null;
  const targetSelect = select(doc, "target", "explained class", targetOptions, state.effectiveTarget, Boolean(hint));
  if (hint) targetSelect.title = hint.title;
  bar.append(h(doc, "label", { class: "xw-control" }, h(doc, "span", null, "explain"), targetSelect,
    hint && hint.text ? h(doc, "span", { class: "xw-hint", "data-role": "target-hint", title: hint.title }, hint.text) : null));
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
