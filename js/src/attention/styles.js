// CSS of the attention explorer, scoped under .xw-ae (injected once per document).
import { themeCss } from "../shared/theme.js";
import { tooltipCss } from "../shared/tooltip.js";

export const ROOT = ".xw-ae";
export const STYLE_ID = "xw-attention-explorer-style";

export const CSS = `${themeCss(ROOT)}${tooltipCss(ROOT)}
${ROOT} { position: relative; box-sizing: border-box; max-width: 100%; padding: 10px 12px; border: 1px solid var(--xw-border);
  border-radius: 6px; font-size: 13px; line-height: 1.45; text-align: left; }
${ROOT} *, ${ROOT} *::before, ${ROOT} *::after { box-sizing: inherit; }
${ROOT} .xw-muted { color: var(--xw-muted); }
${ROOT} .xw-ae-header { display: flex; flex-wrap: wrap; gap: 4px 16px; align-items: baseline; margin-bottom: 6px; }
${ROOT} .xw-ae-header strong { font-size: 14px; }
${ROOT} .xw-controls { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 12px; margin-bottom: 8px; font-size: 12px; }
${ROOT} .xw-control { display: inline-flex; align-items: center; gap: 6px; color: var(--xw-muted); }
${ROOT} select, ${ROOT} button { font: inherit; color: var(--xw-fg); background: var(--xw-bg); border: 1px solid var(--xw-border); border-radius: 4px; padding: 2px 6px; }
${ROOT} button { cursor: pointer; }
${ROOT} button[aria-pressed="true"], ${ROOT} button[aria-selected="true"] { background: var(--xw-panel); border-color: var(--xw-accent); }
${ROOT} .xw-tabs { display: inline-flex; gap: 2px; }
${ROOT} .xw-status { font-size: 12px; color: var(--xw-muted); min-height: 1.4em; }
${ROOT} .xw-main { overflow: auto; max-height: 640px; max-width: 100%; position: relative; }
${ROOT} .xw-matrix { width: max-content; }
${ROOT} .xw-mx-head { display: flex; position: sticky; top: 0; z-index: 2; background: var(--xw-bg); }
${ROOT} .xw-mx-body { display: flex; }
${ROOT} .xw-corner { position: sticky; left: 0; z-index: 3; flex: none; width: var(--xw-labels); background: var(--xw-bg);
  font-size: 10px; display: flex; align-items: flex-end; padding: 0 4px 2px 0; }
${ROOT} .xw-col-labels { position: relative; flex: none; height: 96px; }
${ROOT} .xw-matrix[data-labels="0"] .xw-col-labels, ${ROOT} .xw-matrix[data-labels="0"] .xw-corner { height: 4px; }
${ROOT} .xw-row-labels { position: sticky; left: 0; z-index: 1; flex: none; width: var(--xw-labels); background: var(--xw-bg);
  display: flex; flex-direction: column; align-items: flex-end; padding-right: 4px; }
${ROOT} .xw-col-label { position: absolute; bottom: 0; height: 96px; writing-mode: vertical-rl; transform: rotate(180deg);
  font-family: var(--xw-mono); font-size: min(11px, calc(var(--xw-cell) - 1px)); overflow: hidden; white-space: pre; text-align: left; }
${ROOT} .xw-row-label { font-family: var(--xw-mono); font-size: min(11px, calc(var(--xw-cell) - 1px)); white-space: pre; max-width: 100%; overflow: hidden; }
${ROOT} .xw-plot { position: relative; line-height: 0; }
${ROOT} .xw-matrix-canvas { image-rendering: pixelated; cursor: crosshair; display: block; }
${ROOT} .xw-cell-box { position: absolute; outline: 2px solid var(--xw-fg); pointer-events: none; }
${ROOT} .xw-cell-box[hidden] { display: none; }
${ROOT} .xw-legend { display: inline-flex; align-items: center; gap: 6px; font-size: 11px; color: var(--xw-muted); }
${ROOT} .xw-legend-bar { display: inline-block; width: 90px; height: 8px; border: 1px solid var(--xw-border); border-radius: 3px; }
${ROOT} .xw-head-toggles { display: flex; flex-wrap: wrap; gap: 4px; margin-bottom: 6px; }
${ROOT} .xw-head-chip { display: inline-flex; align-items: center; gap: 4px; opacity: 0.55; }
${ROOT} .xw-head-chip[aria-pressed="true"] { opacity: 1; }
${ROOT} .xw-swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; }
${ROOT} .xw-headview { display: flex; align-items: flex-start; }
${ROOT} .xw-hv-col { display: flex; flex-direction: column; font-family: var(--xw-mono); font-size: 12px; }
${ROOT} .xw-hv-from { align-items: flex-end; }
${ROOT} .xw-hv-token { white-space: pre; padding: 0 4px; line-height: 18px; cursor: default; border-radius: 3px; }
${ROOT} .xw-hv-token[data-focus="1"] { background: var(--xw-panel); outline: 1px solid var(--xw-accent); }
${ROOT} .xw-model-grid { display: grid; gap: 3px; align-items: center; }
${ROOT} .xw-mv-cell { padding: 1px; line-height: 0; }
${ROOT} .xw-mv-cell[aria-current="true"] { border-color: var(--xw-accent); outline: 2px solid var(--xw-accent); }
${ROOT} .xw-thumb { width: 44px; height: 44px; image-rendering: pixelated; }
${ROOT} .xw-mv-head, ${ROOT} .xw-mv-layer { font-size: 11px; text-align: center; }
${ROOT} .xw-stats { border-collapse: collapse; font-size: 12px; }
${ROOT} .xw-stats th, ${ROOT} .xw-stats td { border-bottom: 1px solid var(--xw-border); padding: 1px 8px; text-align: right; }
${ROOT} .xw-stats th { position: sticky; top: 0; background: var(--xw-bg); font-weight: 600; }
${ROOT} .xw-stats td[data-share] { background: linear-gradient(to right, color-mix(in srgb, var(--xw-accent) 28%, transparent) var(--xw-share), transparent var(--xw-share)); }
${ROOT} .xw-stats tr[data-role=stats-row] { cursor: pointer; }
${ROOT} .xw-stats tr[aria-current="true"] { outline: 2px solid var(--xw-accent); }
${ROOT} .xw-stats .xw-role, ${ROOT} .xw-stats th:last-child { text-align: left; }
${ROOT} .xw-empty-state { color: var(--xw-muted); padding: 12px; }
`;
