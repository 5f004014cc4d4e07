// CSS of the example gallery, scoped under .xw-eg (injected once per document by the view).
import { themeCss } from "../shared/theme.js";
import { KIND_SLOTS } from "./logic.js";

export const ROOT = ".xw-eg";
export const STYLE_ID = "xw-example-gallery-style";

// kind badge colours per slot: [light, dark]
const KIND_COLORS = [
  ["#0969da", "#4493f8"], ["#cf222e", "#f85149"], ["#1a7f37", "#3fb950"], ["#bc4c00", "#db6d28"],
  ["#8250df", "#a371f7"], ["#1b7c83", "#39c5cf"], ["#9a6700", "#d29922"], ["#bf3989", "#db61a2"],
];

const kindCss = Array.from({ length: KIND_SLOTS }, (_, k) => `
${ROOT} .xw-kind-${k} { --xw-kind: ${KIND_COLORS[k][0]}; }
${ROOT}[data-resolved-theme="dark"] .xw-kind-${k} { --xw-kind: ${KIND_COLORS[k][1]}; }`).join("");

export const CSS = `${themeCss(ROOT)}
${ROOT} { --xw-pos: #2166ac; --xw-neg: #b2182b; --xw-miss: #cf222e; --xw-miss-bg: rgba(207, 34, 46, 0.07);
  box-sizing: border-box; max-width: 100%; padding: 10px 12px; border: 1px solid var(--xw-border); border-radius: 6px;
  font-size: 13px; line-height: 1.4; text-align: left; }
${ROOT}[data-resolved-theme="dark"] { --xw-pos: #5b9ee0; --xw-neg: #e0606b; --xw-miss: #f85149; --xw-miss-bg: rgba(248, 81, 73, 0.12); }
${ROOT} *, ${ROOT} *::before, ${ROOT} *::after { box-sizing: inherit; }
${ROOT} .xw-eg-title { font-size: 15px; font-weight: 600; }
${ROOT} .xw-eg-meta { display: flex; flex-wrap: wrap; gap: 2px 14px; margin: 2px 0 4px; color: var(--xw-muted); font-size: 12px; }
${ROOT} .xw-eg-meta strong { color: var(--xw-fg); font-weight: 600; }
${ROOT} .xw-query { margin: 6px 0; padding: 6px 8px; border-radius: 4px; background: var(--xw-panel); border: 1px solid var(--xw-border); }
${ROOT} .xw-query-label { color: var(--xw-muted); font-size: 12px; margin-right: 6px; }
${ROOT} .xw-query-text { font-weight: 600; overflow-wrap: anywhere; }
${ROOT} .xw-query-tokens { font-size: 14px; line-height: 2; overflow-wrap: anywhere; }
${ROOT} .xw-token { padding: 2px 3px; border-radius: 3px; white-space: pre-wrap; outline: none; }
${ROOT} .xw-token.xw-cont { padding-left: 1px; }
${ROOT} .xw-token.xw-special { color: var(--xw-muted); font-size: 0.8em; border: 1px dashed var(--xw-border); }
${ROOT} .xw-token:focus-visible { outline: 2px solid var(--xw-accent); }
${ROOT} .xw-help { font-size: 11px; color: var(--xw-muted); margin: 4px 0; }
${ROOT} .xw-controls { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 10px; margin: 8px 0 6px; font-size: 12px; }
${ROOT} .xw-kinds { display: inline-flex; flex-wrap: wrap; gap: 4px; }
${ROOT} button, ${ROOT} input { font: inherit; color: var(--xw-fg); background: var(--xw-bg); border: 1px solid var(--xw-border);
  border-radius: 4px; padding: 2px 8px; }
${ROOT} button { cursor: pointer; }
${ROOT} button:focus-visible, ${ROOT} input:focus-visible { outline: 2px solid var(--xw-accent); outline-offset: 1px; }
${ROOT} button.xw-kind-toggle { display: inline-flex; align-items: center; gap: 5px; }
${ROOT} button.xw-kind-toggle::before { content: ""; width: 9px; height: 9px; border-radius: 2px; background: var(--xw-kind); }
${ROOT} button.xw-kind-toggle[aria-pressed="false"] { color: var(--xw-muted); text-decoration: line-through; opacity: 0.7; }
${ROOT} button.xw-kind-toggle[aria-pressed="false"]::before { background: transparent; border: 1px solid var(--xw-kind); }
${ROOT} button.xw-miss-toggle[aria-pressed="true"] { border-color: var(--xw-miss); color: var(--xw-miss); }
${ROOT} input[data-role="search"] { min-width: 180px; }
${ROOT} .xw-count { color: var(--xw-muted); margin-left: auto; }
${ROOT} .xw-scroll { max-width: 100%; max-height: 520px; overflow: auto; border: 1px solid var(--xw-border); border-radius: 4px; }
${ROOT} table.xw-table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
${ROOT} table.xw-table th { position: sticky; top: 0; z-index: 1; background: var(--xw-panel); text-align: left;
  border-bottom: 1px solid var(--xw-border); padding: 0; white-space: nowrap; }
${ROOT} th button.xw-sort { width: 100%; border: 0; border-radius: 0; background: transparent; padding: 4px 8px; font-weight: 600;
  text-align: left; }
${ROOT} th button.xw-sort::after { content: " \\2195"; color: var(--xw-muted); font-weight: 400; opacity: 0.6; }
${ROOT} th[aria-sort="ascending"] button.xw-sort::after { content: " \\25B2"; color: var(--xw-accent); opacity: 1; }
${ROOT} th[aria-sort="descending"] button.xw-sort::after { content: " \\25BC"; color: var(--xw-accent); opacity: 1; }
${ROOT} table.xw-table td { padding: 4px 8px; border-bottom: 1px solid var(--xw-border); vertical-align: top; }
${ROOT} td.xw-num { text-align: right; white-space: nowrap; }
${ROOT} td.xw-text { width: 100%; min-width: 200px; overflow-wrap: anywhere; }
${ROOT} td.xw-text .xw-clamp { display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; overflow: hidden; white-space: pre-wrap; }
${ROOT} tr[data-role="example"] { cursor: pointer; }
${ROOT} tr[data-role="example"]:hover, ${ROOT} tr[data-role="example"].xw-preview { background: var(--xw-panel); }
${ROOT} tr[data-role="example"][aria-selected="true"] { background: var(--xw-panel); }
${ROOT} tr[data-role="example"][aria-selected="true"] td:first-child { box-shadow: inset 3px 0 0 var(--xw-accent); }
${ROOT} tr[data-role="example"]:focus-visible { outline: 2px solid var(--xw-accent); outline-offset: -2px; }
${ROOT} tr.xw-miss { background: var(--xw-miss-bg); }
${ROOT} tr.xw-miss td:first-child { box-shadow: inset 3px 0 0 var(--xw-miss); }
${ROOT} tr.xw-miss[aria-selected="true"] td:first-child { box-shadow: inset 3px 0 0 var(--xw-accent), inset 6px 0 0 var(--xw-miss); }
${ROOT} .xw-miss-mark { color: var(--xw-miss); font-weight: 600; margin-left: 4px; }
${ROOT} td.xw-score { white-space: nowrap; }
${ROOT} .xw-score-value { display: inline-block; min-width: 4.5em; text-align: right; }
${ROOT} .xw-bar-track { position: relative; display: inline-block; width: 56px; height: 8px; margin-left: 6px; vertical-align: 0;
  border-radius: 2px; background: var(--xw-panel); border: 1px solid var(--xw-border); overflow: hidden; }
${ROOT} .xw-bar-track.xw-signed::after { content: ""; position: absolute; left: 50%; top: 0; bottom: 0; border-left: 1px solid var(--xw-muted); }
${ROOT} .xw-bar { position: absolute; top: 0; bottom: 0; display: block; }
${ROOT} .xw-bar[data-sign="1"] { background: var(--xw-pos); }
${ROOT} .xw-bar[data-sign="-1"] { background: var(--xw-neg); }
${ROOT} .xw-kind-badge { display: inline-block; padding: 0 6px; border-radius: 9px; font-size: 11px; white-space: nowrap;
  color: var(--xw-kind); border: 1px solid var(--xw-kind); }
${ROOT} .xw-empty-row td { color: var(--xw-muted); text-align: center; padding: 10px; }
${ROOT} .xw-legend { display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 6px 0 2px; font-size: 11px; color: var(--xw-muted); }
${ROOT} .xw-legend .xw-key-miss { display: inline-block; width: 10px; height: 10px; margin-right: 4px; vertical-align: -1px;
  background: var(--xw-miss-bg); border-left: 3px solid var(--xw-miss); }
${ROOT} .xw-detail { margin-top: 10px; padding-top: 6px; border-top: 2px solid var(--xw-border); min-height: 40px; }
${ROOT} .xw-detail[data-mode="pinned"] { border-top-color: var(--xw-accent); }
${ROOT} .xw-detail h4 { font-size: 13px; margin: 4px 0; }
${ROOT} .xw-detail .xw-detail-meta { display: flex; flex-wrap: wrap; gap: 2px 14px; font-size: 12px; color: var(--xw-muted); margin-bottom: 4px; }
${ROOT} .xw-detail .xw-detail-meta strong { color: var(--xw-fg); }
${ROOT} .xw-detail-text { white-space: pre-wrap; overflow-wrap: anywhere; margin: 4px 0; }
${ROOT} .xw-detail button[data-role="unpin"] { float: right; }
${ROOT} .xw-note { font-size: 12px; padding: 4px 8px; border-radius: 4px; border-left: 3px solid var(--xw-muted); background: var(--xw-panel); margin: 4px 0; }
${ROOT} .xw-empty-state { color: var(--xw-muted); }
${kindCss}
`;
