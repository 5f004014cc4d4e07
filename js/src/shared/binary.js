// Binary traits: a kernel sends bytes as a DataView, the offline page writes them as base64 strings.

/** Bytes of a DataView / ArrayBuffer / typed array / base64 string as a Uint8Array (null: empty). */
export function toBytes(data) {
  if (data == null) return new Uint8Array(0);
  if (typeof data === "string") {
    const bin = atob(data);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw new TypeError("expected binary data or a base64 string");
}

/** Little-endian float32 bytes -> Float32Array (a copy; any alignment; trailing bytes ignored). */
export function decodeFloat32(data) {
  const bytes = toBytes(data);
  const n = bytes.length >> 2;
  const view = new DataView(bytes.buffer, bytes.byteOffset, n * 4);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}
