// CSS of the adversarial view, scoped under .xw-av (injected once per document by the view); also used by the
// what-if widget for its suggestion (the marked words and changes).
import { themeCss } from "../shared/theme.js";

export const ROOT = ".xw-av";
export const STYLE_ID = "xw-adversarial-view-style";

/** The rules of marked words, change lists and probability bars, under any root selector. */
export function markCss(root) {
  return `
${root} { --xw-old-bg: rgba(207, 34, 46, 0.16); --xw-new-bg: rgba(26, 127, 55, 0.2); --xw-good: #1a7f37; --xw-bad: #cf222e; }
${root}[data-resolved-theme="dark"] { --xw-old-bg: rgba(248, 81, 73, 0.25); --xw-new-bg: rgba(63, 185, 80, 0.28); --xw-good: #3fb950; --xw-bad: #f85149; }
${root} .xw-old { background: var(--xw-old-bg); color: inherit; text-decoration: line-through; border-radius: 3px; padding: 0 2px; }
${root} .xw-new { background: var(--xw-new-bg); color: inherit; text-decoration: underline; border-radius: 3px; padding: 0 2px; font-weight: 600; }
${root} .xw-av-text { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 14px; line-height: 1.7; padding: 4px 8px;
  border: 1px solid var(--xw-border); border-radius: 4px; background: var(--xw-panel); }
${root} .xw-av-changes { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 12px; margin: 4px 0; padding: 0; font-size: 13px; }
${root} .xw-status { font-weight: 600; }
${root} .xw-status.xw-flipped { color: var(--xw-good); }
${root} .xw-status.xw-held { color: var(--xw-muted); }
${root} .xw-muted { color: var(--xw-muted); }
${root} .xw-help { font-size: 11px; color: var(--xw-muted); margin: 4px 0; }
${root} h4 { font-size: 13px; margin: 8px 0 4px; }
`;
}

export const CSS = `${themeCss(ROOT)}${markCss(ROOT)}
${ROOT} { box-sizing: border-box; max-width: 100%; padding: 10px 12px; border: 1px solid var(--xw-border); border-radius: 6px;
  font-size: 13px; line-height: 1.4; text-align: left; }
${ROOT} *, ${ROOT} *::before, ${ROOT} *::after { box-sizing: inherit; }
${ROOT} .xw-av-title { font-size: 15px; font-weight: 600; }
${ROOT} .xw-av-meta { display: flex; flex-wrap: wrap; gap: 2px 14px; margin: 2px 0 8px; color: var(--xw-muted); font-size: 12px; }
${ROOT} .xw-av-meta strong { color: var(--xw-fg); font-weight: 600; }
${ROOT} .xw-av-texts { display: flex; flex-direction: column; gap: 6px; }
${ROOT} .xw-av-label { font-weight: 600; margin-bottom: 2px; }
${ROOT} .xw-av-label .xw-muted { font-weight: 400; }
${ROOT} .xw-av-middle { display: flex; flex-wrap: wrap; gap: 12px 28px; align-items: flex-start; margin-top: 8px; }
${ROOT} .xw-av-chart { display: block; overflow: visible; }
${ROOT} .xw-av-chart .xw-axis { stroke: var(--xw-muted); stroke-width: 1; }
${ROOT} .xw-av-chart .xw-threshold { stroke: var(--xw-muted); stroke-width: 1; stroke-dasharray: 4 3; }
${ROOT} .xw-av-chart .xw-line { stroke: var(--xw-accent); stroke-width: 2; }
${ROOT} .xw-av-chart .xw-point { fill: var(--xw-accent); stroke: var(--xw-bg); stroke-width: 1.5; }
${ROOT} .xw-av-chart .xw-point.xw-below { fill: var(--xw-bad); }
${ROOT} .xw-av-chart .xw-point:focus-visible { outline: none; stroke: var(--xw-fg); stroke-width: 2; }
${ROOT} .xw-av-chart text { fill: var(--xw-muted); font-size: 10px; font-family: var(--xw-font); }
${ROOT} .xw-av-chart .xw-axis-label { font-size: 11px; }
${ROOT} .xw-av-preds table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
${ROOT} .xw-av-preds th, ${ROOT} .xw-av-preds td { padding: 2px 8px 2px 0; text-align: left; white-space: nowrap; }
${ROOT} .xw-av-preds tbody th { font-weight: 400; max-width: 200px; overflow: hidden; text-overflow: ellipsis; }
${ROOT} .xw-av-preds tr.xw-target th { font-weight: 600; }
${ROOT} .xw-av-bar .xw-track { display: inline-block; width: 90px; height: 10px; margin-right: 6px; vertical-align: -1px;
  background: var(--xw-panel); border: 1px solid var(--xw-border); border-radius: 2px; overflow: hidden; }
${ROOT} .xw-av-bar .xw-fill { display: block; height: 100%; background: var(--xw-muted); }
${ROOT} .xw-av-bar.xw-predicted .xw-fill { background: var(--xw-accent); }
${ROOT} .xw-av-bar.xw-predicted .xw-value { font-weight: 600; }
${ROOT} .xw-av-attr { display: flex; flex-wrap: wrap; gap: 12px; margin-top: 8px; }
${ROOT} .xw-av-attr > div { flex: 1 1 320px; min-width: 0; }
${ROOT} .xw-empty-state, ${ROOT} .xw-av-note { color: var(--xw-muted); }
`;
