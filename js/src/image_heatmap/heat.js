// The heat map's colours and its composition over the image. The scale is the library's (shared/color.js, and
// results/image_encoding.py for the static view): a signed map goes from the negative colour through transparent
// to the positive one, an unsigned map from transparent to the positive colour; the opacity is |value| / max.
// Over the image with opacity a: pixel = image * (1 - a * |t|) + colour * a * |t|, as image_encoding.overlay().
import { PALETTES } from "../shared/color.js";

const paletteOf = (palette) => (typeof palette === "string" ? PALETTES[palette] || PALETTES.light : palette);

/** RGBA pixels (Uint8ClampedArray, W*H*4) of a normalised map (values in [-1, 1]; NaN: transparent). */
export function heatPixels(map, { signed = true, palette = "light" } = {}, out = null) {
  const p = paletteOf(palette);
  const n = map ? map.length : 0;
  const px = out || new Uint8ClampedArray(n * 4);
  const [nr, ng, nb] = p.negative;
  const [pr, pg, pb] = p.positive;
  for (let i = 0, o = 0; i < n; i++, o += 4) {
    let t = map[i];
    if (!(t === t)) { // NaN
      px[o + 3] = 0;
      continue;
    }
    if (!signed) t = Math.abs(t);
    if (t > 1) t = 1;
    else if (t < -1) t = -1;
    if (t < 0) {
      px[o] = nr; px[o + 1] = ng; px[o + 2] = nb;
    } else {
      px[o] = pr; px[o + 1] = pg; px[o + 2] = pb;
    }
    px[o + 3] = Math.round(Math.abs(t) * 255);
  }
  return px;
}

/** CSS gradient of the legend bar (left: -max or 0, right: +max). */
export function legendGradient({ signed = true, palette = "light" } = {}) {
  const p = paletteOf(palette);
  const rgba = (c, a) => `rgba(${c.join(", ")}, ${a})`;
  return signed
    ? `linear-gradient(to right, ${rgba(p.negative, 1)}, ${rgba(p.negative, 0)} 50%, ${rgba(p.positive, 0)} 50%, ${rgba(p.positive, 1)})`
    : `linear-gradient(to right, ${rgba(p.positive, 0)}, ${rgba(p.positive, 1)})`;
}

export function context2d(canvas) {
  try {
    return canvas && canvas.getContext ? canvas.getContext("2d") : null;
  } catch {
    return null;
  }
}

/** An offscreen canvas (W x H) holding the map's RGBA pixels; null without a 2D context (jsdom). */
export function heatLayer(doc, panel, palette) {
  if (!panel.map) return null;
  const canvas = doc.createElement("canvas");
  canvas.width = panel.W;
  canvas.height = panel.H;
  const ctx = context2d(canvas);
  if (!ctx || !ctx.createImageData || !ctx.putImageData) return null;
  const image = ctx.createImageData(panel.W, panel.H);
  heatPixels(panel.map, { signed: panel.signed, palette }, image.data);
  ctx.putImageData(image, 0, 0);
  return canvas;
}

/**
 * Paints the panel's canvas: the image (when loaded), then the heat layer at `opacity`. Returns what is painted:
 * "image+heat", "image", "heat" (the image not loaded yet), "none" or "" (no 2D context).
 */
export function composite(canvas, image, layer, opacity) {
  const ctx = context2d(canvas);
  if (!ctx) return "";
  const { width: W, height: H } = canvas;
  ctx.globalAlpha = 1;
  ctx.globalCompositeOperation = "source-over";
  ctx.clearRect(0, 0, W, H);
  let painted = "none";
  if (image) {
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(image, 0, 0, W, H);
    painted = "image";
  }
  if (layer && opacity > 0) {
    ctx.globalAlpha = opacity;
    ctx.drawImage(layer, 0, 0);
    ctx.globalAlpha = 1;
    painted = painted === "image" ? "image+heat" : "heat";
  }
  return painted;
}
