// CSS of the what-if widget, scoped under .xw-wi (injected once per document by the view). The marked words of the
// suggestion reuse the adversarial view's rules.
import { themeCss } from "../shared/theme.js";
import { markCss } from "../adversarial_view/styles.js";

export const ROOT = ".xw-wi";
export const STYLE_ID = "xw-what-if-style";

export const CSS = `${themeCss(ROOT)}${markCss(ROOT)}
${ROOT} { box-sizing: border-box; max-width: 100%; padding: 10px 12px; border: 1px solid var(--xw-border); border-radius: 6px;
  font-size: 13px; line-height: 1.4; text-align: left; }
${ROOT} *, ${ROOT} *::before, ${ROOT} *::after { box-sizing: inherit; }
${ROOT} .xw-wi-title { font-size: 15px; font-weight: 600; }
${ROOT} .xw-wi-meta { display: flex; flex-wrap: wrap; gap: 2px 14px; margin: 2px 0 8px; color: var(--xw-muted); font-size: 12px; }
${ROOT} textarea.xw-wi-editor { display: block; width: 100%; min-height: 64px; resize: vertical; padding: 6px 8px; font: inherit;
  font-size: 14px; color: var(--xw-fg); background: var(--xw-bg); border: 1px solid var(--xw-border); border-radius: 4px; }
${ROOT} textarea.xw-wi-editor:focus-visible { outline: 2px solid var(--xw-accent); outline-offset: 0; }
${ROOT} .xw-wi-readonly { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 14px; padding: 6px 8px;
  border: 1px dashed var(--xw-border); border-radius: 4px; background: var(--xw-panel); }
${ROOT} .xw-wi-offline { font-size: 12px; color: var(--xw-muted); margin: 4px 0; }
${ROOT} .xw-wi-status { min-height: 18px; margin: 4px 0; font-size: 12px; }
${ROOT} .xw-wi-busy { color: var(--xw-muted); }
${ROOT} .xw-wi-error { color: var(--xw-bad); font-weight: 600; white-space: pre-wrap; overflow-wrap: anywhere; }
${ROOT} .xw-wi-actions { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 10px; margin: 4px 0 8px; }
${ROOT} button { font: inherit; font-size: 12px; cursor: pointer; color: var(--xw-fg); background: var(--xw-bg);
  border: 1px solid var(--xw-border); border-radius: 4px; padding: 3px 10px; }
${ROOT} button:hover:not(:disabled) { background: var(--xw-panel); }
${ROOT} button:disabled { cursor: not-allowed; opacity: 0.55; }
${ROOT} button:focus-visible { outline: 2px solid var(--xw-accent); outline-offset: 1px; }
${ROOT} .xw-wi-reason { font-size: 11px; color: var(--xw-muted); }
${ROOT} .xw-wi-section { margin-top: 10px; padding-top: 6px; border-top: 1px solid var(--xw-border); }
${ROOT} .xw-wi-section-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 12px; }
${ROOT} .xw-wi-section-head h4 { margin: 4px 0; }
${ROOT} .xw-wi-stale { font-size: 11px; color: var(--xw-muted); font-style: italic; }
${ROOT} [data-stale="true"] .xw-th { opacity: 0.6; }
${ROOT} .xw-wi-pins { display: flex; flex-wrap: wrap; gap: 10px; }
${ROOT} .xw-wi-pin { flex: 1 1 300px; min-width: 0; padding: 6px; border: 1px solid var(--xw-border); border-radius: 6px; }
${ROOT} .xw-wi-pin .xw-wi-pin-text { font-size: 12px; margin: 2px 0 4px; overflow-wrap: anywhere; white-space: pre-wrap; }
${ROOT} table.xw-wi-nb { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
${ROOT} table.xw-wi-nb th, ${ROOT} table.xw-wi-nb td { padding: 3px 6px; border-bottom: 1px solid var(--xw-border); text-align: left; vertical-align: top; }
${ROOT} table.xw-wi-nb td.xw-num { text-align: right; white-space: nowrap; }
${ROOT} table.xw-wi-nb td.xw-text { overflow-wrap: anywhere; }
${ROOT} .xw-wi-suggest-meta { display: flex; flex-wrap: wrap; gap: 2px 14px; font-size: 12px; color: var(--xw-muted); margin-bottom: 4px; }
`;
