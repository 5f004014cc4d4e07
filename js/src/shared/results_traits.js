// The traits the multi-result views (token highlight, feature importance) read alike: the results, the selected
// method, single or grid view, and the explained target.

export const toInt = (v, fallback) => (typeof v === "number" && Number.isFinite(v) ? Math.trunc(v) : fallback);

/**
 * { results (objects only), n, methodIndex (clamped), view ("grid" only with several results), target (-1: each
 * result's first), current (the selected result), shown ([result, index] pairs the view draws) }.
 */
export function readResults(model) {
  const raw = model.get("results");
  const results = Array.isArray(raw) ? raw.filter((r) => r && typeof r === "object") : [];
  const n = results.length;
  const methodIndex = Math.min(Math.max(toInt(model.get("method_index"), 0), 0), Math.max(n - 1, 0));
  const view = model.get("view") === "grid" && n > 1 ? "grid" : "single";
  const target = toInt(model.get("target"), -1);
  const current = results[methodIndex] || null;
  const shown = view === "grid" ? results.map((r, i) => [r, i]) : current ? [[current, methodIndex]] : [];
  return { results, n, methodIndex, view, target, current, shown };
}

/** The display name of class t of a result dict. */
export const labelOf = (result, t) => (result && Array.isArray(result.labels) && result.labels[t] != null ? String(result.labels[t]) : `class ${t}`);

/** The display name of a result dict's method. */
export const methodLabelOf = (result) => String(result.method_label || result.method || "attribution");
