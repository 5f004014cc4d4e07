// Pure view state of the image heat map widget, derived from the model's traits: the shown results (one, or every
// method in grid view), for each the map of the shown class (a view into the decoded float16 buffer, in [-1, 1],
// times its scale) and the per-cell scores with their ranks.
import { decodeFloat16 } from "../attention/data.js";
import { labelOf, methodLabelOf, readResults, toInt } from "../shared/results_traits.js";

export { labelOf, methodLabelOf };
import { rankByMagnitude, toNumbers } from "../shared/scores.js";

export const DEFAULT_OPACITY = 0.6;

/** The opacity trait clamped to [0, 1] (the default where it is not a number). */
export function readOpacity(model) {
  const v = model.get("opacity");
  return typeof v === "number" && Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : DEFAULT_OPACITY;
}

/** The maps buffer (DataView, bytes or base64) as one Float32Array of normalised values; empty when unreadable. */
export function decodeMaps(data) {
  try {
    return decodeFloat16(data);
  } catch {
    return new Float32Array(0);
  }
}

/** CSS size of an image of W x H in a panel: small images are blown up by a whole factor (pixels stay square). */
export function displaySize(W, H, grid) {
  const target = grid ? 220 : 336;
  const side = Math.max(W, H, 1);
  let s = target / side;
  if (s >= 2) s = Math.floor(s);
  return { width: Math.max(1, Math.round(W * s)), height: Math.max(1, Math.round(H * s)), scale: s, pixelated: s >= 2 };
}

/**
 * One displayed image: a result with the map and cell scores of one class. target < 0 picks the result's first
 * target; a target the result has no map for gives missing: true (the image is shown without a map).
 */
export function makePanel(result, index, target, maps, W, H) {
  const targets = Array.isArray(result.targets) ? result.targets : [];
  const k = target < 0 ? (targets.length ? 0 : -1) : targets.indexOf(target);
  const patch = Math.max(0, toInt(result.patch_size, 0));
  const cols = patch ? Math.ceil(W / patch) : 0;
  const rows = patch ? Math.ceil(H / patch) : 0;
  const params = result.params && typeof result.params === "object" ? result.params : {};
  const panel = {
    result, index, W, H, patch, rows, cols,
    methodLabel: methodLabelOf(result),
    signed: result.signed !== false,
    output: String(params.output || "probability"),
    target: k >= 0 ? targets[k] : target,
    missing: k < 0,
    map: null, scale: 0, scores: null, ranks: null, total: 0, grid: false,
  };
  panel.targetLabel = labelOf(result, panel.target);
  if (k < 0) return panel;
  const n = W * H;
  const m = toInt(result.map_offset, -1) + k;
  if (m >= 0 && n > 0 && (m + 1) * n <= maps.length) {
    panel.map = maps.subarray(m * n, (m + 1) * n);
    const s = Array.isArray(result.map_scales) ? Number(result.map_scales[k]) : NaN;
    panel.scale = Number.isFinite(s) && s > 0 ? s : 0;
  }
  const row = Array.isArray(result.scores) ? result.scores[k] : null;
  const nCells = rows * cols;
  if (patch && Array.isArray(row) && row.length === nCells) {
    panel.scores = toNumbers(row, nCells);
    const { ranks, total } = rankByMagnitude(panel.scores);
    Object.assign(panel, { ranks, total, grid: true });
  }
  return panel;
}

/** The value of the map at pixel (x, y), in the attribution's units (NaN where there is none). */
export function valueAt(panel, x, y) {
  if (!panel.map || x < 0 || y < 0 || x >= panel.W || y >= panel.H) return NaN;
  return panel.map[y * panel.W + x] * panel.scale;
}

/** The grid cell holding pixel (x, y): { index, row, col, x0, y0, w, h } (pixels of the image), or null. */
export function cellAt(panel, x, y) {
  if (!panel.patch || x < 0 || y < 0 || x >= panel.W || y >= panel.H) return null;
  const row = Math.floor(y / panel.patch);
  const col = Math.floor(x / panel.patch);
  return cellBox(panel, row * panel.cols + col);
}

/** The box of cell `index` of the grid, or null. */
export function cellBox(panel, index) {
  if (!panel.patch || !(index >= 0) || index >= panel.rows * panel.cols) return null;
  const row = Math.floor(index / panel.cols);
  const col = index % panel.cols;
  const x0 = col * panel.patch;
  const y0 = row * panel.patch;
  return { index, row, col, x0, y0, w: Math.min(panel.patch, panel.W - x0), h: Math.min(panel.patch, panel.H - y0) };
}

/** Everything the view needs, from the traits and the decoded maps. */
export function readState(model, maps) {
  const { results, n, methodIndex, view, target, current, shown } = readResults(model);
  const themeRaw = model.get("theme");
  const theme = themeRaw === "light" || themeRaw === "dark" ? themeRaw : "auto";
  const W = Math.max(0, toInt(model.get("width"), 0));
  const H = Math.max(0, toInt(model.get("height"), 0));
  const panels = shown.map(([r, i]) => makePanel(r, i, target, maps, W, H));
  const targetOptions = [];
  for (const [r] of shown) for (const t of r.targets || []) if (!targetOptions.includes(t)) targetOptions.push(t);
  if (target >= 0 && !targetOptions.includes(target)) targetOptions.push(target);
  const effectiveTarget = target >= 0 ? target : panels.length ? panels[0].target : -1;
  const grid = view === "grid";
  return { results, n, methodIndex, view, target, theme, current, panels, targetOptions, effectiveTarget, W, H,
    opacity: readOpacity(model), display: displaySize(W, H, grid) };
}
