// A zlib stream (RFC 1950) holding its data in stored deflate blocks (RFC 1951 §3.2.4, BTYPE 00): valid input for any
// inflater, needing no compressor, so that PNGs can be written in the browser. Node callers pass `zlib.deflateSync`
// to `encodePng` for compressed files instead.

/** Adler-32 of `bytes` (RFC 1950 §8.2). */
export function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < bytes.length; ) {
    // 5552 bytes keep the sums below 2³² before the modulo (zlib's NMAX).
    const end = Math.min(bytes.length, i + 5552);
    for (; i < end; i++) {
      a += bytes[i];
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** `bytes` wrapped as a zlib stream of stored blocks (at most 65535 bytes each). */
export function zlibStored(bytes: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(bytes.length / 65535));
  const out = new Uint8Array(2 + blocks * 5 + bytes.length + 4);
  out[0] = 0x78; // CM = 8 (deflate), CINFO = 7 (32 K window)
  out[1] = 0x01; // FLEVEL 0, no dictionary; (0x78·256 + 0x01) % 31 = 0
  let at = 2;
  for (let n = 0; n < blocks; n++) {
    const start = n * 65535;
    const length = Math.min(65535, bytes.length - start);
    out[at++] = n === blocks - 1 ? 1 : 0; // BFINAL, BTYPE = 00
    out[at++] = length & 0xff;
    out[at++] = length >>> 8;
    out[at++] = ~length & 0xff;
    out[at++] = (~length >>> 8) & 0xff;
    out.set(bytes.subarray(start, start + length), at);
    at += length;
  }
  const check = adler32(bytes);
  out[at++] = check >>> 24;
  out[at++] = (check >>> 16) & 0xff;
  out[at++] = (check >>> 8) & 0xff;
  out[at++] = check & 0xff;
  return out;
}
