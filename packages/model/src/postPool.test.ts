import { describe, expect, it } from 'vitest';
import { pooledSize, postPoolFor } from './postPool';

describe('postPoolFor', () => {
  it('gives the paper’s k at full size (SPEC §4)', () => {
    expect(pooledSize(13, postPoolFor('alexnet', 13))).toBe(6);
    expect(pooledSize(13, postPoolFor('vgg-m', 13))).toBe(6);
    expect(pooledSize(17, postPoolFor('vgg-s', 17))).toBe(6);
    expect(pooledSize(14, postPoolFor('vgg16', 14))).toBe(7);
    expect(postPoolFor('vgg-s', 17)).toEqual({ kernel: 3, stride: 3, padding: [0, 1] });
  });
  it('derives a pool for other backbones and small maps', () => {
    expect(pooledSize(14, postPoolFor('resnet50', 14))).toBe(7);
    expect(postPoolFor('alexnet', 2)).toEqual({ kernel: 2, stride: 2 });
    expect(postPoolFor('vgg16', 1)).toEqual({ kernel: 1, stride: 1 });
  });
  it('checks an explicit pool', () => {
    expect(() => postPoolFor('vgg16', 4, { kernel: 5, stride: 1 })).toThrow(/does not fit the 4×4 map/);
    expect(() => postPoolFor('vgg16', 4, { kernel: 0, stride: 1 })).toThrow(/'pool'/);
  });
});
