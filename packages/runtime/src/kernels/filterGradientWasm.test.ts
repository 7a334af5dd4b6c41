// The committed WebAssembly module must be wasm-src/filterGradient.c compiled: its recorded source hash is checked
// everywhere, the bytes themselves where the recorded clang is installed (elsewhere that test skips, saying why).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { filterGradientModule } from './filterGradientModule';
import { FILTER_GRADIENT_SOURCE_SHA256, FILTER_GRADIENT_WASM_BASE64 } from './filterGradientWasm.generated';

const source = fileURLToPath(new URL('../../wasm-src/filterGradient.c', import.meta.url));
const buildScript = fileURLToPath(new URL('../../wasm-src/build.mjs', import.meta.url));

describe('the SIMD weight-gradient module', () => {
  it('was generated from the current wasm-src/filterGradient.c (else run npm run build:wasm)', () => {
    expect(createHash('sha256').update(readFileSync(source)).digest('hex')).toBe(FILTER_GRADIENT_SOURCE_SHA256);
  });

  it('is byte for byte what the recorded clang makes of the source', (context) => {
    const run = spawnSync(process.execPath, [buildScript, '--check'], { encoding: 'utf8' });
    const verdict = JSON.parse(run.stdout) as { status: 'match' | 'differs' | 'skipped'; reason?: string };
    if (verdict.status === 'skipped') context.skip(verdict.reason);
    expect(verdict, run.stderr).toEqual({ status: 'match' });
  });

  it('stays under 4 KiB (browsers refuse larger synchronous compiles on the main thread) and loads in Node', () => {
    expect(Buffer.from(FILTER_GRADIENT_WASM_BASE64, 'base64').length).toBeLessThan(4096);
    const module = filterGradientModule();
    expect(module).not.toBeNull();
    // Growing memory: a second, larger reservation starts at the same place and sees a larger buffer.
    const small = module!.reserve(16);
    const large = module!.reserve(4 * 2 ** 20);
    expect(large.start).toBe(small.start);
    expect(large.start % 4).toBe(0);
    expect(large.heap.length).toBeGreaterThanOrEqual(large.start + 4 * 2 ** 20);
  });
});
