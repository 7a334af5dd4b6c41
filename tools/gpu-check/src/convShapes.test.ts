import { initBackend } from '@icnn/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { gradientFlops, vgg16ConvShapes } from './convShapes';
import { FULL_SIZE } from './netSizes';

describe('vgg16ConvShapes', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('lists the 13 backbone convolutions and the new conv of a VGG-16 step, identical shapes once', () => {
    const shapes = vgg16ConvShapes(FULL_SIZE);
    expect(shapes.map((s) => [s.layers, s.count, s.side, s.inChannels, s.outChannels, s.needsInputGradient])).toEqual([
      ['conv1_1', 1, 224, 3, 64, false],
      ['conv1_2', 1, 224, 64, 64, true],
      ['conv2_1', 1, 112, 64, 128, true],
      ['conv2_2', 1, 112, 128, 128, true],
      ['conv3_1', 1, 56, 128, 256, true],
      ['conv3_2, conv3_3', 2, 56, 256, 256, true],
      ['conv4_1', 1, 28, 256, 512, true],
      ['conv4_2, conv4_3', 2, 28, 512, 512, true],
      ['conv5_1, conv5_2, conv5_3, newConv', 4, 14, 512, 512, true],
    ]);
    expect(shapes.reduce((n, s) => n + s.count, 0)).toBe(14);
    expect(shapes.every((s) => s.kernel === 3 && s.stride === 1 && s.pad[1][0] === 1 && s.batch === 32)).toBe(true);
  });

  it('counts a gradient as many FLOPs as the forward convolution', () => {
    const [, conv12] = vgg16ConvShapes(FULL_SIZE);
    // 2 · 32 · 224² · 9 · 64 · 64 ≈ 118.4 GFLOP (the layer whose stock weight gradient took 640 ms).
    expect(gradientFlops(conv12)).toBe(2 * 32 * 224 * 224 * 9 * 64 * 64);
    // The whole backbone forward at batch 1 is VGG-16's 15.4 GFLOP (the new conv excluded).
    const backbone = vgg16ConvShapes({ ...FULL_SIZE, batch: 1 });
    const total = backbone.reduce((sum, s) => sum + gradientFlops(s) * (s.layers.includes('newConv') ? s.count - 1 : s.count), 0);
    expect(total / 1e9).toBeCloseTo(30.7, 1);
  });
});
