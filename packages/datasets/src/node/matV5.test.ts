import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { element, matrix, writeMatV5 } from '../testing/matV5Writer';
import { tempDir } from '../testing/tempDirs';
import { parseMatV5, readMatV5File, type MatValue } from './matV5';

const samples = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../shared/data/pascal-part-samples/Annotations_Part');
const present = existsSync(samples);

const header = (): Uint8Array => writeMatV5({}, false);
const withBody = (...parts: Uint8Array[]): Uint8Array => {
  const head = header();
  const out = new Uint8Array(head.length + parts.reduce((n, p) => n + p.length, 0));
  out.set(head);
  let o = head.length;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

describe('parseMatV5', () => {
  for (const compress of [false, true]) {
    it(`reads numeric classes from narrower stored types, chars, structs and cells (${compress ? 'compressed' : 'plain'})`, () => {
      const bytes = writeMatV5(
        {
          d: { kind: 'numeric', class: 'double', dims: [1, 1], values: [15], stored: 'uint8' },
          m: { kind: 'numeric', class: 'uint8', dims: [2, 3], values: [1, 2, 3, 4, 5, 6] },
          s: { kind: 'numeric', class: 'single', dims: [1, 2], values: [0.5, -2], stored: 'int16' },
          z: { kind: 'numeric', class: 'double', dims: [1, 1], values: [1], imag: [-1] },
          b: { kind: 'numeric', class: 'uint8', dims: [1, 2], values: [0, 1], logical: true },
          name: { kind: 'char', text: '2008_000008' },
          st: {
            kind: 'struct', dims: [1, 2], fields: ['a', 'bb'],
            elements: [{ a: { kind: 'char', text: 'x' }, bb: { kind: 'empty' } }, { a: { kind: 'char', text: 'yz' }, bb: { kind: 'numeric', class: 'int32', dims: [1, 1], values: [-7] } }],
          },
          c: { kind: 'cell', dims: [1, 2], cells: [{ kind: 'char', text: 'q' }, { kind: 'numeric', class: 'double', dims: [0, 0], values: [] }] },
        },
        compress,
      );
      const vars = parseMatV5(bytes, 'gen.mat');
      expect([...vars.keys()]).toEqual(['d', 'm', 's', 'z', 'b', 'name', 'st', 'c']);
      const d = vars.get('d')!;
      expect(d.kind === 'numeric' && d.class === 'double' && d.real instanceof Float64Array && [...d.real]).toEqual([15]);
      const m = vars.get('m')!;
      expect(m.kind === 'numeric' && m.real instanceof Uint8Array && [...m.real]).toEqual([1, 2, 3, 4, 5, 6]);
      expect(m.dims).toEqual([2, 3]);
      const s = vars.get('s')!;
      expect(s.kind === 'numeric' && s.real instanceof Float32Array && [...s.real]).toEqual([0, -2]); // int16 storage truncates 0.5
      const z = vars.get('z')!;
      expect(z.kind === 'numeric' && [...z.real, ...(z.imag ?? [])]).toEqual([1, -1]);
      const b = vars.get('b')!;
      expect(b.kind === 'numeric' && b.logical).toBe(true);
      expect(vars.get('name')).toMatchObject({ kind: 'char', text: '2008_000008', dims: [1, 11] });
      const st = vars.get('st')!;
      if (st.kind !== 'struct') throw new Error('expected a struct');
      expect(st.fields).toEqual(['a', 'bb']);
      expect((st.elements[1].get('a') as MatValue & { text: string }).text).toBe('yz');
      expect(st.elements[0].get('bb')).toMatchObject({ kind: 'numeric', dims: [0, 0] });
      const bb = st.elements[1].get('bb')!;
      expect(bb.kind === 'numeric' && bb.real instanceof Int32Array && [...bb.real]).toEqual([-7]);
      const c = vars.get('c')!;
      expect(c.kind === 'cell' && c.cells.map((x) => x.kind)).toEqual(['char', 'numeric']);
    });
  }

  it('names the source and offset in its errors', () => {
    expect(() => parseMatV5(new Uint8Array(10), 'tiny.mat')).toThrow(/^tiny\.mat: not a MATLAB v5 MAT-file/);
    const bad = header();
    bad.set([0x4e, 0x4f], 126);
    expect(() => parseMatV5(bad, 'e.mat')).toThrow(/^e\.mat: byte 126: bad endian indicator/);
    expect(() => parseMatV5(withBody(element(9, new Uint8Array(8))), 'top.mat')).toThrow(/^top\.mat: byte 128: unexpected top-level element/);
    const sparse = matrix('sp', { kind: 'numeric', class: 'double', dims: [1, 1], values: [1] });
    sparse[16] = 5; // array class → mxSPARSE
    expect(() => parseMatV5(withBody(sparse), 'sp.mat')).toThrow(/sp\.mat: byte 128: 'sp': sparse arrays are not supported/);
  });

  it('refuses sizes the file cannot hold before allocating', () => {
    // An element claiming 2³² − 8 bytes in a file of 144.
    const huge = element(14, new Uint8Array(8), false);
    new DataView(huge.buffer).setUint32(4, 0xfffffff8, true);
    expect(() => parseMatV5(withBody(huge), 'huge.mat')).toThrow(/huge\.mat: byte 128: element of type 14 claims 4294967288 bytes, only 8 left/);
    // A uint8 matrix whose dimensions claim 100000 × 100000 values but store 4.
    const dims = matrix('m', { kind: 'numeric', class: 'uint8', dims: [2, 2], values: [1, 2, 3, 4] });
    new DataView(dims.buffer).setInt32(32, 100000, true);
    new DataView(dims.buffer).setInt32(36, 100000, true);
    expect(() => parseMatV5(withBody(dims), 'dims.mat')).toThrow(/dims\.mat: .*4 bytes of miUINT8 do not hold the 10000000000 values its dimensions claim/);
    // A cell array claiming 10⁹ cells.
    const cells = matrix('c', { kind: 'cell', dims: [1, 1], cells: [{ kind: 'empty' }] });
    new DataView(cells.buffer).setInt32(36, 1e9, true);
    expect(() => parseMatV5(withBody(cells), 'cells.mat')).toThrow(/cells\.mat: .*claims 1000000000 elements, more than the 8 bytes left can hold/);
    // A compressed element that would inflate beyond the cap.
    const bomb = writeMatV5({ big: { kind: 'numeric', class: 'uint8', dims: [1, 100000], values: new Array(100000).fill(0) } });
    expect(() => parseMatV5(bomb, 'bomb.mat', { maxInflatedBytes: 1000 })).toThrow(/bomb\.mat: byte 128: corrupt compressed element \(inflates to more than 1000 bytes\)/);
  });

  it('readMatV5File names a missing file', () => {
    expect(() => readMatV5File(join(tempDir('icnn-mat-'), 'none.mat'))).toThrow(/none\.mat: cannot read MAT-file \(ENOENT\)/);
  });

  it('reads a file it wrote from disk', () => {
    const path = join(tempDir('icnn-mat-'), 'a.mat');
    writeFileSync(path, writeMatV5({ x: { kind: 'char', text: 'hi' } }));
    expect(readMatV5File(path).get('x')).toMatchObject({ kind: 'char', text: 'hi' });
  });

  it.skipIf(!present)(`reads the real Pascal-Part annotations (${present ? 'present' : `needs ${samples}`})`, () => {
    for (const name of readdirSync(samples)) {
      const anno = readMatV5File(join(samples, name)).get('anno');
      expect(anno?.kind).toBe('struct');
      if (anno?.kind === 'struct') expect(anno.fields).toEqual(['imname', 'objects']);
    }
  });
});
