// The CSS the result panels share (token highlight, feature importance): the framed root, the prediction header with
// its probability bars, and the controls row. Scoped under the widget's root selector.
export function panelCss(ROOT) {
  return `
${ROOT} { position: relative; box-sizing: border-box; max-width: 100%; padding: 10px 12px; border: 1px solid var(--xw-border);
  border-radius: 6px; font-size: 13px; line-height: 1.45; text-align: left; }
${ROOT} *, ${ROOT} *::before, ${ROOT} *::after { box-sizing: inherit; }
${ROOT} .xw-muted { color: var(--xw-muted); }
${ROOT} .xw-header { display: flex; flex-wrap: wrap; align-items: flex-start; gap: 6px 24px; margin-bottom: 8px; }
${ROOT} .xw-title { font-size: 14px; display: flex; flex-direction: column; min-width: 140px; }
${ROOT} .xw-title strong { font-size: 16px; }
${ROOT} .xw-probs { display: grid; grid-template-columns: max-content minmax(80px, 180px) max-content; gap: 2px 8px; align-items: center; font-size: 12px; }
${ROOT} .xw-prob { display: contents; }
${ROOT} .xw-prob-track { display: block; height: 8px; border-radius: 4px; background: var(--xw-panel); border: 1px solid var(--xw-border); overflow: hidden; }
${ROOT} .xw-prob-fill { display: block; height: 100%; background: var(--xw-muted); }
${ROOT} .xw-predicted .xw-prob-fill { background: var(--xw-accent); }
${ROOT} .xw-predicted .xw-prob-label { font-weight: 600; }
${ROOT} .xw-explained .xw-prob-label::after { content: " \\25C0"; color: var(--xw-accent); font-size: 9px; }
${ROOT} .xw-prob-value { font-variant-numeric: tabular-nums; color: var(--xw-muted); text-align: right; }
${ROOT} .xw-controls { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 14px; margin-bottom: 8px; font-size: 12px; }
${ROOT} .xw-control { display: inline-flex; align-items: center; gap: 6px; color: var(--xw-muted); }
${ROOT} select, ${ROOT} button { font: inherit; color: var(--xw-fg); background: var(--xw-bg); border: 1px solid var(--xw-border); border-radius: 4px; padding: 2px 6px; }
${ROOT} button { cursor: pointer; }
${ROOT} button[aria-pressed="true"] { background: var(--xw-panel); border-color: var(--xw-accent); }
${ROOT} select:disabled { opacity: 0.6; }
${ROOT} .xw-hint { font-family: var(--xw-mono); font-size: 11px; color: var(--xw-muted); }
${ROOT} .xw-empty-state { color: var(--xw-muted); }
`;
}
