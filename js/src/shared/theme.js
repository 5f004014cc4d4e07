// Light/dark theming: CSS variables that follow JupyterLab and VS Code, with fallbacks and prefers-color-scheme;
// data-theme="light" | "dark" on the widget root forces one. The colour scales need to know which one is in
// effect, so resolveTheme() reads the root's computed background.
import { luminance, parseColor } from "./color.js";

const LIGHT = {
  bg: "#ffffff", fg: "#1f2328", muted: "#656d76", border: "#d0d7de", panel: "#f6f8fa", accent: "#0969da",
};
const DARK = {
  bg: "#1e1e1e", fg: "#e6edf3", muted: "#9198a1", border: "#3d444d", panel: "#2a2d33", accent: "#4493f8",
};

const vars = (prefix, c) => Object.entries(c).map(([k, v]) => `--${prefix}-${k}: ${v};`).join(" ");

/** The theme variables for a root selector, e.g. themeCss(".xw-th"). Components use var(--xw-bg) etc. */
export function themeCss(root) {
  return `
${root} { ${vars("xw-fb", LIGHT)}
  --xw-bg: var(--jp-layout-color0, var(--vscode-editor-background, var(--xw-fb-bg)));
  --xw-fg: var(--jp-ui-font-color0, var(--vscode-editor-foreground, var(--xw-fb-fg)));
  --xw-muted: var(--jp-ui-font-color2, var(--vscode-descriptionForeground, var(--xw-fb-muted)));
  --xw-border: var(--jp-border-color1, var(--vscode-panel-border, var(--xw-fb-border)));
  --xw-panel: var(--jp-layout-color2, var(--vscode-editorWidget-background, var(--xw-fb-panel)));
  --xw-accent: var(--jp-brand-color1, var(--vscode-focusBorder, var(--xw-fb-accent)));
  --xw-font: var(--jp-ui-font-family, var(--vscode-font-family, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif));
  --xw-mono: var(--jp-code-font-family, var(--vscode-editor-font-family, ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace));
  --xw-shadow: 0 4px 14px rgba(0, 0, 0, 0.18);
  color: var(--xw-fg); background: var(--xw-bg); font-family: var(--xw-font);
}
@media (prefers-color-scheme: dark) { ${root} { ${vars("xw-fb", DARK)} --xw-shadow: 0 4px 14px rgba(0, 0, 0, 0.5); } }
${root}[data-theme="light"] { ${vars("xw", LIGHT)} }
${root}[data-theme="dark"] { ${vars("xw", DARK)} --xw-shadow: 0 4px 14px rgba(0, 0, 0, 0.5); }
${root}[data-resolved-theme="light"] { color-scheme: light; }
${root}[data-resolved-theme="dark"] { color-scheme: dark; }
`;
}

/** Adds <style id=id> once to the document (or shadow root) that holds el; updates it if the CSS changed. */
export function injectStyle(el, id, css) {
  const rootNode = typeof el.getRootNode === "function" ? el.getRootNode() : el.ownerDocument;
  const doc = el.ownerDocument;
  const isShadow = rootNode && rootNode !== doc && rootNode.nodeType === 11;
  const host = isShadow ? rootNode : doc.head || doc.documentElement;
  let style = isShadow ? rootNode.getElementById?.(id) || rootNode.querySelector(`#${id}`) : doc.getElementById(id);
  if (!style) {
    style = doc.createElement("style");
    style.id = id;
    host.appendChild(style);
  }
  if (style.textContent !== css) style.textContent = css;
  return style;
}

function prefersDark(win) {
  try {
    return Boolean(win && win.matchMedia && win.matchMedia("(prefers-color-scheme: dark)").matches);
  } catch {
    return false;
  }
}

/**
 * "light" or "dark": forced by theme, else from the luminance of root's computed background (which follows
 * JupyterLab / VS Code / prefers-color-scheme through the CSS variables), else prefers-color-scheme.
 */
export function resolveTheme(root, theme = "auto") {
  if (theme === "light" || theme === "dark") return theme;
  const win = root.ownerDocument.defaultView;
  if (root.isConnected && win && win.getComputedStyle) {
    const parsed = parseColor(win.getComputedStyle(root).backgroundColor);
    if (parsed && parsed.alpha > 0.5) return luminance(parsed.rgb) < 0.2 ? "dark" : "light";
  }
  return prefersDark(win) ? "dark" : "light";
}

/**
 * Calls cb() when the surroundings may have changed theme: the OS colour scheme, JupyterLab's
 * data-jp-theme-* attributes or VS Code's body classes, and once when root is first attached to a page.
 * Returns an unsubscribe function.
 */
export function watchColorScheme(root, cb) {
  const doc = root.ownerDocument;
  const win = doc.defaultView;
  const stops = [];
  try {
    const mq = win && win.matchMedia && win.matchMedia("(prefers-color-scheme: dark)");
    if (mq && mq.addEventListener) {
      mq.addEventListener("change", cb);
      stops.push(() => mq.removeEventListener("change", cb));
    }
  } catch {
    /* no matchMedia (jsdom) */
  }
  if (win && win.MutationObserver && doc.body) {
    const obs = new win.MutationObserver(() => cb());
    const attrs = ["class", "data-jp-theme-light", "data-jp-theme-name", "data-vscode-theme-kind", "data-vscode-theme-id"];
    obs.observe(doc.body, { attributes: true, attributeFilter: attrs });
    // VS Code sets its theme's CSS variables in <html style="...">.
    obs.observe(doc.documentElement, { attributes: true, attributeFilter: [...attrs, "style"] });
    stops.push(() => obs.disconnect());
  }
  if (!root.isConnected && win && win.requestAnimationFrame) {
    // anywidget may render into an element that is attached to the page only later.
    let frames = 0;
    let handle = 0;
    const poll = () => {
      if (root.isConnected) cb();
      else if (++frames < 600) handle = win.requestAnimationFrame(poll);
    };
    handle = win.requestAnimationFrame(poll);
    stops.push(() => win.cancelAnimationFrame && win.cancelAnimationFrame(handle));
  }
  return () => stops.forEach((stop) => stop());
}

/** Delays (ms) of the re-checks after a theme event: front ends restyle the page some time after the event that
 * announces a switch (JupyterLab loads the new theme's stylesheet, VS Code rewrites its CSS variables). */
export const RECHECK_DELAYS = [0, 120, 400, 1000, 2500];

/**
 * watchColorScheme(root, ...) that runs ``recheck`` at each of RECHECK_DELAYS after a change (a new change
 * restarts the series, so a burst of mutations costs one series). Returns the stop function, which also cancels
 * the pending re-checks.
 */
export function watchThemeChanges(root, recheck) {
  const win = root.ownerDocument.defaultView;
  const timers = new Set();
  const cancel = () => {
    timers.forEach((t) => win.clearTimeout(t));
    timers.clear();
  };
  const stop = watchColorScheme(root, () => {
    cancel();
    recheck();
    for (const ms of RECHECK_DELAYS.slice(1)) {
      const t = win.setTimeout(() => {
        timers.delete(t);
        recheck();
      }, ms);
      timers.add(t);
    }
  });
  return () => {
    cancel();
    stop();
  };
}

/**
 * The live theme switch every view uses: while ``getTheme()`` is "auto" (anything but "light" / "dark"), calls
 * ``redraw()`` whenever the theme in effect around ``root`` (resolveTheme) differs from the one the view last
 * drew, which the view records as root's data-resolved-theme. Follows JupyterLab (data-jp-theme-* attributes),
 * VS Code (body classes vscode-dark / vscode-light / vscode-high-contrast, its CSS variables on <html>) and
 * prefers-color-scheme. Returns the stop function: add it to the view's cleanup.
 */
export function followTheme(root, getTheme, redraw) {
  return watchThemeChanges(root, () => {
    const theme = getTheme();
    if (theme === "light" || theme === "dark") return;
    if (resolveTheme(root, "auto") !== root.getAttribute("data-resolved-theme")) redraw();
  });
}
