// CSS of the evaluation report, scoped under .xw-er.
import { themeCss } from "../shared/theme.js";

export const ROOT = ".xw-er";
export const STYLE_ID = "xw-evaluation-report-style";

export const CSS = `${themeCss(ROOT)}
${ROOT} { box-sizing: border-box; max-width: 100%; min-width: 0; padding: 10px 12px; border: 1px solid var(--xw-border); border-radius: 6px;
  font-size: 13px; line-height: 1.4; text-align: left; }
${ROOT} *, ${ROOT} *::before, ${ROOT} *::after { box-sizing: inherit; }
${ROOT} h3 { font-size: 14px; margin: 12px 0 6px; }
${ROOT} .xw-muted { color: var(--xw-muted); }
${ROOT} .xw-er-title { font-size: 15px; font-weight: 600; }
${ROOT} table { border-collapse: separate; border-spacing: 0; font-variant-numeric: tabular-nums; }
${ROOT} th, ${ROOT} td { padding: 3px 8px; border-bottom: 1px solid var(--xw-border); text-align: right; white-space: nowrap; }
${ROOT} th:first-child, ${ROOT} td:first-child { text-align: left; }
${ROOT} th button { font: inherit; font-weight: 600; color: var(--xw-fg); background: none; border: 0; padding: 0; cursor: pointer;
  text-align: inherit; }
${ROOT} th .xw-dir { color: var(--xw-accent); margin-left: 2px; }
${ROOT} th[aria-sort="ascending"] button::after { content: " \\25B4"; color: var(--xw-muted); }
${ROOT} th[aria-sort="descending"] button::after { content: " \\25BE"; color: var(--xw-muted); }
${ROOT} td.xw-best { font-weight: 700; background: var(--xw-panel); }
${ROOT} .xw-scroll { max-width: 100%; overflow-x: auto; contain: inline-size; }
/* compact tables: headers wrap (after "_", at soft hyphens, at spaces), numbers stay on one line, the first
   (method) column stays in view while the table scrolls sideways. */
${ROOT} table.xw-compact { font-size: 12px; }
${ROOT} table.xw-compact th, ${ROOT} table.xw-compact td { padding: 3px 4px; }
${ROOT} table.xw-compact thead th { white-space: normal; vertical-align: bottom; font-size: 11px; line-height: 1.2;
  hyphens: manual; overflow-wrap: normal; }
${ROOT} table.xw-compact .xw-method, ${ROOT} table.xw-compact tr > :first-child { position: sticky; left: 0; z-index: 1;
  background: var(--xw-bg); }
${ROOT} table.xw-compact .xw-method { white-space: normal; min-width: 7.2em; max-width: 11em; text-align: left; font-weight: 400; }
${ROOT} table.xw-compact td.xw-best { background: var(--xw-panel); }
${ROOT} th.xw-text { text-align: left; }
${ROOT} .xw-swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
${ROOT} .xw-legend { display: flex; flex-wrap: wrap; gap: 2px 14px; list-style: none; margin: 0 0 6px; padding: 0; font-size: 12px; }
${ROOT} .xw-legend-item { display: inline-flex; align-items: center; gap: 5px; }
${ROOT} .xw-legend-line { display: inline-block; width: 18px; height: 3px; border-radius: 2px; }
${ROOT} .xw-curves { display: flex; flex-wrap: wrap; gap: 12px; }
${ROOT} .xw-curves svg { max-width: 100%; height: auto; background: var(--xw-bg); border: 1px solid var(--xw-border); border-radius: 4px; }
${ROOT} .xw-curves text { fill: var(--xw-muted); font-size: 10px; }
${ROOT} .xw-examples { max-height: 260px; overflow: auto; contain: inline-size; border: 1px solid var(--xw-border); border-radius: 4px; }
${ROOT} .xw-examples thead th { position: sticky; top: 0; z-index: 2; background: var(--xw-bg); }
${ROOT} .xw-examples thead th:first-child { z-index: 3; }
${ROOT} .xw-examples tr[data-role="example"] { cursor: pointer; }
${ROOT} .xw-examples tr[data-role="example"]:hover > *, ${ROOT} .xw-examples tr[aria-selected="true"] > * { background: var(--xw-panel); }
${ROOT} .xw-examples td.xw-text { text-align: left; white-space: normal; min-width: 9em; max-width: 520px; }
${ROOT} table.xw-heat td { text-align: center; min-width: 3.6em; }
${ROOT} table.xw-heat th[scope="row"] { text-align: left; }
${ROOT} tr.xw-flagged { box-shadow: inset 3px 0 0 #d6604d; }
${ROOT} tr.xw-flagged td:last-child { font-weight: 700; }
${ROOT} td.xw-na { color: var(--xw-muted); }
${ROOT} .xw-drill { margin-top: 10px; padding-top: 6px; border-top: 2px solid var(--xw-accent); }
${ROOT} .xw-drill button[data-role="close"] { font: inherit; float: right; cursor: pointer; color: var(--xw-fg); background: var(--xw-bg);
  border: 1px solid var(--xw-border); border-radius: 4px; padding: 1px 8px; }
`;
