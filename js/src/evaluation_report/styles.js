// CSS of the evaluation report, scoped under .xw-er.
import { themeCss } from "../shared/theme.js";

export const ROOT = ".xw-er";
export const STYLE_ID = "xw-evaluation-report-style";

export const CSS = `${themeCss(ROOT)}
${ROOT} { box-sizing: border-box; max-width: 100%; padding: 10px 12px; border: 1px solid var(--xw-border); border-radius: 6px;
  font-size: 13px; line-height: 1.4; text-align: left; }
${ROOT} *, ${ROOT} *::before, ${ROOT} *::after { box-sizing: inherit; }
${ROOT} h3 { font-size: 14px; margin: 12px 0 6px; }
${ROOT} .xw-muted { color: var(--xw-muted); }
${ROOT} .xw-er-title { font-size: 15px; font-weight: 600; }
${ROOT} table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
${ROOT} th, ${ROOT} td { padding: 3px 8px; border-bottom: 1px solid var(--xw-border); text-align: right; white-space: nowrap; }
${ROOT} th:first-child, ${ROOT} td:first-child { text-align: left; }
${ROOT} th button { font: inherit; font-weight: 600; color: var(--xw-fg); background: none; border: 0; padding: 0; cursor: pointer; }
${ROOT} th .xw-dir { color: var(--xw-accent); margin-left: 3px; }
${ROOT} th[aria-sort="ascending"] button::after { content: " \\25B4"; color: var(--xw-muted); }
${ROOT} th[aria-sort="descending"] button::after { content: " \\25BE"; color: var(--xw-muted); }
${ROOT} td.xw-best { font-weight: 700; background: var(--xw-panel); }
${ROOT} .xw-scroll { max-width: 100%; overflow-x: auto; }
${ROOT} th.xw-text { text-align: left; }
${ROOT} .xw-swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
${ROOT} .xw-curves { display: flex; flex-wrap: wrap; gap: 12px; }
${ROOT} .xw-curves svg { background: var(--xw-bg); border: 1px solid var(--xw-border); border-radius: 4px; }
${ROOT} .xw-curves text { fill: var(--xw-muted); font-size: 10px; }
${ROOT} .xw-examples { max-height: 260px; overflow: auto; border: 1px solid var(--xw-border); border-radius: 4px; }
${ROOT} .xw-examples tr[data-role="example"] { cursor: pointer; }
${ROOT} .xw-examples tr[data-role="example"]:hover, ${ROOT} .xw-examples tr[aria-selected="true"] { background: var(--xw-panel); }
${ROOT} .xw-examples td.xw-text { text-align: left; white-space: normal; max-width: 520px; }
${ROOT} table.xw-heat td { text-align: center; min-width: 54px; }
${ROOT} table.xw-heat th[scope="row"] { text-align: left; }
${ROOT} tr.xw-flagged { box-shadow: inset 3px 0 0 #d6604d; }
${ROOT} tr.xw-flagged td:last-child { font-weight: 700; }
${ROOT} td.xw-na { color: var(--xw-muted); }
${ROOT} .xw-drill { margin-top: 10px; padding-top: 6px; border-top: 2px solid var(--xw-accent); }
${ROOT} .xw-drill button[data-role="close"] { font: inherit; float: right; cursor: pointer; color: var(--xw-fg); background: var(--xw-bg);
  border: 1px solid var(--xw-border); border-radius: 4px; padding: 1px 8px; }
`;
