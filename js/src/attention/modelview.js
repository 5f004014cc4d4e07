// Model view: a thumbnail per layer x head (uint8 block means sent with the initial state); a click opens the
// head in the matrix view.
import { h } from "../shared/dom.js";
import { weightRgb } from "./palette.js";

export function paintThumb(canvas, bytes, offset, t, theme) {
  const ctx = canvas.getContext && canvas.getContext("2d");
  if (!ctx) return;
  const image = ctx.createImageData(t, t);
  for (let k = 0; k < t * t; k++) {
    const rgb = weightRgb(bytes[offset + k], 255, theme);
    image.data.set([rgb[0], rgb[1], rgb[2], 255], k * 4);
  }
  ctx.putImageData(image, 0, 0);
}

export function renderModelView(doc, { thumbs, t, nLayers, nHeads, roles, layer, head, theme = "light" }) {
  const grid = h(doc, "div", { class: "xw-model-grid", "data-role": "model-grid",
    style: { gridTemplateColumns: `max-content repeat(${nHeads}, max-content)` } });
  grid.append(h(doc, "span", { class: "xw-muted" }, ""));
  for (let hd = 0; hd < nHeads; hd++) grid.append(h(doc, "span", { class: "xw-muted xw-mv-head" }, `H${hd}`));
  for (let l = 0; l < nLayers; l++) {
    grid.append(h(doc, "span", { class: "xw-muted xw-mv-layer" }, `L${l}`));
    for (let hd = 0; hd < nHeads; hd++) {
      const role = roles && roles[l] ? roles[l][hd] : "";
      const canvas = h(doc, "canvas", { width: t, height: t, class: "xw-thumb" });
      if (thumbs.length >= (l * nHeads + hd + 1) * t * t) paintThumb(canvas, thumbs, (l * nHeads + hd) * t * t, t, theme);
      grid.append(h(doc, "button", {
        type: "button", class: "xw-mv-cell", "data-role": "thumb", "data-layer": l, "data-head": hd,
        "aria-current": l === layer && hd === head ? "true" : null,
        title: `layer ${l}, head ${hd}${role ? ` \u2014 ${role}` : ""}`,
        "aria-label": `open layer ${l} head ${hd} in the matrix view${role ? ` (${role})` : ""}`,
      }, canvas));
    }
  }
  return grid;
}
