// Fuzzing the MAT-file readers (fast-check): truncated and corrupted copies of real files (where ../shared/data is
// present) and of small generated ones must fail with an Error that names the file, or parse; never hang (each
// case runs under a hard time limit: node:vm's timeout terminates synchronous JavaScript and WebAssembly), never
// crash the process, never allocate without bound (the v5 reader's inflate cap is set small here).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import h5wasm from 'h5wasm/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeMatV5 } from '../testing/matV5Writer';
import { tempDir } from '../testing/tempDirs';
import { loadH5 } from './hdf5';
import { parseMatV5 } from './matV5';
import { createDereference, readNumeric, readScalar, readStruct, structArrayField } from './matStruct';

const shared = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../shared/data');
const pascal = join(shared, 'pascal-part-samples', 'Annotations_Part', '2008_000009.mat');
const ilsvrc = join(shared, 'ilsvrc-animal-part', 'parts', 'n02118333', 'truth_part02.mat');
const LIMIT_MS = 2000;

/** Runs `fn` synchronously under a hard time limit; returns what it threw (undefined when it returned). */
function outcome(fn: () => void): unknown {
  try {
    runInNewContext('run()', { run: fn }, { timeout: LIMIT_MS });
    return undefined;
  } catch (error) {
    return error;
  }
}

/** Truncations and corruptions of `bytes`: cut at a random length, or random bytes overwritten (a few, or a run). */
const mutation = (length: number): fc.Arbitrary<{ cut?: number; flips?: [number, number][] }> =>
  fc.oneof(
    fc.record({ cut: fc.integer({ min: 0, max: Math.max(0, length - 1) }) }),
    fc.record({ flips: fc.array(fc.tuple(fc.nat({ max: length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }) }),
    fc.record({ flips: fc.array(fc.tuple(fc.nat({ max: length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), cut: fc.integer({ min: 0, max: length - 1 }) }),
  );

function mutate(bytes: Uint8Array, m: { cut?: number; flips?: [number, number][] }): Uint8Array {
  const out = Uint8Array.from(bytes);
  for (const [at, value] of m.flips ?? []) out[at] = value;
  return m.cut === undefined ? out : out.subarray(0, m.cut);
}

const generated = writeMatV5({
  anno: {
    kind: 'struct', dims: [1, 1], fields: ['imname', 'objects'],
    elements: [{
      imname: { kind: 'char', text: '2008_000001' },
      objects: {
        kind: 'struct', dims: [1, 2], fields: ['class', 'class_ind', 'mask'],
        elements: [0, 1].map((i) => ({
          class: { kind: 'char' as const, text: i === 0 ? 'cat' : 'dog' },
          class_ind: { kind: 'numeric' as const, class: 'double' as const, dims: [1, 1], values: [8 + 4 * i], stored: 'uint8' as const },
          mask: { kind: 'numeric' as const, class: 'uint8' as const, dims: [6, 5], values: Array.from({ length: 30 }, (_, k) => (k + i) % 2) },
        })),
      },
    }],
  },
  c: { kind: 'cell', dims: [1, 2], cells: [{ kind: 'char', text: 'x' }, { kind: 'numeric', class: 'int16', dims: [2, 2], values: [1, -2, 3, -4] }] },
});
const generatedPlain = writeMatV5({ v: { kind: 'numeric', class: 'single', dims: [3, 1], values: [1, 2, 3], stored: 'int8' }, s: { kind: 'char', text: 'abc' } }, false);

describe('MAT-file v5 reader under fuzzing', () => {
  const sources: [string, Uint8Array][] = [['generated.mat', generated], ['generated-plain.mat', generatedPlain]];
  if (existsSync(pascal)) sources.push([pascal, readFileSync(pascal)]);

  for (const [name, bytes] of sources) {
    it(`${name.split('/').at(-1)}: truncated or corrupted copies fail with an Error naming the file, or parse`, () => {
      expect(() => parseMatV5(bytes, name)).not.toThrow();
      let failed = 0;
      fc.assert(
        fc.property(mutation(bytes.length), (m) => {
          const copy = mutate(bytes, m);
          const started = performance.now();
          const error = outcome(() => void parseMatV5(copy, name, { maxInflatedBytes: 4 * 1024 * 1024 }));
          expect(performance.now() - started).toBeLessThan(LIMIT_MS);
          if (error === undefined) {
            // Bytes the parse does not depend on (header text, padding) can change freely; a cut parses only when it
            // removes no more than the last element's padding.
            expect(m.cut === undefined || m.cut > bytes.length - 8).toBe(true);
            return;
          }
          failed++;
          expect(error).toBeInstanceOf(Error);
          expect((error as Error).message.startsWith(`${name}: `), (error as Error).message).toBe(true);
        }),
        { numRuns: 120, seed: 20180601 },
      );
      expect(failed).toBeGreaterThan(0);
    });
  }

  it('refuses any claimed size larger than the file (no allocation from a size field alone)', () => {
    // Overwrite each 32-bit word of the plain file with a huge size: every case must fail fast without allocating.
    for (let at = 128; at + 4 <= generatedPlain.length; at += 4) {
      const copy = Uint8Array.from(generatedPlain);
      new DataView(copy.buffer).setUint32(at, 0x7ffffff0, true);
      const before = process.memoryUsage().arrayBuffers;
      const error = outcome(() => void parseMatV5(copy, 'sizes.mat'));
      expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 * 1024);
      if (error !== undefined) expect((error as Error).message).toMatch(/^sizes\.mat: byte \d+/);
    }
  });
});

describe('MAT-file v7.3 (HDF5) path under fuzzing', () => {
  let h5: Awaited<ReturnType<typeof loadH5>>;
  const dir = tempDir('icnn-h5-fuzz-');
  beforeAll(async () => {
    h5 = await loadH5();
  });

  /** What the ILSVRC loader reads: truth(i).pHW_center through references; or a generated scalar struct. */
  function read(path: string, real: boolean): void {
    const file = new h5.File(path, 'r');
    try {
      if (real) {
        const dereference = createDereference(h5, file);
        structArrayField(h5, file, 'truth', 'pHW_center').forEach((ref, i) => readNumeric(h5, dereference(ref, `truth(${i + 1})`), `truth(${i + 1})`));
      } else {
        readScalar(h5, readStruct(h5, file.get('/') as InstanceType<typeof h5.Group>, 'box', 'root'), 'xmin', 'box');
      }
    } finally {
      file.close();
    }
  }

  function generatedH5(): Uint8Array {
    const path = join(dir, 'generated.h5');
    const file = new h5wasm.File(path, 'w');
    file.create_group('box');
    (file.get('box') as InstanceType<typeof h5wasm.Group>).create_dataset({ name: 'xmin', data: new Float64Array([12]), shape: [1, 1] });
    file.close();
    return readFileSync(path);
  }

  it('truncated or corrupted copies of a generated file and (when present) a real truth file fail with an Error, or read', () => {
    const sources: [string, Uint8Array, boolean][] = [['generated.h5', generatedH5(), false]];
    if (existsSync(ilsvrc)) sources.push(['truth_part02.mat', readFileSync(ilsvrc), true]);
    for (const [name, bytes, real] of sources) {
      const path = join(dir, `case-${name}`);
      writeFileSync(path, bytes);
      expect(outcome(() => read(path, real))).toBeUndefined();
      let failed = 0;
      fc.assert(
        fc.property(mutation(bytes.length), (m) => {
          writeFileSync(path, mutate(bytes, m));
          const started = performance.now();
          const error = outcome(() => read(path, real));
          expect(performance.now() - started).toBeLessThan(LIMIT_MS);
          if (error !== undefined) {
            failed++;
            expect(error).toBeInstanceOf(Error);
          }
        }),
        { numRuns: real ? 40 : 80, seed: 20180602 },
      );
      expect(failed).toBeGreaterThan(0);
    }
  });
});
