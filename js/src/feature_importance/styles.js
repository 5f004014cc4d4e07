// CSS of the feature importance widget, scoped under .xw-fi (injected once per document by the view).
import { themeCss } from "../shared/theme.js";
import { panelCss } from "../shared/panel_css.js";
import { tooltipCss } from "../shared/tooltip.js";

export const ROOT = ".xw-fi";
export const STYLE_ID = "xw-feature-importance-style";

export const CSS = `${themeCss(ROOT)}${tooltipCss(ROOT)}${panelCss(ROOT)}
${ROOT} .xw-caption { font-size: 11px; }
${ROOT} .xw-note { padding: 4px 8px; margin: 4px 0; border-radius: 4px; border-left: 3px solid #d29922; background: var(--xw-panel); font-size: 12px; }
${ROOT} .xw-switch { display: inline-flex; gap: 2px; }
${ROOT} button:disabled { cursor: not-allowed; opacity: 0.5; }
${ROOT} select:focus-visible, ${ROOT} button:focus-visible, ${ROOT} canvas:focus-visible { outline: 2px solid var(--xw-accent); outline-offset: 1px; }
${ROOT} .xw-charts { display: flex; flex-direction: column; gap: 10px; }
${ROOT}[data-view="grid"] .xw-charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(280px, 1fr)); gap: 12px 18px; }
${ROOT} .xw-chart-title { font-weight: 600; font-size: 12px; margin-bottom: 2px; overflow-wrap: anywhere; }
${ROOT} .xw-chart-row { display: grid; grid-template-columns: minmax(110px, 34%) 1fr 88px; gap: 8px; align-items: center; min-height: 22px; }
${ROOT} .xw-small .xw-chart-row { grid-template-columns: minmax(80px, 38%) 1fr 52px; font-size: 12px; }
${ROOT} .xw-fi-item { border-radius: 3px; outline: none; cursor: default; }
${ROOT} .xw-fi-item:hover, ${ROOT} .xw-fi-item:focus-visible, ${ROOT} .xw-fi-item.xw-linked { background: var(--xw-panel); box-shadow: inset 0 0 0 2px var(--xw-accent); }
${ROOT} .xw-label { text-align: right; white-space: pre; overflow: hidden; text-overflow: ellipsis; padding-left: 2px; }
${ROOT} .xw-track { position: relative; display: block; height: 16px; }
${ROOT} .xw-bar { position: absolute; top: 2px; bottom: 2px; min-width: 1px; border-radius: 2px; }
${ROOT} .xw-other .xw-bar { opacity: 0.45; }
${ROOT} .xw-other .xw-label { font-style: italic; color: var(--xw-muted); }
${ROOT} .xw-mark-row .xw-bar { top: 0; bottom: 0; width: 2px !important; min-width: 2px; margin-left: -1px; }
${ROOT} .xw-mark-row .xw-label { font-weight: 600; }
${ROOT} .xw-zero { position: absolute; top: 0; bottom: 0; width: 0; border-left: 1px solid var(--xw-muted); }
${ROOT} .xw-whisker { position: absolute; top: 50%; height: 0; border-top: 1.5px solid var(--xw-fg); }
${ROOT} .xw-whisker::before, ${ROOT} .xw-whisker::after { content: ""; position: absolute; top: -5px; height: 8px; border-left: 1.5px solid var(--xw-fg); }
${ROOT} .xw-whisker::before { left: 0; }
${ROOT} .xw-whisker::after { right: 0; }
${ROOT} .xw-value { font-variant-numeric: tabular-nums; font-size: 12px; white-space: nowrap; }
${ROOT} .xw-axis { position: relative; min-height: 30px; font-size: 11px; color: var(--xw-muted); }
${ROOT} .xw-ticks { position: relative; height: 16px; border-top: 1px solid var(--xw-border); }
${ROOT} .xw-tick { position: absolute; top: 1px; transform: translateX(-50%); font-variant-numeric: tabular-nums; white-space: nowrap; }
${ROOT} .xw-axis-title { text-align: center; overflow-wrap: anywhere; }
${ROOT} .xw-swarm-grid { display: grid; column-gap: 8px; align-items: start; }
${ROOT} .xw-swarm-labels { display: flex; flex-direction: column; }
${ROOT} .xw-swarm-label { display: block; padding: 0 4px; text-align: right; white-space: pre; overflow: hidden; text-overflow: ellipsis; }
${ROOT} .xw-swarm-plot { position: relative; }
${ROOT} .xw-swarm-canvas, ${ROOT} .xw-swarm-overlay { position: absolute; left: 0; top: 0; }
${ROOT} .xw-swarm-canvas { cursor: crosshair; }
${ROOT} .xw-swarm-overlay { pointer-events: none; }
${ROOT} .xw-dot-marker { position: absolute; width: 10px; height: 10px; margin: -5px 0 0 -5px; border-radius: 50%; pointer-events: none; }
${ROOT} .xw-legend { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; margin-top: 4px; font-size: 11px; }
${ROOT} .xw-legend-bar { display: inline-block; width: 120px; height: 10px; border-radius: 2px; border: 1px solid var(--xw-border); }
${ROOT} .xw-swatch { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-left: 8px; }
${ROOT} .xw-clusters { margin-top: 12px; }
${ROOT} .xw-table { border-collapse: collapse; font-size: 12px; }
${ROOT} .xw-table caption { text-align: left; color: var(--xw-muted); padding-bottom: 2px; }
${ROOT} .xw-table th, ${ROOT} .xw-table td { border-bottom: 1px solid var(--xw-border); padding: 2px 10px 2px 0; text-align: left; vertical-align: top; }
${ROOT} .xw-table .xw-num { text-align: right; font-variant-numeric: tabular-nums; }
${ROOT} .xw-surrogate { margin-top: 8px; font-size: 12px; }
${ROOT} .xw-rules { font-family: var(--xw-mono); font-size: 11px; background: var(--xw-panel); border: 1px solid var(--xw-border); border-radius: 4px;
  padding: 6px 8px; margin: 4px 0 0; overflow: auto; max-height: 320px; white-space: pre; }
`;
