// CSS of the image heat map widget, scoped under .xw-ih (injected once per document by the view).
import { themeCss } from "../shared/theme.js";
import { panelCss } from "../shared/panel_css.js";

export const ROOT = ".xw-ih";
export const STYLE_ID = "xw-image-heatmap-style";

export const CSS = `${themeCss(ROOT)}${panelCss(ROOT)}
${ROOT} .xw-model, ${ROOT} .xw-caption { font-size: 11px; }
${ROOT} .xw-caption [data-role=explained] { font-weight: 600; }
${ROOT} .xw-note { padding: 4px 8px; margin: 4px 0; border-radius: 4px; border-left: 3px solid #d29922; background: var(--xw-panel); font-size: 12px; }
${ROOT} .xw-prob-gap, ${ROOT} .xw-prob-more { grid-column: 1 / -1; font-size: 11px; line-height: 1; }
${ROOT} .xw-prob-gap { color: var(--xw-muted); }
${ROOT} select:focus-visible, ${ROOT} button:focus-visible, ${ROOT} input:focus-visible, ${ROOT} canvas:focus-visible { outline: 2px solid var(--xw-accent); outline-offset: 1px; }
${ROOT} input[type=range] { width: 110px; accent-color: var(--xw-accent); }
${ROOT} .xw-opacity-value { min-width: 3.2em; font-variant-numeric: tabular-nums; color: var(--xw-fg); }
${ROOT} .xw-ih-panels { display: flex; flex-wrap: wrap; gap: 12px 18px; align-items: flex-start; }
${ROOT} .xw-ih-panel { flex: 0 1 auto; margin: 0; min-width: 0; max-width: 100%; }
${ROOT} .xw-ih-title { font-weight: 600; font-size: 12px; margin-bottom: 3px; overflow-wrap: anywhere; }
${ROOT} .xw-ih-stage { position: relative; max-width: 100%; }
${ROOT} .xw-ih-canvas { display: block; width: 100%; height: auto; cursor: crosshair; border-radius: 2px; image-rendering: auto; }
${ROOT} .xw-ih-canvas.xw-pixelated { image-rendering: pixelated; }
${ROOT} .xw-ih-outline { position: absolute; pointer-events: none; box-sizing: border-box; border: 2px solid #ffffff;
  box-shadow: 0 0 0 1px #000000, inset 0 0 0 1px #000000; }
${ROOT} .xw-ih-outline[hidden] { display: none; }
${ROOT} .xw-ih-readout { min-height: 2.9em; margin-top: 4px; font-size: 12px; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
${ROOT} .xw-legend { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; margin-top: 2px; font-size: 11px; font-variant-numeric: tabular-nums; }
${ROOT} .xw-legend-bar { display: inline-block; width: 120px; max-width: 30%; height: 10px; border-radius: 2px; border: 1px solid var(--xw-border); }
`;
