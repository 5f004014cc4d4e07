// CSS of the token highlight widget, scoped under .xw-th (injected once per document by the view).
import { themeCss } from "../shared/theme.js";
import { panelCss } from "../shared/panel_css.js";
import { tooltipCss } from "../shared/tooltip.js";

export const ROOT = ".xw-th";
export const STYLE_ID = "xw-token-highlight-style";

export const CSS = `${themeCss(ROOT)}${tooltipCss(ROOT)}${panelCss(ROOT)}
${ROOT} .xw-model, ${ROOT} .xw-caption { font-size: 11px; }
${ROOT} .xw-note { flex-basis: 100%; padding: 4px 8px; border-radius: 4px; border-left: 3px solid #d29922; background: var(--xw-panel); font-size: 12px; }
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
`;
