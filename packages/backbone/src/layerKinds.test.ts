// The layer kinds beyond conv/pool/ReLU — depthwise and dilated convolutions, average and global average pools,
// ReLU6, concatenated branches — run through a built backbone, against independent tfjs computations (forward and
// gradients) on every backend, with no tensors left behind.
import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectNoLeaks, relativeError } from '@icnn/test-utils';
import { expect, it } from 'vitest';
import { buildLayerBackbone } from './buildLayerBackbone';
import type { LayerSpec } from './layers';

/** Builds a one-tap backbone of `layers` on `inputSize`² inputs and hands it, an input and its variables to `body`. */
async function withBackbone(
  layers: LayerSpec[],
  inputSize: number,
  body: (run: (x: tf.Tensor4D) => tf.Tensor4D, x: tf.Tensor4D, v: Record<string, tf.Variable>) => void | Promise<void>,
  options: { width?: number } = {},
): Promise<void> {
  const backbone = buildLayerBackbone({ name: 'kinds', inputSize, layers }, { seed: 5, ...options });
  const x = tf.randomNormal([2, inputSize, inputSize, 3], 0, 1, 'float32', 9) as tf.Tensor4D;
  const tap = backbone.featureInfo[backbone.featureInfo.length - 1].name;
  try {
    await body((input) => backbone.forwardFeatures(input, { taps: [tap] })[tap], x, backbone.variables as Record<string, tf.Variable>);
  } finally {
    x.dispose();
    backbone.dispose();
  }
}

/** Gradients of Σ f(x, w)·dy with respect to x and w. */
function gradients(f: (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D, x: tf.Tensor4D, w: tf.Tensor4D, seed: number): [tf.Tensor, tf.Tensor] {
  const dy = tf.randomNormal(f(x, w).shape, 0, 1, 'float32', seed);
  return tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(a as tf.Tensor4D, b as tf.Tensor4D), dy)))([x, w]) as [tf.Tensor, tf.Tensor];
}

const close = (a: tf.Tensor, b: tf.Tensor, tolerance = 1e-5) => expect(relativeError(a.dataSync(), b.dataSync())).toBeLessThan(tolerance);

describeBackends('layer kinds', () => {
  it('depthwiseConv (multiplier 2, stride 2, padding [0, 1]) = tf.depthwiseConv2d + bias, and trains', async () => {
    const layers: LayerSpec[] = [
      { kind: 'conv', name: 'stem', filters: 4, kernel: 1 },
      { kind: 'depthwiseConv', name: 'dw', kernel: 3, stride: 2, padding: [0, 1], multiplier: 2, tap: 'dw' },
    ];
    await withBackbone(layers, 9, async (run, x, v) => {
      expect(v['dw/kernel'].shape).toEqual([3, 3, 4, 2]);
      expect(v['dw/bias'].shape).toEqual([8]);
      const out = await expectNoLeaks(() => run(x));
      expect(out.shape).toEqual([2, 4, 4, 8]); // (9 + 1 − 3) / 2 + 1
      tf.tidy(() => {
        const stem = tf.add(tf.conv2d(x, v['stem/kernel'] as tf.Tensor4D, 1, 'valid'), v['stem/bias']) as tf.Tensor4D;
        const reference = (input: tf.Tensor4D, w: tf.Tensor4D) => tf.depthwiseConv2d(input, w, 2, [[0, 0], [0, 1], [0, 1], [0, 0]]);
        close(out, tf.add(reference(stem, v['dw/kernel'] as tf.Tensor4D), v['dw/bias']));
        // Gradient with respect to the layer's kernel through the backbone vs through the reference op.
        const dy = tf.randomNormal(out.shape, 0, 1, 'float32', 4);
        const [dStem, expected] = tf.grads((a: tf.Tensor, w: tf.Tensor) => tf.sum(tf.mul(reference(a as tf.Tensor4D, w as tf.Tensor4D), dy)))([stem, v['dw/kernel']]);
        const { grads } = tf.variableGrads(() => tf.sum(tf.mul(run(x), dy)) as tf.Scalar, [v['dw/kernel'], v['stem/bias']]);
        close(grads[v['dw/kernel'].name], expected);
        close(grads[v['stem/bias'].name], tf.sum(dStem, [0, 1, 2])); // the input gradient, through the 1×1 stem's bias
      });
      out.dispose();
    });
  });

  it('a grouped conv with one group per channel runs as a depthwise conv and equals per-channel convolutions', async () => {
    const layers: LayerSpec[] = [
      { kind: 'conv', name: 'stem', filters: 4, kernel: 1 },
      { kind: 'conv', name: 'g', filters: 8, kernel: 3, padding: 1, groups: 4, tap: 'g' },
    ];
    await withBackbone(layers, 7, (run, x, v) => {
      tf.tidy(() => {
        const stem = tf.add(tf.conv2d(x, v['stem/kernel'] as tf.Tensor4D, 1, 'valid'), v['stem/bias']) as tf.Tensor4D;
        const perChannel = (input: tf.Tensor4D, w: tf.Tensor4D) =>
          tf.concat(tf.split(input, 4, 3).map((xc, c) => tf.conv2d(xc as tf.Tensor4D, tf.slice(w, [0, 0, 0, 2 * c], [-1, -1, -1, 2]) as tf.Tensor4D, 1, 1)), 3) as tf.Tensor4D;
        close(run(x), tf.add(perChannel(stem, v['g/kernel'] as tf.Tensor4D), v['g/bias']));
        const dy = tf.randomNormal([2, 7, 7, 8], 0, 1, 'float32', 6);
        const [, expected] = tf.grads((a: tf.Tensor, w: tf.Tensor) => tf.sum(tf.mul(perChannel(a as tf.Tensor4D, w as tf.Tensor4D), dy)))([stem, v['g/kernel']]);
        const { grads } = tf.variableGrads(() => tf.sum(tf.mul(run(x), dy)) as tf.Scalar, [v['g/kernel']]);
        close(grads[v['g/kernel'].name], expected);
      });
    });
  });

  it('dilation 2 = the kernel spread with zeros between its taps (forward and both gradients)', async () => {
    const layers: LayerSpec[] = [{ kind: 'conv', name: 'a', filters: 5, kernel: 3, dilation: 2, padding: [2, 1], tap: 'a' }];
    await withBackbone(layers, 10, async (run, x, v) => {
      const out = await expectNoLeaks(() => run(x));
      expect(out.shape).toEqual([2, 9, 9, 5]); // 10 + 3 − 5 + 1
      tf.tidy(() => {
        // [3, 3, 3, 5] → [5, 5, 3, 5] with taps at rows/columns 0, 2, 4: a zero after each tap, the last one cut off.
        const spread = (w: tf.Tensor4D) => {
          const gaps = tf.pad(tf.reshape(w, [3, 1, 3, 1, 3, 5]), [[0, 0], [0, 1], [0, 0], [0, 1], [0, 0], [0, 0]]);
          return tf.slice(tf.reshape(gaps, [6, 6, 3, 5]), [0, 0, 0, 0], [5, 5, 3, 5]) as tf.Tensor4D;
        };
        const pad: [[0, 0], [2, 1], [2, 1], [0, 0]] = [[0, 0], [2, 1], [2, 1], [0, 0]];
        const reference = (input: tf.Tensor4D, w: tf.Tensor4D) => tf.conv2d(input, spread(w), 1, pad);
        close(out, tf.add(reference(x, v['a/kernel'] as tf.Tensor4D), v['a/bias']));
        close(out, tf.add(tf.conv2d(x, v['a/kernel'] as tf.Tensor4D, 1, pad, 'NHWC', 2), v['a/bias'])); // tfjs's forward-only dilation
        const dy = tf.randomNormal(out.shape, 0, 1, 'float32', 7);
        const [dx, dw] = gradients(reference, x, v['a/kernel'] as tf.Tensor4D, 7);
        const got = tf.grads((a: tf.Tensor) => tf.sum(tf.mul(run(a as tf.Tensor4D), dy)))([x]);
        const { grads } = tf.variableGrads(() => tf.sum(tf.mul(run(x), dy)) as tf.Scalar, [v['a/kernel']]);
        close(got[0], dx);
        close(grads[v['a/kernel'].name], dw);
      });
      out.dispose();
    });
  });

  it('avgPool counts padded cells as zeros; globalAvgPool is the map mean; relu6 clips at 0 and 6', async () => {
    const layers: LayerSpec[] = [
      { kind: 'avgPool', name: 'p', kernel: 2, stride: 2, padding: [0, 1] },
      { kind: 'relu6', name: 'r6', tap: 'p' },
      { kind: 'globalAvgPool', name: 'gap', tap: 'gap' },
    ];
    const backbone = buildLayerBackbone({ name: 'pools', inputSize: 3, layers });
    try {
      // One image, one distinct value per pixel and channel: channel c holds 4·(3r + col) + c.
      const values = Array.from({ length: 27 }, (_, i) => 4 * Math.floor(i / 3) + (i % 3));
      const x = tf.tensor4d(values, [1, 3, 3, 3]);
      const { p, gap } = await expectNoLeaks(() => backbone.forwardFeatures(x));
      // Channel 0 is 0 4 8 / 12 16 20 / 24 28 32; windows [0,4,12,16] 8, [8,pad,20,pad] 7, [24,28,pad,pad] 13, [32,0,0,0] 8
      const pooled = [8, 7, 13, 8];
      expect(Array.from(p.dataSync()).filter((_, i) => i % 3 === 0)).toEqual(pooled.map((v) => Math.min(v, 6)));
      expect(gap.shape).toEqual([1, 1, 1, 3]);
      expect(gap.dataSync()[0]).toBeCloseTo(6, 6);
      expect(backbone.featureInfo.map((f) => [f.name, f.spatialSize[0], f.stride, f.receptiveField.size])).toEqual([['p', 2, 2, 2], ['gap', 1, 4, 4]]);
      tf.dispose([x, p, gap]);
    } finally {
      backbone.dispose();
    }
    const relu6 = buildLayerBackbone({ name: 'relu6', inputSize: 2, layers: [{ kind: 'relu6', name: 'r6', tap: 'r6' }] });
    try {
      const x = tf.tile(tf.tensor4d([-1, 3, 7, 5], [1, 2, 2, 1]), [1, 1, 1, 3]);
      const [y, grad] = tf.tidy(() => [relu6.forwardFeatures(x).r6, tf.grad((a: tf.Tensor) => tf.sum(relu6.forwardFeatures(a as tf.Tensor4D).r6))(x)]);
      expect(Array.from(y.dataSync()).filter((_, i) => i % 3 === 0)).toEqual([0, 3, 6, 5]);
      expect(Array.from(grad.dataSync()).filter((_, i) => i % 3 === 0)).toEqual([0, 1, 0, 1]); // only between 0 and 6
      tf.dispose([x, y, grad]);
    } finally {
      relu6.dispose();
    }
  });

  it('concat joins its branches along channels (an empty branch passes the input), and each branch trains', async () => {
    const layers: LayerSpec[] = [
      {
        kind: 'concat',
        name: 'fire',
        tap: 'fire',
        branches: [
          [{ kind: 'conv', name: 'b1', filters: 2, kernel: 1 }],
          [{ kind: 'conv', name: 'b3', filters: 4, kernel: 3, padding: 1 }, { kind: 'relu', name: 'b3r' }],
          [],
        ],
      },
    ];
    await withBackbone(layers, 6, async (run, x, v) => {
      const out = await expectNoLeaks(() => run(x));
      expect(out.shape).toEqual([2, 6, 6, 9]);
      tf.tidy(() => {
        const b1 = tf.add(tf.conv2d(x, v['b1/kernel'] as tf.Tensor4D, 1, 'valid'), v['b1/bias']);
        const b3 = tf.relu(tf.add(tf.conv2d(x, v['b3/kernel'] as tf.Tensor4D, 1, 1), v['b3/bias']));
        close(out, tf.concat([b1, b3, x], 3));
        const { grads } = tf.variableGrads(() => tf.sum(run(x)) as tf.Scalar, [v['b1/kernel'], v['b3/kernel']]);
        expect(Object.keys(grads)).toHaveLength(2);
        // Σ over the 1×1 branch's output: dL/dW[0, 0, ci, co] = Σ x[..., ci].
        const perChannel = tf.sum(x, [0, 1, 2]);
        close(tf.reshape(grads[v['b1/kernel'].name], [3, 2]), tf.stack([perChannel, perChannel], 1));
      });
      out.dispose();
    });
  });

  it('width 1/2 halves the conv filters and keeps the depthwise layer depthwise (its channels follow)', async () => {
    const layers: LayerSpec[] = [
      { kind: 'conv', name: 'c1', filters: 8, kernel: 3, stride: 2, padding: 1 },
      { kind: 'depthwiseConv', name: 'dw', kernel: 3, padding: 1, bias: false },
      { kind: 'conv', name: 'pw', filters: 16, kernel: 1, tap: 'pw' },
    ];
    await withBackbone(layers, 8, (run, x, v) => {
      expect([v['c1/kernel'].shape, v['dw/kernel'].shape, v['pw/kernel'].shape]).toEqual([[3, 3, 3, 4], [3, 3, 4, 1], [1, 1, 4, 8]]);
      expect(v['dw/bias']).toBeUndefined();
      const y = run(x);
      expect(y.shape).toEqual([2, 4, 4, 8]);
      y.dispose();
    }, { width: 0.5 });
  });
});
