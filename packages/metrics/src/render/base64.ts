// Base64 (RFC 4648 §4) of bytes for data: URIs in the HTML report: Node's Buffer where it exists, else the
// platform's btoa over a binary string built in chunks (one String.fromCharCode call per chunk keeps the
// argument list within engine limits).

const CHUNK = 0x8000;

export function base64(bytes: Uint8Array): string {
  if (typeof Buffer !== 'undefined') return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

/** A `data:image/png;base64,…` URI for PNG bytes. */
export function pngDataUri(png: Uint8Array): string {
  return `data:image/png;base64,${base64(png)}`;
}
