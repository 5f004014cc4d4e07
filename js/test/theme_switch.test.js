// Every widget follows a live theme switch (theme "auto"): JupyterLab's body attributes, VS Code's body classes,
// prefers-color-scheme; each view uses the one shared mechanism (shared/theme.js followTheme), which stops with
// the view.
import test from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { fakeModel, makeDom } from "./helpers.js";
import { RECHECK_DELAYS, followTheme } from "../src/shared/theme.js";

const WIDGETS = ["token_highlight", "attention_explorer", "evaluation_report", "feature_importance", "image_heatmap",
  "concept_report", "example_gallery", "adversarial_view", "what_if"];
const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));
const DARK_BG = "rgb(24, 24, 24)";
const LIGHT_BG = "rgb(255, 255, 255)";

async function mount(name, initial = {}) {
  const widget = (await import(`../src/${name}.js`)).default;
  const { doc, el, win } = makeDom();
  const model = fakeModel({ theme: "auto", ...initial });
  model.send = () => {};
  const cleanup = widget.render({ model, el });
  return { doc, el, win, model, cleanup, root: el.firstElementChild };
}

for (const name of WIDGETS) {
  test(`${name}: repaints on a live switch (JupyterLab attribute, then VS Code class) and stops with the view`, async () => {
    const { doc, el, root, cleanup } = await mount(name);
    assert.equal(root.getAttribute("data-resolved-theme"), "light");
    root.style.backgroundColor = DARK_BG; // the new theme's CSS, applied with the attribute
    doc.body.setAttribute("data-jp-theme-light", "false");
    await tick();
    assert.equal(root.getAttribute("data-resolved-theme"), "dark", "JupyterLab dark");
    root.style.backgroundColor = LIGHT_BG;
    doc.body.className = "vscode-light";
    await tick();
    assert.equal(root.getAttribute("data-resolved-theme"), "light", "VS Code light");
    cleanup();
    assert.equal(el.children.length, 0);
    doc.body.append(root); // put the old root back on the page: only a live watcher could repaint it now
    root.style.backgroundColor = DARK_BG;
    doc.body.className = "vscode-dark";
    await tick();
    assert.equal(root.getAttribute("data-resolved-theme"), "light", "no redraw after the view is removed");
  });
}

test("every widget entry module uses followTheme (the one shared mechanism)", () => {
  for (const name of WIDGETS) {
    const src = readFileSync(fileURLToPath(new URL(`../src/${name}.js`, import.meta.url)), "utf8");
    assert.match(src, /cleanup\.add\(followTheme\(root,/, name);
    assert.doesNotMatch(src, /watchColorScheme|watchThemeChanges/, name);
  }
});

test("a forced theme does not follow the page", async () => {
  const { doc, root, cleanup } = await mount("token_highlight", { theme: "light" });
  root.style.backgroundColor = DARK_BG;
  doc.body.setAttribute("data-jp-theme-light", "false");
  await tick();
  assert.equal(root.getAttribute("data-resolved-theme"), "light");
  cleanup();
});

test("prefers-color-scheme: a change event repaints, and the listener is removed with the view", async () => {
  const { doc, el, win } = makeDom();
  const listeners = new Set();
  const mq = { matches: false, addEventListener: (t, cb) => listeners.add(cb), removeEventListener: (t, cb) => listeners.delete(cb) };
  win.matchMedia = () => mq;
  const widget = (await import("../src/evaluation_report.js")).default;
  const model = fakeModel({ theme: "auto", methods: [], metrics: [], table: [] });
  const cleanup = widget.render({ model, el });
  const root = el.firstElementChild;
  assert.equal(root.getAttribute("data-resolved-theme"), "light");
  assert.equal(listeners.size, 1);
  mq.matches = true; // the OS switched to dark; the page has no theme variables (transparent background)
  listeners.forEach((cb) => cb({ matches: true }));
  assert.equal(root.getAttribute("data-resolved-theme"), "dark");
  cleanup();
  assert.equal(listeners.size, 0);
  void doc;
});

test("a theme stylesheet that lands after the attribute change is still picked up (delayed re-checks)", async () => {
  const { doc, el } = makeDom();
  const root = doc.createElement("div");
  el.append(root);
  let draws = 0;
  const redraw = () => {
    draws += 1;
    root.setAttribute("data-resolved-theme", root.style.backgroundColor === DARK_BG ? "dark" : "light");
  };
  root.setAttribute("data-resolved-theme", "light");
  const stop = followTheme(root, () => "auto", redraw);
  doc.body.setAttribute("data-jp-theme-light", "false");
  await tick();
  assert.equal(draws, 0, "nothing changed yet");
  await tick(200);
  root.style.backgroundColor = DARK_BG; // the new theme's CSS arrives ~200 ms later
  await tick(RECHECK_DELAYS[2] + 50);
  assert.equal(root.getAttribute("data-resolved-theme"), "dark");
  assert.equal(draws, 1, "one redraw, not one per re-check");
  stop();
});
