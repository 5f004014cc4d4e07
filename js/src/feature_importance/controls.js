// Controls: method and class selects, the chart switch (bars / waterfall, beeswarm / bar) and the view toggle.
import { h } from "../shared/dom.js";
import { labelOf, methodLabelOf } from "./state.js";

function select(doc, role, label, options, value, disabled, why = null) {
  const el = h(doc, "select", { "data-role": role, "aria-label": label, disabled: disabled || null, title: disabled ? why : null });
  for (const [v, text] of options) el.append(h(doc, "option", { value: v, selected: String(v) === String(value) || null }, text));
  el.value = String(value);
  return el;
}

/** A group of buttons (aria-pressed) that sets the chart; [value, text, enabled, why-not] per choice. */
function chartSwitch(doc, choices, value) {
  return h(doc, "div", { class: "xw-switch", role: "group", "aria-label": "chart" }, choices.map(([v, text, enabled, why]) =>
    h(doc, "button", { type: "button", "data-role": "chart-choice", "data-chart": v, "aria-pressed": String(v === value),
      disabled: enabled ? null : true, title: enabled ? null : why }, text)));
}

export function renderLocalControls(doc, state) {
  const bar = h(doc, "div", { class: "xw-controls", "data-role": "controls" });
  if (state.n > 1) {
    bar.append(h(doc, "label", { class: "xw-control" }, h(doc, "span", null, "method"),
      select(doc, "method", "method", state.results.map((r, i) => [i, methodLabelOf(r)]), state.methodIndex, state.view === "grid",
        'every method is shown side by side: press "single method" to pick one')));
  }
  const targets = state.targetOptions.map((t) => [t, labelOf(state.current, t)]);
  if (targets.length > 1) {
    bar.append(h(doc, "label", { class: "xw-control" }, h(doc, "span", null, "explain"),
      select(doc, "target", "explained class", targets, state.effectiveTarget)));
  }
  bar.append(chartSwitch(doc, [["bars", "bars", true], ["waterfall", "waterfall", state.canWaterfall,
    state.view === "grid" ? "one method at a time" : "needs a method with a base value (e.g. SHAP)"]], state.chart));
  if (state.n > 1) {
    const grid = state.view === "grid";
    bar.append(h(doc, "button", { type: "button", class: "xw-toggle", "data-role": "view-toggle", "aria-pressed": String(grid),
      title: grid ? "show one method" : "compare all methods side by side" }, grid ? "single method" : "compare all methods"));
  }
  return bar;
}

export function renderGlobalControls(doc, state) {
  return h(doc, "div", { class: "xw-controls", "data-role": "controls" },
    chartSwitch(doc, [["beeswarm", "beeswarm", state.canSwarm, "this method gives no per-row values"],
      ["bar", "importance bars", true]], state.chart));
}
