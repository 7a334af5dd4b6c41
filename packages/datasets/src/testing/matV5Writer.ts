// A minimal MATLAB level-5 MAT-file writer for tests: builds files in the published layout (header, tagged data
// elements padded to 8 bytes, optional miCOMPRESSED), so the reader is tested on files it did not write itself.
import { deflateSync } from 'node:zlib';

export type WriteValue =
  | { kind: 'numeric'; class: 'double' | 'single' | 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32'; dims: number[]; values: number[]; stored?: StoredType; logical?: boolean; imag?: number[] }
  | { kind: 'char'; dims?: number[]; text: string }
  | { kind: 'struct'; dims: number[]; fields: string[]; elements: Record<string, WriteValue>[] }
  | { kind: 'cell'; dims: number[]; cells: WriteValue[] }
  | { kind: 'empty' };

type StoredType = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'single' | 'double';

const MI: Record<StoredType, { type: number; size: number; write: (v: DataView, o: number, x: number) => void }> = {
  int8: { type: 1, size: 1, write: (v, o, x) => v.setInt8(o, x) },
  uint8: { type: 2, size: 1, write: (v, o, x) => v.setUint8(o, x) },
  int16: { type: 3, size: 2, write: (v, o, x) => v.setInt16(o, x, true) },
  uint16: { type: 4, size: 2, write: (v, o, x) => v.setUint16(o, x, true) },
  int32: { type: 5, size: 4, write: (v, o, x) => v.setInt32(o, x, true) },
  uint32: { type: 6, size: 4, write: (v, o, x) => v.setUint32(o, x, true) },
  single: { type: 7, size: 4, write: (v, o, x) => v.setFloat32(o, x, true) },
  double: { type: 9, size: 8, write: (v, o, x) => v.setFloat64(o, x, true) },
};
const CLASS: Record<string, number> = { cell: 1, struct: 2, char: 4, double: 6, single: 7, int8: 8, uint8: 9, int16: 10, uint16: 11, int32: 12, uint32: 13 };

/** One data element: tag + data, padded to 8 bytes (small-element format for ≤ 4 bytes when `small`). */
export function element(type: number, data: Uint8Array, small = true): Uint8Array {
  if (small && data.length <= 4 && data.length > 0) {
    const out = new Uint8Array(8);
    new DataView(out.buffer).setUint32(0, (data.length << 16) | type, true);
    out.set(data, 4);
    return out;
  }
  const out = new Uint8Array(8 + Math.ceil(data.length / 8) * 8);
  const view = new DataView(out.buffer);
  view.setUint32(0, type, true);
  view.setUint32(4, data.length, true);
  out.set(data, 8);
  return out;
}

const concat = (parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

function numbers(stored: StoredType, values: number[]): Uint8Array {
  const { size, write } = MI[stored];
  const out = new Uint8Array(values.length * size);
  const view = new DataView(out.buffer);
  values.forEach((x, i) => write(view, i * size, x));
  return out;
}

const int32s = (values: number[]): Uint8Array => numbers('int32', values);
const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** A miMATRIX element for `value` named `name`. */
export function matrix(name: string, value: WriteValue): Uint8Array {
  if (value.kind === 'empty') return element(14, new Uint8Array(0), false);
  const classId = CLASS[value.kind === 'numeric' ? value.class : value.kind];
  const flags = new Uint8Array(8);
  const complex = value.kind === 'numeric' && value.imag !== undefined;
  const logical = value.kind === 'numeric' && value.logical === true;
  new DataView(flags.buffer).setUint32(0, classId | (complex ? 0x800 : 0) | (logical ? 0x200 : 0), true);
  const dims = value.kind === 'char' ? (value.dims ?? [1, value.text.length]) : value.dims;
  const parts = [element(6, flags, false), element(5, int32s(dims), false), element(1, ascii(name))];
  if (value.kind === 'numeric') {
    const stored = value.stored ?? (value.class as StoredType);
    parts.push(element(MI[stored].type, numbers(stored, value.values)));
    if (value.imag !== undefined) parts.push(element(MI[stored].type, numbers(stored, value.imag)));
  } else if (value.kind === 'char') {
    parts.push(element(4, numbers('uint16', Array.from(value.text, (c) => c.charCodeAt(0)))));
  } else if (value.kind === 'cell') {
    for (const cell of value.cells) parts.push(matrix('', cell));
  } else {
    const length = Math.max(...value.fields.map((f) => f.length)) + 1;
    const names = new Uint8Array(length * value.fields.length);
    value.fields.forEach((f, i) => names.set(ascii(f), i * length));
    parts.push(element(5, int32s([length])), element(1, names, false));
    for (const e of value.elements) for (const f of value.fields) parts.push(matrix('', e[f]));
  }
  return element(14, concat(parts), false);
}

/** A whole MAT-file holding `variables`, each compressed (miCOMPRESSED) when `compress`. */
export function writeMatV5(variables: Record<string, WriteValue>, compress = true): Uint8Array {
  const header = new Uint8Array(128).fill(0x20);
  header.set(ascii('MATLAB 5.0 MAT-file, written by icnn tests'), 0);
  header.fill(0, 116, 124);
  header.set([0x00, 0x01, 0x49, 0x4d], 124); // version 0x0100, 'IM' (little-endian)
  const body = Object.entries(variables).map(([name, value]) => {
    const m = matrix(name, value);
    if (!compress) return m;
    const z = deflateSync(m);
    const out = new Uint8Array(8 + z.length);
    new DataView(out.buffer).setUint32(0, 15, true);
    new DataView(out.buffer).setUint32(4, z.length, true);
    out.set(z, 8);
    return out;
  });
  return concat([header, ...body]);
}
