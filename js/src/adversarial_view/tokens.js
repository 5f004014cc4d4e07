// One attribution dict (Attribution.to_json()) shown by the TokenHighlight view, embedded with a local model.
import { localModel } from "../shared/local_model.js";
import tokenHighlight from "../token_highlight.js";

/** Mounts the TokenHighlight view of ``result`` into ``el``; returns its cleanup. */
export function embedTokens(el, result, theme) {
  return tokenHighlight.render({ model: localModel({ results: [result], method_index: 0, target: -1, view: "single",
    hovered: -1, theme }), el });
}
