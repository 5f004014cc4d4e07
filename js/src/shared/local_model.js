/** A tiny anywidget-like model (get/set/on/off), for a view embedded inside another widget's view. */
export function localModel(state) {
  const handlers = new Map();
  return {
    get: (k) => state[k],
    set(k, v) {
      const old = state[k];
      state[k] = v;
      if (old !== v) for (const cb of [...(handlers.get(`change:${k}`) || [])]) cb(this, v);
    },
    on(name, cb) {
      for (const n of String(name).split(/\s+/)) {
        if (!handlers.has(n)) handlers.set(n, []);
        handlers.get(n).push(cb);
      }
    },
    off(name, cb) {
      if (!name) return handlers.clear();
      for (const n of String(name).split(/\s+/)) handlers.set(n, cb ? (handlers.get(n) || []).filter((f) => f !== cb) : []);
    },
    save_changes() {},
    send() {},
  };
}
