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

/**
 * createStore(model, { onData, onError }) -> { get(layer, head), request(layer, head), has, stats, destroy }
 * head: a head index, -1 (mean of the layer's heads) or "all" ([H, n, n]). get() returns a Float32Array or
 * null (then the data has been asked for and onData(layer, head) fires when it arrives).
 */
export function createStore(model, { onData = () => {}, onError = () => {} } = {}) {
  const cache = new Map();
  const pending = new Set();
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

  function request(layer, head) {
    const k = key(layer, head);
    if (pending.has(k)) return;
    pending.add(k);
    stats.requests += 1;
    model.send({ type: "request", layer, head });
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
      pending.delete(key(msg.layer, msg.head));
      onError(msg);
      return;
    }
    if (msg.type !== "attention" || !buffers || !buffers.length) return;
    const bytes = toBytes(buffers[0]);
    stats.bytes += bytes.length;
    cache.set(key(msg.layer, msg.head), decodeFloat16(bytes));
    pending.delete(key(msg.layer, msg.head));
    onData(msg.layer, msg.head);
  }

  model.on("msg:custom", onMessage);
  return {
    get,
    request,
    has: (layer, head) => Boolean(fromCache(layer, head)),
    isPending: (layer, head) => pending.has(key(layer, head)),
    stats,
    destroy: () => model.off("msg:custom", onMessage),
  };
}
