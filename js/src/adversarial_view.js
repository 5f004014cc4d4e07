// Adversarial view (anywidget module) of an AdversarialExample (its to_json() in the `data` trait): a header
// (method, flipped or not, words changed, model calls), the original and the adversarial text with the changed words
// marked (old -> new), an SVG chart of the probability of the original class after each step with the decision line
// (0.5, or 1/C), both predictions, and the token attributions of both texts toward the original class side by side
// (the TokenHighlight view, embedded), computed in the kernel (the `attributions` trait).
// Traits: data, attributions ([] or [original, adversarial] Attribution.to_json() dicts), attribution_note, theme.
import { clear, h } from "./shared/dom.js";
import { mountRoot } from "./shared/mount.js";
import { followTheme, resolveTheme } from "./shared/theme.js";
import { embedTokens } from "./adversarial_view/tokens.js";
import { CSS, STYLE_ID } from "./adversarial_view/styles.js";
import { renderChanges, renderChart, renderHeader, renderPredictions, renderTexts } from "./adversarial_view/render.js";
import { labelOf } from "./adversarial_view/logic.js";

const TRAITS = ["data", "attributions", "attribution_note", "theme"];

function render({ model, el }) {
  const { doc, cleanup, root } = mountRoot(el, { styleId: STYLE_ID, css: CSS, className: "xw-av",
    widget: "adversarial-view", body: false, tooltip: false });
  let embedded = [];

  function draw() {
    embedded.forEach((stop) => stop());
    embedded = [];
    const raw = model.get("data");
    const d = raw && typeof raw === "object" ? raw : {};
    const themeRaw = model.get("theme");
    const theme = themeRaw === "light" || themeRaw === "dark" ? themeRaw : "auto";
    root.setAttribute("data-theme", theme);
    root.setAttribute("data-resolved-theme", resolveTheme(root, theme));
    clear(root);
    if (typeof d.original !== "string" || typeof d.adversarial !== "string") {
      root.append(h(doc, "div", { class: "xw-empty-state" }, "no adversarial example to show"));
      return;
    }
    root.append(...renderHeader(doc, d), renderTexts(doc, d),
      h(doc, "h4", {}, "Changed words"), renderChanges(doc, d),
      h(doc, "div", { class: "xw-av-middle" }, renderChart(doc, d), renderPredictions(doc, d)));
    const attrs = Array.isArray(model.get("attributions")) ? model.get("attributions").filter((a) => a && typeof a === "object") : [];
    const target = labelOf(d, d.target);
    const box = h(doc, "div", { class: "xw-av-attr-box", "data-role": "attributions" },
      h(doc, "h4", {}, `Token attributions toward "${target}" (the original class)`));
    if (attrs.length === 2) {
      const row = h(doc, "div", { class: "xw-av-attr" });
      ["original", "adversarial"].forEach((which, i) => {
        const mount = h(doc, "div", { class: "xw-av-attr-mount" });
        row.append(h(doc, "div", { "data-role": `attribution-${which}` }, h(doc, "div", { class: "xw-av-label" }, which), mount));
        embedded.push(embedTokens(mount, attrs[i], theme));
      });
      box.append(row);
    } else {
      const note = model.get("attribution_note");
      box.append(h(doc, "div", { class: "xw-av-note", "data-role": "attribution-note" },
        typeof note === "string" && note ? note : "no attributions (AdversarialView(..., attribution=\"occlusion\") computes them)"));
    }
    root.append(box);
  }

  for (const name of TRAITS) {
    const cb = () => draw();
    model.on(`change:${name}`, cb);
    cleanup.add(() => model.off(`change:${name}`, cb));
  }
  cleanup.add(followTheme(root, () => model.get("theme"), draw));

  draw();
  return () => {
    embedded.forEach((stop) => stop());
    embedded = [];
    cleanup.run();
  };
}

export default { render };
