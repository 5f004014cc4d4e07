// Controls: method <select> (several results), explained class <select>, the opacity slider and the
// single / grid toggle. Every label is a Text node.
import { h } from "../shared/dom.js";
import { labelOf, methodLabelOf } from "./state.js";

function select(doc, role, label, options, value, disabled) {
  const el = h(doc, "select", { "data-role": role, "aria-label": label, disabled: disabled || null });
  for (const [v, text] of options) el.append(h(doc, "option", { value: v, selected: String(v) === String(value) || null }, text));
  el.value = String(value);
  return el;
}

export const opacityText = (v) => `${Math.round(v * 100)}%`;

export function renderControls(doc, state) {
  const bar = h(doc, "div", { class: "xw-controls", "data-role": "controls" });
  if (state.n > 1) {
    const options = state.results.map((r, i) => [i, methodLabelOf(r)]);
    bar.append(h(doc, "label", { class: "xw-control" }, h(doc, "span", null, "method"),
      select(doc, "method", "method", options, state.methodIndex, state.view === "grid")));
  }
  const targetOptions = state.targetOptions.map((t) => [t, labelOf(state.current, t)]);
  bar.append(h(doc, "label", { class: "xw-control" }, h(doc, "span", null, "explain"),
    select(doc, "target", "explained class", targetOptions, state.effectiveTarget, targetOptions.length < 2)));
  const slider = h(doc, "input", { type: "range", min: "0", max: "1", step: "0.05", "data-role": "opacity",
    "aria-label": "heat map opacity", "aria-valuetext": opacityText(state.opacity) });
  slider.value = String(state.opacity);
  bar.append(h(doc, "label", { class: "xw-control" }, h(doc, "span", null, "opacity"), slider,
    h(doc, "output", { "data-role": "opacity-value", class: "xw-opacity-value" }, opacityText(state.opacity))));
  if (state.n > 1) {
    const grid = state.view === "grid";
    bar.append(h(doc, "button", { type: "button", class: "xw-toggle", "data-role": "view-toggle", "aria-pressed": String(grid),
      title: grid ? "show one method" : "show all methods side by side" }, grid ? "single method" : "compare all methods"));
  }
  return bar;
}
