import { describe, expect, it } from 'vitest';
import { deriveGeometry, featureInfoFromLayers } from './geometry';
import type { LayerSpec } from './layers';

describe('deriveGeometry', () => {
  it('follows r′ = r + (k−1)·j, j′ = j·s, c′ = c + ((k−1)/2 − before)·j', () => {
    const layers: LayerSpec[] = [
      { kind: 'conv', name: 'a', filters: 4, kernel: 5, stride: 2, padding: 1 }, // 11 → (11+2−5)/2+1 = 5; r 5, j 2, c 1
      { kind: 'relu', name: 'r', tap: 'a' },
      { kind: 'maxPool', name: 'p', kernel: 2, stride: 2, padding: [0, 1] }, // 5 → (6−2)/2+1 = 3; r 7, j 4, c 2
      { kind: 'conv', name: 'b', filters: 6, kernel: 3, padding: 1, tap: 'b' }, // 3; r 15, c 2
    ];
    expect(deriveGeometry(layers, { inputSize: 11 }).map((g) => [g.name, g.spatialSize, g.stride, g.receptiveField.size, g.receptiveField.centre, g.channels])).toEqual([
      ['a', 5, 2, 5, 1, 4],
      ['r', 5, 2, 5, 1, 4],
      ['p', 3, 4, 7, 2, 4],
      ['b', 3, 4, 15, 2, 6],
    ]);
    expect(featureInfoFromLayers(layers, { inputSize: 11 }).map((f) => f.name)).toEqual(['a', 'b']);
  });

  it('takes the larger field of a residual block and checks its branches agree', () => {
    const block: LayerSpec = {
      kind: 'residual',
      name: 'res',
      main: [
        { kind: 'conv', name: 'm1', filters: 8, kernel: 3, stride: 2, padding: 1 },
        { kind: 'conv', name: 'm2', filters: 8, kernel: 3, padding: 1 },
      ],
      shortcut: [{ kind: 'conv', name: 's', filters: 8, kernel: 1, stride: 2 }],
    };
    const [g] = deriveGeometry([block], { inputSize: 8 });
    expect([g.spatialSize, g.stride, g.receptiveField.size, g.receptiveField.centre, g.channels]).toEqual([4, 2, 7, 0, 8]);
    const misaligned: LayerSpec = { ...block, shortcut: [{ kind: 'conv', name: 's', filters: 8, kernel: 2, stride: 2 }] };
    expect(() => deriveGeometry([misaligned], { inputSize: 8 })).toThrow(/'res'.*disagree on centre \(0 vs 0\.5\)/);
    const wrongChannels: LayerSpec = { ...block, shortcut: [] };
    expect(() => deriveGeometry([wrongChannels], { inputSize: 8, inputChannels: 8 })).toThrow(/disagree on stride/);
  });

  it('names the layer that an input is too small for, and bad layer settings', () => {
    const layers: LayerSpec[] = [{ kind: 'maxPool', name: 'pool9', kernel: 9, stride: 1 }];
    expect(() => deriveGeometry(layers, { inputSize: 8 })).toThrow(/8×8 pixels is too small: layer 'pool9'/);
    expect(() => deriveGeometry(layers, { inputSize: 0 })).toThrow(/'inputSize'/);
    expect(() => deriveGeometry([{ kind: 'conv', name: 'c', filters: 1, kernel: 3, stride: 0 }], { inputSize: 8 })).toThrow(/'c' has stride 0/);
  });
});
