// Head view: lines from each "from" token (left column) to the "to" tokens (right column) it attends to, one
// colour per head; heads toggle on and off; hovering a token keeps only its lines.
import { h } from "../shared/dom.js";
import { headColor } from "./palette.js";

export const ROW = 18; // px per token row
export const WIDTH = 240; // px between the two token columns
export const MIN_WEIGHT = 0.02; // lines below this weight are not drawn (except for the hovered token)

/** Lines to draw: [{ head, i, j, w }] for the enabled heads; focus = { side: "from" | "to", index } or null. */
export function headLines(all, nHeads, n, headsOn, focus = null, minWeight = MIN_WEIGHT) {
  const out = [];
  const nn = n * n;
  for (let hd = 0; hd < nHeads; hd++) {
    if (!headsOn[hd]) continue;
    const off = hd * nn;
    for (let i = 0; i < n; i++) {
      if (focus && focus.side === "from" && focus.index !== i) continue;
      for (let j = 0; j < n; j++) {
        if (focus && focus.side === "to" && focus.index !== j) continue;
        const w = all[off + i * n + j];
        if (w >= (focus ? minWeight / 4 : minWeight)) out.push({ head: hd, i, j, w });
      }
    }
  }
  return out;
}

export function drawLines(canvas, lines, theme) {
  const ctx = canvas.getContext && canvas.getContext("2d");
  if (!ctx) return;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  for (const { head, i, j, w } of lines) {
    ctx.strokeStyle = headColor(head, theme);
    ctx.lineWidth = 1 + 2 * w;
    ctx.globalAlpha = Math.min(1, 0.04 + 0.96 * w);
    ctx.beginPath();
    ctx.moveTo(0, i * ROW + ROW / 2);
    ctx.lineTo(canvas.width, j * ROW + ROW / 2);
    ctx.stroke();
  }
  ctx.globalAlpha = 1;
}

/** Head toggle chips: one button per head (aria-pressed), plus "all" / "none". */
export function renderHeadToggles(doc, nHeads, headsOn, theme) {
  const bar = h(doc, "div", { class: "xw-head-toggles", "data-role": "head-toggles", role: "group", "aria-label": "heads shown" });
  for (let hd = 0; hd < nHeads; hd++) {
    bar.append(h(doc, "button", {
      type: "button", class: "xw-head-chip", "data-role": "head-toggle", "data-head": hd,
      "aria-pressed": headsOn[hd] ? "true" : "false", title: `show or hide head ${hd}`,
    }, h(doc, "span", { class: "xw-swatch", style: { background: headColor(hd, theme) } }), `${hd}`));
  }
  bar.append(h(doc, "button", { type: "button", "data-role": "heads-all" }, "all"),
    h(doc, "button", { type: "button", "data-role": "heads-none" }, "none"));
  return bar;
}

/** renderHeadView(doc, { tokens, all, nHeads, headsOn, theme, focus }) -> { element, canvas, lines } */
export function renderHeadView(doc, { tokens, all, nHeads, headsOn, theme = "light", focus = null }) {
  const n = tokens.length;
  const height = n * ROW;
  const col = (side) => h(doc, "div", { class: `xw-hv-col xw-hv-${side}`, "data-role": `hv-${side}` },
    tokens.map((t, k) => h(doc, "span", {
      class: "xw-hv-token", tabindex: "0", "data-side": side, "data-index": k,
      "data-focus": focus && focus.side === side && focus.index === k ? "1" : null, style: { height: `${ROW}px` },
    }, t)));
  const canvas = h(doc, "canvas", { class: "xw-hv-canvas", width: WIDTH, height, "data-role": "hv-canvas",
    style: { width: `${WIDTH}px`, height: `${height}px` } });
  const lines = all ? headLines(all, nHeads, n, headsOn, focus) : [];
  if (all) drawLines(canvas, lines, theme);
  canvas.dataset.lines = String(lines.length);
  canvas.dataset.heads = headsOn.map((on, k) => (on ? k : null)).filter((k) => k != null).join(",");
  const element = h(doc, "div", { class: "xw-headview", "data-role": "headview" }, col("from"), canvas, col("to"));
  return { element, canvas, lines };
}
