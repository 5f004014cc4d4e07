// CSS of the token highlight widget, scoped under .xw-th (injected once per document by the view).
import { themeCss } from "../shared/theme.js";
import { tooltipCss } from "../shared/tooltip.js";

export const ROOT = ".xw-th";
export const STYLE_ID = "xw-token-highlight-style";

export const CSS = `${themeCss(ROOT)}${tooltipCss(ROOT)}
${ROOT} { position: relative; box-sizing: border-box; max-width: 100%; padding: 10px 12px; border: 1px solid var(--xw-border);
  border-radius: 6px; font-size: 13px; line-height: 1.45; text-align: left; }
${ROOT} *, ${ROOT} *::before, ${ROOT} *::after { box-sizing: inherit; }
${ROOT} .xw-muted { color: var(--xw-muted); }
${ROOT} .xw-header { display: flex; flex-wrap: wrap; align-items: flex-start; gap: 6px 24px; margin-bottom: 8px; }
${ROOT} .xw-title { font-size: 14px; display: flex; flex-direction: column; min-width: 140px; }
${ROOT} .xw-title strong { font-size: 16px; }
${ROOT} .xw-model, ${ROOT} .xw-caption { font-size: 11px; }
${ROOT} .xw-probs { display: grid; grid-template-columns: max-content minmax(80px, 180px) max-content; gap: 2px 8px; align-items: center; font-size: 12px; }
${ROOT} .xw-prob { display: contents; }
${ROOT} .xw-prob-track { display: block; height: 8px; border-radius: 4px; background: var(--xw-panel); border: 1px solid var(--xw-border); overflow: hidden; }
${ROOT} .xw-prob-fill { display: block; height: 100%; background: var(--xw-muted); }
${ROOT} .xw-predicted .xw-prob-fill { background: var(--xw-accent); }
${ROOT} .xw-predicted .xw-prob-label { font-weight: 600; }
${ROOT} .xw-explained .xw-prob-label::after { content: " \\25C0"; color: var(--xw-accent); font-size: 9px; }
${ROOT} .xw-prob-value { font-variant-numeric: tabular-nums; color: var(--xw-muted); text-align: right; }
${ROOT} .xw-note { flex-basis: 100%; padding: 4px 8px; border-radius: 4px; border-left: 3px solid #d29922; background: var(--xw-panel); font-size: 12px; }
${ROOT} .xw-controls { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 14px; margin-bottom: 8px; font-size: 12px; }
${ROOT} .xw-control { display: inline-flex; align-items: center; gap: 6px; color: var(--xw-muted); }
${ROOT} select, ${ROOT} button { font: inherit; color: var(--xw-fg); background: var(--xw-bg); border: 1px solid var(--xw-border); border-radius: 4px; padding: 2px 6px; }
${ROOT} button { cursor: pointer; }
${ROOT} button[aria-pressed="true"] { background: var(--xw-panel); border-color: var(--xw-accent); }
${ROOT} select:disabled { opacity: 0.6; }
${ROOT} select:focus-visible, ${ROOT} button:focus-visible { outline: 2px solid var(--xw-accent); outline-offset: 1px; }
${ROOT} .xw-panel + .xw-panel { margin-top: 6px; }
${ROOT} .xw-row { display: grid; grid-template-columns: minmax(90px, 150px) 1fr; gap: 10px; padding-top: 6px; border-top: 1px solid var(--xw-border); }
${ROOT} .xw-row-label { font-weight: 600; font-size: 12px; padding-top: 4px; overflow-wrap: anywhere; }
${ROOT} .xw-row-main { min-width: 0; }
${ROOT} .xw-tokens { font-size: 14px; line-height: 2.1; overflow-wrap: anywhere; }
${ROOT} .xw-token { padding: 2px 3px; border-radius: 3px; white-space: pre-wrap; cursor: default; outline: none; }
${ROOT} .xw-token.xw-cont { padding-left: 1px; }
${ROOT} .xw-token:hover, ${ROOT} .xw-token:focus-visible, ${ROOT} .xw-token.xw-linked { outline: 2px solid var(--xw-accent); outline-offset: 0; }
${ROOT} .xw-token.xw-special { color: var(--xw-muted); font-size: 0.8em; border: 1px dashed var(--xw-border); }
${ROOT} .xw-token.xw-empty { color: var(--xw-muted); }
${ROOT} .xw-legend { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; margin-top: 2px; font-size: 11px; font-variant-numeric: tabular-nums; }
${ROOT} .xw-legend-bar { display: inline-block; width: 140px; height: 10px; border-radius: 2px; border: 1px solid var(--xw-border); }
${ROOT} .xw-empty-state { color: var(--xw-muted); }
`;
