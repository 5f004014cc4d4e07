// Controls: method <select> (several results), explained class <select>, the opacity slider and the
// single / grid toggle (shared/view_controls). Every label is a Text node.
import { h } from "../shared/dom.js";
import { renderControls as sharedControls } from "../shared/view_controls.js";

export const opacityText = (v) => `${Math.round(v * 100)}%`;

export function renderControls(doc, state) {
  const slider = h(doc, "input", { type: "range", min: "0", max: "1", step: "0.05", "data-role": "opacity",
    "aria-label": "heat map opacity", "aria-valuetext": opacityText(state.opacity) });
  slider.value = String(state.opacity);
  const opacity = h(doc, "label", { class: "xw-control" }, h(doc, "span", null, "opacity"), slider,
    h(doc, "output", { "data-role": "opacity-value", class: "xw-opacity-value" }, opacityText(state.opacity)));
  return sharedControls(doc, state, [opacity], { "data-role": "controls" });
}
