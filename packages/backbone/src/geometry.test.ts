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

  it('counts a dilated kernel as its span, multiplies depthwise channels, takes the widest concat branch, and a global pool as one window', () => {
    const layers: LayerSpec[] = [
      { kind: 'conv', name: 'a', filters: 8, kernel: 3, stride: 2, padding: 1 }, // 16 → 8; r 3, j 2, c 0
      { kind: 'depthwiseConv', name: 'dw', kernel: 3, dilation: 2, padding: 2, multiplier: 2 }, // span 5: 8; r 3 + 4·2 = 11; 16 channels
      { kind: 'relu6', name: 'r6' },
      {
        kind: 'concat',
        name: 'cat',
        branches: [
          [{ kind: 'conv', name: 'b0', filters: 4, kernel: 1 }], // r 11
          [{ kind: 'maxPool', name: 'b1p', kernel: 3, stride: 1, padding: 1 }, { kind: 'conv', name: 'b1', filters: 2, kernel: 1 }], // r 11 + 2·2 = 15
          [], // the input: 16 channels
        ],
      }, // 4 + 2 + 16 = 22 channels, r 15
      { kind: 'avgPool', name: 'avg', kernel: 2, stride: 2 }, // 8 → 4; r 15 + 2 = 17, c 0 + 0.5·2 = 1, j 4
      { kind: 'globalAvgPool', name: 'gap', tap: 'gap' }, // a 4×4 window: 1; r 17 + 3·4 = 29, c 1 + 1.5·4 = 7, j 16
    ];
    expect(deriveGeometry(layers, { inputSize: 16 }).map((g) => [g.name, g.spatialSize, g.stride, g.receptiveField.size, g.receptiveField.centre, g.channels])).toEqual([
      ['a', 8, 2, 3, 0, 8],
      ['dw', 8, 2, 11, 0, 16],
      ['r6', 8, 2, 11, 0, 16],
      ['cat', 8, 2, 15, 0, 22],
      ['avg', 4, 4, 17, 1, 22],
      ['gap', 1, 16, 29, 7, 22],
    ]);
  });

  it('refuses concat branches on different grids, dilation with a stride, and a bad dilation, naming the layer', () => {
    const strided: LayerSpec = {
      kind: 'concat',
      name: 'cat',
      branches: [[{ kind: 'conv', name: 'x1', filters: 2, kernel: 1 }], [{ kind: 'conv', name: 'x2', filters: 2, kernel: 1, stride: 2 }]],
    };
    expect(() => deriveGeometry([strided], { inputSize: 8 })).toThrow(/concat 'cat': branch 1 disagrees with branch 0 on stride \(2 vs 1\)/);
    expect(() => deriveGeometry([{ kind: 'concat', name: 'none', branches: [] }], { inputSize: 8 })).toThrow(/concat 'none' has no branches/);
    expect(() => deriveGeometry([{ kind: 'conv', name: 'd', filters: 2, kernel: 3, dilation: 2, stride: 2 }], { inputSize: 8 })).toThrow(/'d' has dilation 2 and stride 2/);
    expect(() => deriveGeometry([{ kind: 'depthwiseConv', name: 'd0', kernel: 3, dilation: 0 }], { inputSize: 8 })).toThrow(/'d0' has dilation 0; expected an integer ≥ 1/);
  });
});
