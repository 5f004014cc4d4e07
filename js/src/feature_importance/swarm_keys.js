// Keyboard walk over the beeswarm's dots: Left/Right (Home/End) move along a feature's row in x order,
// Up/Down move to the same data row in the previous/next feature. The first key picks the leftmost dot.

/** Rows of slot s sorted by x (ties: row order), computed once per slot and layout. */
export function rowsByX(layout, s) {
  layout.sorted = layout.sorted || [];
  if (!layout.sorted[s]) {
    const rows = [];
    for (let r = 0; r < layout.nRows; r++) if (layout.valid[s * layout.nRows + r]) rows.push(r);
    rows.sort((a, b) => layout.px[s * layout.nRows + a] - layout.px[s * layout.nRows + b] || a - b);
    layout.sorted[s] = rows;
  }
  return layout.sorted[s];
}

const KEYS = ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End"];

/** The next cursor { slot, row } for key; null when there is no dot; undefined for other keys. */
export function moveCursor(layout, cursor, key) {
  if (!KEYS.includes(key)) return undefined;
  if (!layout.nValid) return null;
  if (!cursor) {
    const slot = layout.slots.findIndex((_, s) => rowsByX(layout, s).length > 0);
    return { slot, row: rowsByX(layout, slot)[0] };
  }
  let { slot, row } = cursor;
  if (key === "ArrowUp" || key === "ArrowDown") {
    const step = key === "ArrowDown" ? 1 : -1;
    for (let s = slot + step; s >= 0 && s < layout.nSlots; s += step) {
      if (layout.pointOf(s, row)) {
        slot = s;
        break;
      }
    }
  } else {
    const rows = rowsByX(layout, slot);
    const k = rows.indexOf(row);
    const at = key === "Home" ? 0 : key === "End" ? rows.length - 1
      : k < 0 ? 0 : Math.max(0, Math.min(rows.length - 1, k + (key === "ArrowRight" ? 1 : -1)));
    row = rows[at];
  }
  return layout.pointOf(slot, row) ? { slot, row } : null;
}
