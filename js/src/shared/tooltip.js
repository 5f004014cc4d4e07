// A tooltip positioned under an anchor element, inside a container with position: relative.
// Content is given as lines of plain text (always inserted as Text nodes).
import { h } from "./dom.js";

let counter = 0;

export function tooltipCss(root) {
  return `
${root} .xw-tooltip { position: absolute; z-index: 20; max-width: 300px; padding: 6px 9px; border-radius: 5px;
  background: var(--xw-panel); color: var(--xw-fg); border: 1px solid var(--xw-border); box-shadow: var(--xw-shadow);
  font-size: 12px; line-height: 1.45; pointer-events: none; white-space: normal; overflow-wrap: anywhere; }
${root} .xw-tooltip[hidden] { display: none; }
${root} .xw-tooltip .xw-tt-title { font-family: var(--xw-mono); font-weight: 600; white-space: pre-wrap; }
${root} .xw-tooltip .xw-tt-muted { color: var(--xw-muted); }
`;
}

/**
 * createTooltip(container) -> { element, id, show(anchor, lines), hide(), destroy() }
 * lines: array of strings or { text, class } objects.
 */
export function createTooltip(container) {
  const doc = container.ownerDocument;
  const id = `xw-tooltip-${++counter}`;
  const element = h(doc, "div", { class: "xw-tooltip", role: "tooltip", id, hidden: true });
  container.appendChild(element);

  function position(anchor) {
    const c = container.getBoundingClientRect();
    const a = anchor.getBoundingClientRect();
    const width = element.offsetWidth || 0;
    const maxLeft = Math.max(0, (container.clientWidth || c.width) - width - 4);
    const left = Math.min(Math.max(0, a.left - c.left), maxLeft);
    // below the anchor; above it when only that keeps the tooltip inside the container (outputs may clip)
    const height = element.offsetHeight || 0;
    const below = a.bottom - c.top + 6;
    const above = a.top - c.top - height - 6;
    const top = below + height > c.height && above >= 0 ? above : below;
    element.style.left = `${Math.round(left)}px`;
    element.style.top = `${Math.round(top)}px`;
  }

  return {
    element,
    id,
    show(anchor, lines) {
      element.replaceChildren(
        ...lines.map((line) =>
          typeof line === "string" ? h(doc, "div", null, line) : h(doc, "div", { class: line.class }, line.text),
        ),
      );
      element.hidden = false;
      position(anchor);
    },
    hide() {
      element.hidden = true;
    },
    get visible() {
      return !element.hidden;
    },
    destroy() {
      element.remove();
    },
  };
}
