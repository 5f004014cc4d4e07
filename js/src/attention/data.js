// Weights transport of the attention explorer: float16 / base64 decoding and a per-(layer, head) cache that
// asks the kernel for what a view needs (custom message) or reads it from weights inlined in an offline page.
// (toBytes, the DataView / base64 decoding, lives in shared/binary.js and is re-exported here.)
import { toBytes } from "../shared/binary.js";

export { toBytes };

let F16 = null;

/** Float32 value of every float16 bit pattern (built once, 256 KB). */
function f16Table() {
  if (F16) return F16;
  F16 = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const s = h & 0x8000 ? -1 : 1;
    const e = (h >> 10) & 0x1f;
    const m = h & 0x3ff;
    let v;
    if (e === 0) v = m * 2 ** -24;
    else if (e === 31) v = m ? NaN : Infinity;
    else v = (1 + m / 1024) * 2 ** (e - 15);
    F16[h] = s * v;
  }
  return F16;
}

/** Little-endian float16 bytes -> Float32Array. */
export function decodeFloat16(data) {
  const bytes = toBytes(data);
  const n = bytes.length >> 1;
  const table = f16Table();
  const out = new Float32Array(n);
  for (let i = 0, k = 0; i < n; i++, k += 2) out[i] = table[bytes[k] | (bytes[k + 1] << 8)];
  return out;
}

/** Mean over heads of a layer [H, n, n] (flat) -> [n, n]. */
export function headMean(all, heads, n) {
  const nn = n * n;
  const out = new Float32Array(nn);
  for (let h = 0; h < heads; h++) {
    const off = h * nn;
    for (let k = 0; k < nn; k++) out[k] += all[off + k];
  }
  for (let k = 0; k < nn; k++) out[k] /= heads;
  return out;
}

/** How long a request waits for the kernel before the view says the kernel is not connected (ms). */
export const REPLY_TIMEOUT_MS = 5000;

/**
 * createStore(model, { onData, onError, onTimeout, timeoutMs }) -> { get(layer, head), request(layer, head), has,
 * isPending, silent, stats, destroy }
 * head: a head index, -1 (mean of the layer's heads) or "all" ([H, n, n]). get() returns a Float32Array or
 * null (then the data has been asked for and onData(layer, head) fires when it arrives).
 * A request with no reply after timeoutMs (a saved notebook reopened without its kernel, a page without it)
 * calls onTimeout(layer, head) and makes silent() true, until any reply arrives; it is not sent again, and a
 * late reply is still used.
 */
export function createStore(model, { onData = () => {}, onError = () => {}, onTimeout = () => {},
  timeoutMs = REPLY_TIMEOUT_MS } = {}) {
  const cache = new Map();
  const pending = new Set();
  const timers = new Map();
  let silent = false;
  const stats = { requests: 0, bytes: 0 };
  const key = (layer, head) => `${layer}:${head}`;
  const n = () => (model.get("tokens") || []).length;
  const heads = () => model.get("n_heads") || 0;

  function fromCache(layer, head) {
    const k = key(layer, head);
    if (cache.has(k)) return cache.get(k);
    const all = cache.get(key(layer, "all"));
    if (all && head !== "all") {
      const nn = n() * n();
      const arr = head === -1 ? headMean(all, heads(), n()) : all.subarray(head * nn, (head + 1) * nn);
      cache.set(k, arr);
      return arr;
    }
    const inline = model.get("inline") || {};
    if (inline[k]) {
      const arr = decodeFloat16(inline[k]);
      cache.set(k, arr);
      return arr;
    }
    if (head !== "all" && inline[key(layer, "all")]) {
      cache.set(key(layer, "all"), decodeFloat16(inline[key(layer, "all")]));
      return fromCache(layer, head);
    }
    return null;
  }

  function timedOut(layer, head) {
    timers.delete(key(layer, head));
    silent = true;
    onTimeout(layer, head);
  }

  function request(layer, head) {
    const k = key(layer, head);
    if (pending.has(k)) return;
    pending.add(k);
    stats.requests += 1;
    let sent = true;
    try {
      model.send({ type: "request", layer, head });
    } catch {
      sent = false; // no comm to send on: the kernel is gone
    }
    const t = setTimeout(() => timedOut(layer, head), sent ? timeoutMs : 0);
    if (t && typeof t.unref === "function") t.unref(); // (Node, in tests: a pending request keeps nothing alive)
    timers.set(k, t);
  }

  function answered(k) {
    pending.delete(k);
    clearTimeout(timers.get(k));
    timers.delete(k);
    silent = false;
  }

  function get(layer, head) {
    const arr = fromCache(layer, head);
    if (arr) return arr;
    request(layer, head);
    return null;
  }

  function onMessage(msg, buffers) {
    if (!msg || typeof msg !== "object") return;
    if (msg.type === "error") {
      answered(key(msg.layer, msg.head));
      onError(msg);
      return;
    }
    if (msg.type !== "attention" || !buffers || !buffers.length) return;
    const bytes = toBytes(buffers[0]);
    stats.bytes += bytes.length;
    cache.set(key(msg.layer, msg.head), decodeFloat16(bytes));
    answered(key(msg.layer, msg.head));
    onData(msg.layer, msg.head);
  }

  model.on("msg:custom", onMessage);
  return {
    get,
    request,
    has: (layer, head) => Boolean(fromCache(layer, head)),
    isPending: (layer, head) => pending.has(key(layer, head)),
    silent: () => silent,
    stats,
    destroy: () => {
      timers.forEach((t) => clearTimeout(t));
      timers.clear();
      model.off("msg:custom", onMessage);
    },
  };
}
