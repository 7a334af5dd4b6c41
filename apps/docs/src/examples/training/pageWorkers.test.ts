// How many Web Workers the live training example asks for: none without cross-origin isolation or on WebGPU (and
// it says why), one per logical core up to MAX_PAGE_WORKERS, `?workers=N` over the default.
import { describe, expect, it } from 'vitest';
import { MAX_PAGE_WORKERS, planWorkers, requestedWorkers } from './pageWorkers';

describe('planWorkers', () => {
  const isolated = { crossOriginIsolated: true, hardwareConcurrency: 8, backend: 'wasm' };

  it('takes one worker per logical core, at most MAX_PAGE_WORKERS, and none for a single core', () => {
    expect(planWorkers({ ...isolated, hardwareConcurrency: 2 })).toEqual({ workers: 2, reason: 'one per logical core the browser reports (2), at most 4' });
    expect(planWorkers(isolated).workers).toBe(MAX_PAGE_WORKERS);
    expect(planWorkers({ ...isolated, hardwareConcurrency: 1 })).toMatchObject({ workers: 0, reason: expect.stringContaining('one logical core') });
  });

  it("trains on the page's thread without isolation or on WebGPU, saying why, whatever the address asks", () => {
    const plain = planWorkers({ ...isolated, crossOriginIsolated: false, requested: 3 });
    expect(plain.workers).toBe(0);
    expect(plain.reason).toMatch(/not cross-origin isolated .*COOP\/COEP.*SharedArrayBuffer/);
    expect(planWorkers({ ...isolated, backend: 'webgpu' })).toEqual({ workers: 0, reason: "webgpu computes on one device, driven from the page's own thread" });
  });

  it('follows ?workers=N on an isolated CPU backend, 0 meaning the page thread', () => {
    expect(planWorkers({ ...isolated, backend: 'cpu', requested: 3 })).toEqual({ workers: 3, reason: '?workers=3 in the address' });
    expect(planWorkers({ ...isolated, requested: 0 }).workers).toBe(0);
    expect(requestedWorkers('?threads=1&workers=2')).toBe(2);
    expect(requestedWorkers('?workers=0')).toBe(0);
    expect(requestedWorkers('?threads=1')).toBeUndefined();
    for (const bad of ['-1', '1.5', 'two', '', '65']) expect(() => requestedWorkers(`?workers=${bad}`)).toThrow(`?workers=${bad}: give an integer from 0 (this page's thread) to 64`);
  });
});
