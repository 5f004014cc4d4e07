// Tiny DOM builder. Strings always become Text nodes: nothing here ever parses HTML.

/**
 * h(doc, "span", { class: "a b", "data-x": 1, style: { color: "red" } }, "text", childNode, [more])
 * Attribute values null/undefined/false are skipped, true gives an empty attribute.
 */
export function h(doc, tag, attrs, ...children) {
  const el = doc.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value == null || value === false) continue;
    if (key === "class") el.className = Array.isArray(value) ? value.filter(Boolean).join(" ") : String(value);
    else if (key === "style" && typeof value === "object") Object.assign(el.style, value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  appendChildren(el, children);
  return el;
}

export function appendChildren(el, children) {
  const doc = el.ownerDocument;
  for (const child of [children].flat(Infinity)) {
    if (child == null || child === false) continue;
    el.appendChild(typeof child === "object" && "nodeType" in child ? child : doc.createTextNode(String(child)));
  }
  return el;
}

/** Removes all children of el. */
export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** Collects cleanup functions; run() calls them once, in reverse order. */
export function disposer() {
  const fns = [];
  return {
    add(fn) {
      fns.push(fn);
      return fn;
    },
    listen(target, type, fn, options) {
      target.addEventListener(type, fn, options);
      fns.push(() => target.removeEventListener(type, fn, options));
    },
    run() {
      while (fns.length) fns.pop()();
    },
  };
}
