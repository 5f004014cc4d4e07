// The common start of every widget view: its stylesheet, a root element (class, data-widget) appended to the
// anywidget element, optionally a body inside it and a tooltip on it, and a disposer for the view's cleanup.
import { disposer, h } from "./dom.js";
import { injectStyle } from "./theme.js";
import { createTooltip } from "./tooltip.js";

export function mountRoot(el, { styleId, css, className, widget, body = true, tooltip = true }) {
  const doc = el.ownerDocument;
  const cleanup = disposer();
  injectStyle(el, styleId, css);
  const root = h(doc, "div", { class: `xw-root ${className}`, "data-widget": widget });
  const bodyEl = body ? h(doc, "div", { class: "xw-body" }) : null;
  if (bodyEl) root.append(bodyEl);
  el.appendChild(root);
  cleanup.add(() => root.remove());
  const tip = tooltip ? createTooltip(root) : null;
  if (tip) cleanup.add(() => tip.destroy());
  // cleanup.run() (what the view returns to anywidget) undoes the view's own listeners first, then this.
  return { doc, win: doc.defaultView, cleanup, root, body: bodyEl, tooltip: tip };
}
