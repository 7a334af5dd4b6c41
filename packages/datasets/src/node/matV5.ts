// A small reader for MATLAB level-5 MAT-files (the format `save -v6`/`-v7` writes; v7.3 is HDF5, see hdf5.ts),
// written from MathWorks' published "MAT-File Format" description. It reads what dataset annotations use:
// numeric arrays of every class (values converted from the stored type to the class, e.g. a double stored as uint8),
// logical arrays, char arrays, struct arrays, cell arrays, and miCOMPRESSED elements (zlib, node:zlib); sparse
// arrays, objects and function handles are refused. Arrays keep MATLAB's column-major order.
//
// Hostile input: every read is bounds-checked against the element that contains it; a size the file claims is
// checked against the bytes that remain before anything is allocated (a numeric array allocates element count ×
// class size, where element count ≤ stored bytes); inflated output is capped (zlib's maximum ratio, and
// `maxInflatedBytes`); nesting depth is capped. Every error names the source and the byte offset.
import { readFileSync, statSync } from 'node:fs';
import { inflateSync } from 'node:zlib';

export type MatNumericClass = 'double' | 'single' | 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64';
export type MatNumericData = Float64Array | Float32Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | BigInt64Array | BigUint64Array;

interface MatArrayBase {
  /** The variable's or field's name ('' inside structs and cells). */
  name: string;
  /** MATLAB size, at least 2 dimensions. */
  dims: number[];
}
export interface MatNumericArray extends MatArrayBase {
  kind: 'numeric';
  class: MatNumericClass;
  logical: boolean;
  /** Column-major values, in the typed array of the class. */
  real: MatNumericData;
  imag?: MatNumericData;
}
export interface MatCharArray extends MatArrayBase {
  kind: 'char';
  /** Column-major characters (a 1×N row is the string itself). */
  text: string;
}
export interface MatStructArray extends MatArrayBase {
  kind: 'struct';
  fields: string[];
  /** Column-major elements; each maps every field name to its value. */
  elements: Map<string, MatValue>[];
}
export interface MatCellArray extends MatArrayBase {
  kind: 'cell';
  /** Column-major cells. */
  cells: MatValue[];
}
export type MatValue = MatNumericArray | MatCharArray | MatStructArray | MatCellArray;

export interface MatV5Options {
  /** Refuse to inflate a compressed element to more than this many bytes. Default 256 MiB. */
  maxInflatedBytes?: number;
}

/** Deflate cannot compress better than ≈ 1032:1; a claimed stream that inflates further is refused. */
const MAX_DEFLATE_RATIO = 1032;
const MAX_DEPTH = 64;
const HEADER = 128;
const MI_INT8 = 1;
const MI_INT32 = 5;
const MI_UINT32 = 6;
const MI_MATRIX = 14;
const MI_COMPRESSED = 15;
const MI_UTF8 = 16;
const MI_UTF16 = 17;
const MI_UTF32 = 18;

// Stored data types: size in bytes and how to read one value.
type Read = (view: DataView, offset: number, le: boolean) => number | bigint;
const STORED: Record<number, { name: string; size: number; read: Read }> = {
  1: { name: 'miINT8', size: 1, read: (v, o) => v.getInt8(o) },
  2: { name: 'miUINT8', size: 1, read: (v, o) => v.getUint8(o) },
  3: { name: 'miINT16', size: 2, read: (v, o, le) => v.getInt16(o, le) },
  4: { name: 'miUINT16', size: 2, read: (v, o, le) => v.getUint16(o, le) },
  5: { name: 'miINT32', size: 4, read: (v, o, le) => v.getInt32(o, le) },
  6: { name: 'miUINT32', size: 4, read: (v, o, le) => v.getUint32(o, le) },
  7: { name: 'miSINGLE', size: 4, read: (v, o, le) => v.getFloat32(o, le) },
  9: { name: 'miDOUBLE', size: 8, read: (v, o, le) => v.getFloat64(o, le) },
  12: { name: 'miINT64', size: 8, read: (v, o, le) => v.getBigInt64(o, le) },
  13: { name: 'miUINT64', size: 8, read: (v, o, le) => v.getBigUint64(o, le) },
};

// Array classes (mxCLASS) of numeric arrays and the typed array each becomes.
const NUMERIC_CLASSES: Record<number, { name: MatNumericClass; make: (n: number) => MatNumericData }> = {
  6: { name: 'double', make: (n) => new Float64Array(n) },
  7: { name: 'single', make: (n) => new Float32Array(n) },
  8: { name: 'int8', make: (n) => new Int8Array(n) },
  9: { name: 'uint8', make: (n) => new Uint8Array(n) },
  10: { name: 'int16', make: (n) => new Int16Array(n) },
  11: { name: 'uint16', make: (n) => new Uint16Array(n) },
  12: { name: 'int32', make: (n) => new Int32Array(n) },
  13: { name: 'uint32', make: (n) => new Uint32Array(n) },
  14: { name: 'int64', make: (n) => new BigInt64Array(n) },
  15: { name: 'uint64', make: (n) => new BigUint64Array(n) },
};
const MX_CELL = 1;
const MX_STRUCT = 2;
const MX_CHAR = 4;
const UNSUPPORTED_CLASSES: Record<number, string> = { 3: 'object', 5: 'sparse', 16: 'function handle', 17: 'opaque' };

/** A window [start, end) of one buffer, with the byte order and how to name a position in errors. */
interface Span {
  view: DataView;
  start: number;
  end: number;
  le: boolean;
  /** Names a byte offset in errors, e.g. "byte 136" or "byte 40 of the element compressed at byte 128". */
  at: (offset: number) => string;
}

interface Tag {
  type: number;
  numBytes: number;
  dataOffset: number;
  /** Offset of the next element (data padded to 8 bytes; small elements take 8 bytes in all). */
  next: number;
}

class MatV5Reader {
  constructor(
    private readonly source: string,
    private readonly maxInflatedBytes: number,
  ) {}

  fail(span: Span, offset: number, message: string): never {
    throw new Error(`${this.source}: ${span.at(offset)}: ${message}`);
  }

  readTag(span: Span, offset: number): Tag {
    if (offset + 8 > span.end) this.fail(span, offset, `truncated element tag (needs 8 bytes, ${span.end - offset} left)`);
    const first = span.view.getUint32(offset, span.le);
    const small = first >>> 16;
    if (small !== 0) {
      // Small data element: type and size in one word, up to 4 bytes of data in the next.
      if (small > 4) this.fail(span, offset, `small data element claims ${small} bytes (at most 4)`);
      return { type: first & 0xffff, numBytes: small, dataOffset: offset + 4, next: offset + 8 };
    }
    const numBytes = span.view.getUint32(offset + 4, span.le);
    const dataOffset = offset + 8;
    if (numBytes > span.end - dataOffset) {
      this.fail(span, offset, `element of type ${first} claims ${numBytes} bytes, only ${span.end - dataOffset} left`);
    }
    // Compressed elements are not padded; all others are padded to a multiple of 8 bytes (the padding may be
    // missing after the last element of a span).
    const padded = first === MI_COMPRESSED ? numBytes : Math.ceil(numBytes / 8) * 8;
    return { type: first, numBytes, dataOffset, next: Math.min(dataOffset + padded, span.end) };
  }

  /** All top-level variables of the span, by name. */
  readVariables(span: Span, variables: Map<string, MatValue>): void {
    let offset = span.start;
    while (offset < span.end) {
      const tag = this.readTag(span, offset);
      if (tag.type === MI_COMPRESSED) {
        this.readVariables(this.inflate(span, tag, offset), variables);
      } else if (tag.type === MI_MATRIX) {
        const value = this.readMatrix(span, tag, 0);
        if (value.name === '') this.fail(span, offset, 'top-level variable has no name');
        if (variables.has(value.name)) this.fail(span, offset, `variable '${value.name}' appears twice`);
        variables.set(value.name, value);
      } else {
        this.fail(span, offset, `unexpected top-level element of type ${tag.type} (expected miMATRIX or miCOMPRESSED)`);
      }
      offset = tag.next;
    }
  }

  inflate(span: Span, tag: Tag, offset: number): Span {
    const limit = Math.min(this.maxInflatedBytes, tag.numBytes * MAX_DEFLATE_RATIO + 64);
    const input = new Uint8Array(span.view.buffer, span.view.byteOffset + tag.dataOffset, tag.numBytes);
    let output: Buffer;
    try {
      output = inflateSync(input, { maxOutputLength: Math.max(1, limit) });
    } catch (error) {
      const reason = error instanceof RangeError ? `inflates to more than ${limit} bytes` : (error as Error).message;
      this.fail(span, offset, `corrupt compressed element (${reason})`);
    }
    const view = new DataView(output.buffer, output.byteOffset, output.byteLength);
    const where = span.at(offset);
    return { view, start: 0, end: output.byteLength, le: span.le, at: (o) => `byte ${o} of the element compressed at ${where}` };
  }

  /** A sub-element of a matrix that must be of one of `types`. */
  expectTag(span: Span, offset: number, types: number[], what: string): Tag {
    const tag = this.readTag(span, offset);
    if (!types.includes(tag.type)) this.fail(span, offset, `${what}: expected element type ${types.join(' or ')}, found ${tag.type}`);
    return tag;
  }

  readMatrix(parent: Span, tag: Tag, depth: number): MatValue {
    const offset = tag.dataOffset - 8;
    if (depth > MAX_DEPTH) this.fail(parent, offset, `arrays nested more than ${MAX_DEPTH} deep`);
    const span: Span = { ...parent, start: tag.dataOffset, end: tag.dataOffset + tag.numBytes };
    // An empty miMATRIX element (no sub-elements) is MATLAB's [] in struct fields and cells.
    if (tag.numBytes === 0) return { kind: 'numeric', name: '', dims: [0, 0], class: 'double', logical: false, real: new Float64Array(0) };

    const flagsTag = this.expectTag(span, span.start, [MI_UINT32], 'array flags');
    if (flagsTag.numBytes < 8) this.fail(span, span.start, `array flags need 8 bytes, found ${flagsTag.numBytes}`);
    const flagsWord = span.view.getUint32(flagsTag.dataOffset, span.le);
    const arrayClass = flagsWord & 0xff;
    const complex = (flagsWord & 0x800) !== 0;
    const logical = (flagsWord & 0x200) !== 0;

    const dimsTag = this.expectTag(span, flagsTag.next, [MI_INT32], 'dimensions');
    if (dimsTag.numBytes < 8 || dimsTag.numBytes % 4 !== 0) this.fail(span, flagsTag.next, `dimensions need at least 2 int32 values, found ${dimsTag.numBytes} bytes`);
    const dims: number[] = [];
    let count = 1;
    for (let i = 0; i < dimsTag.numBytes / 4; i++) {
      const d = span.view.getInt32(dimsTag.dataOffset + 4 * i, span.le);
      if (d < 0) this.fail(span, flagsTag.next, `negative dimension ${d}`);
      dims.push(d);
      count *= d;
    }

    const nameTag = this.expectTag(span, dimsTag.next, [MI_INT8, 2], 'array name');
    const name = this.latin1(span, nameTag.dataOffset, nameTag.numBytes);
    const body = nameTag.next;
    const className = UNSUPPORTED_CLASSES[arrayClass];
    if (className !== undefined) this.fail(span, offset, `'${name}': ${className} arrays are not supported`);

    if (arrayClass === MX_CHAR) return { kind: 'char', name, dims, text: this.readChars(span, body, count) };
    if (arrayClass === MX_CELL) {
      // Each cell is a miMATRIX of at least 8 bytes: refuse counts the remaining bytes cannot hold.
      this.checkCount(span, body, count, 8, `cell array '${name}'`);
      const cells: MatValue[] = [];
      let at = body;
      for (let i = 0; i < count; i++) {
        const cellTag = this.expectTag(span, at, [MI_MATRIX], `cell ${i + 1} of '${name}'`);
        cells.push(this.readMatrix(span, cellTag, depth + 1));
        at = cellTag.next;
      }
      return { kind: 'cell', name, dims, cells };
    }
    if (arrayClass === MX_STRUCT) return this.readStruct(span, body, name, dims, count, depth);
    const numeric = NUMERIC_CLASSES[arrayClass];
    if (numeric === undefined) this.fail(span, offset, `'${name}': unknown array class ${arrayClass}`);
    const realTag = this.readTag(span, body);
    const real = this.readNumbers(span, realTag, body, numeric.name, numeric.make, count, `'${name}' (real part)`);
    const value: MatNumericArray = { kind: 'numeric', name, dims, class: numeric.name, logical, real };
    if (complex) {
      const imagTag = this.readTag(span, realTag.next);
      value.imag = this.readNumbers(span, imagTag, realTag.next, numeric.name, numeric.make, count, `'${name}' (imaginary part)`);
    }
    return value;
  }

  checkCount(span: Span, offset: number, count: number, bytesEach: number, what: string): void {
    if (!Number.isSafeInteger(count) || count * bytesEach > span.end - offset) {
      this.fail(span, offset, `${what} claims ${count} elements, more than the ${span.end - offset} bytes left can hold`);
    }
  }

  readStruct(span: Span, offset: number, name: string, dims: number[], count: number, depth: number): MatStructArray {
    const lengthTag = this.expectTag(span, offset, [MI_INT32], `field name length of '${name}'`);
    if (lengthTag.numBytes !== 4) this.fail(span, offset, `field name length of '${name}' must be one int32`);
    const length = span.view.getInt32(lengthTag.dataOffset, span.le);
    if (length <= 0 || length > 64) this.fail(span, offset, `field name length ${length} of '${name}' (1 to 64)`);
    const namesTag = this.expectTag(span, lengthTag.next, [MI_INT8, 2], `field names of '${name}'`);
    if (namesTag.numBytes % length !== 0) this.fail(span, lengthTag.next, `field names of '${name}': ${namesTag.numBytes} bytes is not a multiple of ${length}`);
    const fields: string[] = [];
    for (let i = 0; i < namesTag.numBytes / length; i++) {
      const field = this.latin1(span, namesTag.dataOffset + i * length, length);
      if (field === '' || fields.includes(field)) this.fail(span, lengthTag.next, `struct '${name}': empty or repeated field name '${field}'`);
      fields.push(field);
    }
    // Each field of each element is a miMATRIX of at least 8 bytes; with no fields, elements cost no bytes at all,
    // so their count is capped instead.
    if (fields.length > 0) this.checkCount(span, namesTag.next, count * fields.length, 8, `struct array '${name}'`);
    else if (count > 65536) this.fail(span, offset, `struct array '${name}' without fields claims ${count} elements`);
    const elements: Map<string, MatValue>[] = [];
    let at = namesTag.next;
    for (let i = 0; i < count; i++) {
      const element = new Map<string, MatValue>();
      for (const field of fields) {
        const fieldTag = this.expectTag(span, at, [MI_MATRIX], `'${name}'(${i + 1}).${field}`);
        element.set(field, this.readMatrix(span, fieldTag, depth + 1));
        at = fieldTag.next;
      }
      elements.push(element);
    }
    return { kind: 'struct', name, dims, fields, elements };
  }

  readNumbers(span: Span, tag: Tag, offset: number, className: MatNumericClass, make: (n: number) => MatNumericData, count: number, what: string): MatNumericData {
    const stored = STORED[tag.type];
    if (stored === undefined) this.fail(span, offset, `${what}: unknown stored data type ${tag.type}`);
    if (tag.numBytes % stored.size !== 0 || tag.numBytes / stored.size !== count) {
      this.fail(span, offset, `${what}: ${tag.numBytes} bytes of ${stored.name} do not hold the ${count} values its dimensions claim`);
    }
    // count ≤ numBytes ≤ bytes left (readTag), so this allocation is bounded by the input.
    const out = make(count);
    const big = out instanceof BigInt64Array || out instanceof BigUint64Array;
    for (let i = 0; i < count; i++) {
      const v = stored.read(span.view, tag.dataOffset + i * stored.size, span.le);
      if (!big) (out as Float64Array)[i] = Number(v);
      else if (typeof v === 'bigint') (out as BigInt64Array)[i] = v;
      else if (Number.isFinite(v)) (out as BigInt64Array)[i] = BigInt(Math.trunc(v));
      else this.fail(span, offset, `${what}: ${v} cannot be stored in class ${className}`);
    }
    return out;
  }

  readChars(span: Span, offset: number, count: number): string {
    if (count === 0 && offset >= span.end) return '';
    const tag = this.readTag(span, offset);
    const bytes = new Uint8Array(span.view.buffer, span.view.byteOffset + tag.dataOffset, tag.numBytes);
    let text: string;
    if (tag.type === MI_UTF8) {
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        this.fail(span, offset, 'char data is not valid UTF-8');
      }
    } else {
      const size = tag.type === 4 || tag.type === MI_UTF16 ? 2 : tag.type === 1 || tag.type === 2 ? 1 : tag.type === MI_UTF32 || tag.type === MI_INT32 || tag.type === MI_UINT32 ? 4 : 0;
      if (size === 0) this.fail(span, offset, `char data of unexpected type ${tag.type}`);
      if (tag.numBytes % size !== 0 || tag.numBytes / size !== count) {
        this.fail(span, offset, `char data: ${tag.numBytes} bytes do not hold the ${count} characters its dimensions claim`);
      }
      const parts: string[] = [];
      for (let i = 0; i < count; i++) {
        const o = tag.dataOffset + i * size;
        const code = size === 1 ? span.view.getUint8(o) : size === 2 ? span.view.getUint16(o, span.le) : span.view.getUint32(o, span.le);
        if (code > 0x10ffff) this.fail(span, offset, `char data: invalid code point ${code}`);
        parts.push(size === 2 ? String.fromCharCode(code) : String.fromCodePoint(code));
      }
      text = parts.join('');
    }
    if ([...text].length !== count && tag.type === MI_UTF8) this.fail(span, offset, `char data: ${[...text].length} characters, dimensions claim ${count}`);
    return text;
  }

  latin1(span: Span, offset: number, length: number): string {
    let text = '';
    for (let i = 0; i < length; i++) {
      const c = span.view.getUint8(offset + i);
      if (c === 0) break; // names are NUL-padded
      text += String.fromCharCode(c);
    }
    return text;
  }
}

/**
 * Parses a level-5 MAT-file held in `bytes`; `source` names it in errors (the file path). Returns its variables by
 * name.
 */
export function parseMatV5(bytes: Uint8Array, source: string, options: MatV5Options = {}): Map<string, MatValue> {
  const maxInflatedBytes = options.maxInflatedBytes ?? 256 * 1024 * 1024;
  if (bytes.byteLength < HEADER) throw new Error(`${source}: not a MATLAB v5 MAT-file (${bytes.byteLength} bytes, the header alone takes ${HEADER})`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = String.fromCharCode(...bytes.subarray(0, 10));
  if (text !== 'MATLAB 5.0') {
    const hdf = bytes.byteLength >= 520 && String.fromCharCode(...bytes.subarray(513, 516)) === 'HDF';
    throw new Error(`${source}: not a MATLAB v5 MAT-file (header text ${JSON.stringify(text)}${hdf ? '; this is v7.3 = HDF5' : ''})`);
  }
  // The endian indicator 'MI' written as a 16-bit word: bytes 'IM' on a little-endian file.
  const endian = String.fromCharCode(bytes[126], bytes[127]);
  if (endian !== 'IM' && endian !== 'MI') throw new Error(`${source}: byte 126: bad endian indicator ${JSON.stringify(endian)}`);
  const le = endian === 'IM';
  const version = view.getUint16(124, le);
  if (version !== 0x0100) throw new Error(`${source}: byte 124: unsupported MAT-file version 0x${version.toString(16)}`);
  const reader = new MatV5Reader(source, maxInflatedBytes);
  const variables = new Map<string, MatValue>();
  reader.readVariables({ view, start: HEADER, end: bytes.byteLength, le, at: (o) => `byte ${o}` }, variables);
  return variables;
}

/** Reads and parses the level-5 MAT-file at `path`; errors name the path. */
export function readMatV5File(path: string, options: MatV5Options = {}): Map<string, MatValue> {
  let bytes: Buffer;
  try {
    if (!statSync(path).isFile()) throw new Error('not a file');
    bytes = readFileSync(path);
  } catch (error) {
    throw new Error(`${path}: cannot read MAT-file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return parseMatV5(bytes, path, options);
}
