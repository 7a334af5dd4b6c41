import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectNoLeaks, relativeError } from '@icnn/test-utils';
import { expect, it } from 'vitest';
import { buildLayerBackbone, type LayerBackboneConfig } from './buildLayerBackbone';

const tiny: LayerBackboneConfig = {
  name: 'tiny',
  inputSize: 11,
  layers: [
    { kind: 'conv', name: 'conv1', filters: 4, kernel: 3, stride: 2, groups: 1 },
    { kind: 'relu', name: 'relu1', tap: 'conv1' },
    { kind: 'maxPool', name: 'pool1', kernel: 2, stride: 2, padding: [0, 1] },
    { kind: 'conv', name: 'conv2', filters: 6, kernel: 3, padding: 1, groups: 2 },
    { kind: 'relu', name: 'relu2', tap: 'conv2' },
  ],
};

describeBackends('buildLayerBackbone', () => {
  it('runs its layer list: grouped conv = per-group convs, pool padding only at bottom/right', async () => {
    const backbone = buildLayerBackbone(tiny, { seed: 7 });
    try {
      const x = tf.randomNormal([2, 11, 11, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
      const out = await expectNoLeaks(() => backbone.forwardFeatures(x));
      const v = backbone.variables;
      const expected = tf.tidy(() => {
        const c1 = tf.relu(tf.add(tf.conv2d(x, v['conv1/kernel'] as tf.Tensor4D, 2, 'valid'), v['conv1/bias'])); // 5×5
        const p1 = tf.maxPool(tf.pad(c1 as tf.Tensor4D, [[0, 0], [0, 1], [0, 1], [0, 0]]), 2, 2, 'valid'); // 5 → 3; ≥ 0, so zero padding is safe
        const k = v['conv2/kernel'] as tf.Tensor4D;
        const g0 = tf.conv2d(tf.slice(p1, [0, 0, 0, 0], [-1, -1, -1, 2]), tf.slice(k, [0, 0, 0, 0], [-1, -1, -1, 3]), 1, 'same');
        const g1 = tf.conv2d(tf.slice(p1, [0, 0, 0, 2], [-1, -1, -1, 2]), tf.slice(k, [0, 0, 0, 3], [-1, -1, -1, 3]), 1, 'same');
        return tf.relu(tf.add(tf.concat([g0, g1], 3), v['conv2/bias']));
      });
      expect(out.conv1.shape).toEqual([2, 5, 5, 4]);
      expect(out.conv2.shape).toEqual([2, 3, 3, 6]);
      expect(backbone.featureInfo.map((f) => f.spatialSize)).toEqual([[5, 5], [3, 3]]);
      expect(relativeError(out.conv2.dataSync(), expected.dataSync())).toBeLessThan(1e-5);
      tf.dispose([x, expected, ...Object.values(out)]);
    } finally {
      backbone.dispose();
    }
  });

  it('is reproducible from its seed and counts conv kernels [k, k, cin/groups, filters] + biases', () => {
    const [a, b, c] = [buildLayerBackbone(tiny, { seed: 3 }), buildLayerBackbone(tiny, { seed: 3 }), buildLayerBackbone(tiny, { seed: 4 })];
    try {
      expect(a.variables['conv2/kernel'].shape).toEqual([3, 3, 2, 6]);
      expect(a.countParams()).toBe(3 * 3 * 3 * 4 + 4 + 3 * 3 * 2 * 6 + 6);
      expect(Array.from(a.variables['conv1/kernel'].dataSync())).toEqual(Array.from(b.variables['conv1/kernel'].dataSync()));
      expect(Array.from(a.variables['conv1/kernel'].dataSync())).not.toEqual(Array.from(c.variables['conv1/kernel'].dataSync()));
    } finally {
      [a, b, c].forEach((m) => m.dispose());
    }
  });

  it('returns only the requested taps and names bad inputs', () => {
    const backbone = buildLayerBackbone(tiny);
    try {
      const x = tf.zeros([1, 11, 11, 3]) as tf.Tensor4D;
      const only = backbone.forwardFeatures(x, { taps: ['conv1'] });
      expect(Object.keys(only)).toEqual(['conv1']);
      tf.dispose([...Object.values(only)]);
      expect(() => backbone.forwardFeatures(x, { taps: ['conv9'] })).toThrow(/unknown tap 'conv9'.*\[conv1, conv2\]/);
      expect(() => backbone.forwardFeatures(tf.zeros([1, 9, 9]) as never)).toThrow(/'x' must be a Tensor4D \[B, h, w, 3\]/);
      expect(() => backbone.forwardFeatures(tf.zeros([1, 2, 2, 3]) as tf.Tensor4D)).toThrow(/'x' of shape \[1,2,2,3\] is too small.*'conv1'/);
      x.dispose();
    } finally {
      backbone.dispose();
    }
  });

  it('names bad options', () => {
    expect(() => buildLayerBackbone(tiny, { width: 0 })).toThrow(/createBackbone\('tiny'\): 'width' must be a finite number > 0, got 0/);
    expect(() => buildLayerBackbone(tiny, { inputSize: 2.5 })).toThrow(/'inputSize' must be a positive integer, got 2\.5/);
    expect(() => buildLayerBackbone(tiny, { inputSize: 2 })).toThrow(/too small/);
    expect(() => buildLayerBackbone(tiny, { seed: 0.5 })).toThrow(/'seed' must be an integer/);
    const numTensors = tf.memory().numTensors;
    const badGroups: LayerBackboneConfig = { ...tiny, layers: [{ kind: 'conv', name: 'g', filters: 4, kernel: 1, groups: 2, tap: 'g' }] };
    expect(() => buildLayerBackbone(badGroups)).toThrow(/conv 'g' has 2 groups but 3 input/);
    expect(tf.memory().numTensors, 'no variables left behind by a failed build').toBe(numTensors);
  });
});
