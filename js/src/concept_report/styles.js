// CSS of the concept report, scoped under .xw-cr (injected once per document by the view).
import { themeCss } from "../shared/theme.js";

export const ROOT = ".xw-cr";
export const STYLE_ID = "xw-concept-report-style";

export const CSS = `${themeCss(ROOT)}
${ROOT} { --xw-sig: #1a7f37; --xw-warn: #9a6700; --xw-band: rgba(130, 138, 150, 0.35);
  box-sizing: border-box; max-width: 100%; padding: 10px 12px; border: 1px solid var(--xw-border); border-radius: 6px;
  font-size: 13px; line-height: 1.4; text-align: left; }
${ROOT}[data-resolved-theme="dark"] { --xw-sig: #3fb950; --xw-warn: #d29922; --xw-band: rgba(160, 168, 180, 0.3); }
${ROOT} *, ${ROOT} *::before, ${ROOT} *::after { box-sizing: inherit; }
${ROOT} h3 { font-size: 14px; margin: 12px 0 6px; }
${ROOT} .xw-muted { color: var(--xw-muted); }
${ROOT} .xw-cr-title { font-size: 15px; font-weight: 600; }
${ROOT} .xw-cr-meta { display: flex; flex-wrap: wrap; gap: 2px 14px; margin: 2px 0 8px; color: var(--xw-muted); font-size: 12px; }
${ROOT} .xw-cr-meta strong { color: var(--xw-fg); font-weight: 600; }
${ROOT} .xw-scroll { max-width: 100%; overflow-x: auto; }
${ROOT} table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
${ROOT} table.xw-grid th { padding: 4px 8px; text-align: left; white-space: nowrap; }
${ROOT} table.xw-grid thead th { font-weight: 600; border-bottom: 1px solid var(--xw-border); }
${ROOT} table.xw-grid tbody th { font-weight: 600; max-width: 220px; white-space: normal; overflow-wrap: anywhere; }
${ROOT} table.xw-grid td { padding: 3px; vertical-align: top; }
${ROOT} .xw-cell { display: flex; flex-direction: column; gap: 2px; width: 152px; padding: 5px 7px; font: inherit; font-size: 12px;
  text-align: left; color: var(--xw-fg); background: var(--xw-bg); border: 1px solid var(--xw-border); border-left-width: 4px;
  border-radius: 4px; cursor: pointer; }
${ROOT} .xw-cell:hover { background: var(--xw-panel); }
${ROOT} .xw-cell:focus-visible { outline: 2px solid var(--xw-accent); outline-offset: 1px; }
${ROOT} .xw-cell[aria-pressed="true"] { border-color: var(--xw-accent); box-shadow: 0 0 0 1px var(--xw-accent); background: var(--xw-panel); }
${ROOT} .xw-cell.xw-sig { border-left-color: var(--xw-sig); }
${ROOT} .xw-cell.xw-chance { border-style: dashed; border-left-style: solid; }
${ROOT} .xw-score { font-size: 14px; font-weight: 600; }
${ROOT} .xw-score .xw-sd { font-weight: 400; color: var(--xw-muted); font-size: 12px; }
${ROOT} .xw-strip { position: relative; display: block; height: 14px; margin: 2px 0; border-radius: 2px; background: var(--xw-panel);
  border: 1px solid var(--xw-border); overflow: hidden; }
${ROOT} .xw-strip > span { position: absolute; top: 0; bottom: 0; display: block; }
${ROOT} .xw-strip .xw-band { background: var(--xw-band); }
${ROOT} .xw-strip .xw-rmean { width: 0; border-left: 1px dashed var(--xw-muted); }
${ROOT} .xw-strip .xw-whisker { top: 6px; height: 2px; bottom: auto; background: var(--xw-fg); opacity: 0.7; }
${ROOT} .xw-strip .xw-dot { top: 2px; bottom: 2px; width: 4px; margin-left: -2px; border-radius: 1px; background: var(--xw-accent); }
${ROOT} .xw-sig .xw-strip .xw-dot { background: var(--xw-sig); }
${ROOT} .xw-p { color: var(--xw-muted); }
${ROOT} .xw-mark { font-weight: 600; }
${ROOT} .xw-mark[data-significant="true"] { color: var(--xw-sig); }
${ROOT} .xw-mark[data-significant="false"] { color: var(--xw-muted); font-weight: 400; }
${ROOT} .xw-p-set { font-size: 11px; color: var(--xw-muted); }
${ROOT} .xw-set-mark { font-weight: 600; }
${ROOT} .xw-set-mark[data-significant="true"] { color: var(--xw-sig); }
${ROOT} .xw-set-mark[data-significant="false"] { color: var(--xw-muted); font-weight: 400; }
${ROOT} .xw-flag { color: var(--xw-warn); font-weight: 600; }
${ROOT} .xw-legend { display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 6px 0 2px; font-size: 11px; color: var(--xw-muted); }
${ROOT} .xw-legend .xw-key { display: inline-block; width: 18px; height: 10px; margin-right: 4px; vertical-align: -1px; border-radius: 2px; }
${ROOT} .xw-legend .xw-key-band { background: var(--xw-band); border: 1px solid var(--xw-border); }
${ROOT} .xw-legend .xw-key-dot { width: 4px; background: var(--xw-accent); }
${ROOT} .xw-drill { margin-top: 10px; padding-top: 6px; border-top: 2px solid var(--xw-accent); }
${ROOT} .xw-drill button[data-role="close"] { font: inherit; float: right; cursor: pointer; color: var(--xw-fg); background: var(--xw-bg);
  border: 1px solid var(--xw-border); border-radius: 4px; padding: 1px 8px; }
${ROOT} .xw-stats { display: flex; flex-wrap: wrap; gap: 2px 14px; font-size: 12px; margin-bottom: 6px; }
${ROOT} .xw-lists { display: flex; flex-wrap: wrap; gap: 12px; }
${ROOT} .xw-list { flex: 1 1 340px; min-width: 0; }
${ROOT} .xw-list h4 { font-size: 13px; margin: 4px 0; }
${ROOT} .xw-list table { width: 100%; }
${ROOT} .xw-list th, ${ROOT} .xw-list td { padding: 3px 6px; border-bottom: 1px solid var(--xw-border); text-align: right; white-space: nowrap; }
${ROOT} .xw-list th.xw-text, ${ROOT} .xw-list td.xw-text { text-align: left; white-space: normal; overflow-wrap: anywhere; }
${ROOT} .xw-list tr[data-role="example"] { cursor: pointer; }
${ROOT} .xw-list tr[data-role="example"]:hover, ${ROOT} .xw-list tr[aria-selected="true"] { background: var(--xw-panel); }
${ROOT} .xw-list tr[aria-selected="true"] td:first-child { box-shadow: inset 3px 0 0 var(--xw-accent); }
${ROOT} .xw-list tr[data-role="example"]:focus-visible { outline: 2px solid var(--xw-accent); outline-offset: -2px; }
${ROOT} .xw-tokens-panel { margin-top: 10px; }
${ROOT} .xw-tokens-panel h4 { font-size: 13px; margin: 4px 0; }
${ROOT} .xw-help { font-size: 11px; color: var(--xw-muted); margin: 4px 0; }
${ROOT} .xw-empty-state { color: var(--xw-muted); }
`;
