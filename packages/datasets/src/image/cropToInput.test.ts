import { describe, expect, it } from 'vitest';
import { maskContains, maskFromLabels } from '../partMask';
import { partWorld } from '../partWorld/partWorld';
import type { Landmark, RgbImage } from '../sample';
import { cropToInput, landmarksToImage, maskToImageFrame } from './cropToInput';
import { createRandom } from '@icnn/random';

function noise(width: number, height: number, seed: number): RgbImage {
  const random = createRandom(seed);
  return { width, height, data: Uint8Array.from({ length: width * height * 3 }, () => random.int(256)) };
}

describe('cropToInput', () => {
  it('carries landmarks into the input frame and back within 1e-9 (random boxes, sizes and flips)', () => {
    const random = createRandom(4);
    const image = noise(97, 61, 1);
    for (let trial = 0; trial < 200; trial++) {
      const xmin = random.range(-20, 80);
      const ymin = random.range(-20, 50);
      const bbox = { xmin, ymin, xmax: xmin + random.range(25, 80), ymax: ymin + random.range(25, 60) };
      const landmarks: Record<string, Landmark> = { head: [random.range(0, 96), random.range(0, 60)], tail: null };
      const size = [{ width: 224, height: 224 }, { width: 227, height: 227 }, { width: 64, height: 48 }][trial % 3];
      const flip = trial % 2 === 0;
      const crop = cropToInput(image, { id: `t${trial}`, bbox, landmarks }, size, { flip });
      expect(crop.image.width).toBe(size.width);
      expect(crop.landmarks.tail).toBeNull();
      const back = landmarksToImage(crop.landmarks, crop.transform);
      expect(back.tail).toBeNull();
      expect(Math.abs(back.head![0] - landmarks.head![0])).toBeLessThan(1e-9);
      expect(Math.abs(back.head![1] - landmarks.head![1])).toBeLessThan(1e-9);
    }
  });

  it('puts box corners on the input corners and mirrors landmarks with the pixels', () => {
    const image = noise(50, 40, 2);
    const bbox = { xmin: 10, ymin: 5, xmax: 29, ymax: 24 };
    const plain = cropToInput(image, { id: 'a', bbox, landmarks: { p: [10, 5] } }, { width: 20, height: 20 });
    const flipped = cropToInput(image, { id: 'a', bbox, landmarks: { p: [10, 5] } }, { width: 20, height: 20 }, { flip: true });
    // 20×20 box at 20×20: the crop is the pixels themselves.
    expect(plain.landmarks.p).toEqual([0, 0]);
    expect(flipped.landmarks.p).toEqual([19, 0]);
    const at = (img: RgbImage, c: number, r: number) => Array.from(img.data.subarray((r * img.width + c) * 3, (r * img.width + c) * 3 + 3));
    expect(at(plain.image, 0, 0)).toEqual(at(image, 10, 5));
    expect(at(flipped.image, 19, 0)).toEqual(at(image, 10, 5));
    expect(at(flipped.image, 0, 7)).toEqual(at(image, 29, 12));
  });

  it('carries part masks into the input frame (mirrored with flips) and back to the image', () => {
    const [sample] = partWorld({ seed: 3, count: 1, size: 64 }).samples;
    const bbox = { xmin: 8, ymin: 4, xmax: 55, ymax: 59 };
    for (const flip of [false, true]) {
      const crop = cropToInput(sample.image, { ...sample, bbox }, { width: 96, height: 96 }, { flip });
      for (const [name, mask] of Object.entries(sample.partMasks)) {
        const point = sample.landmarks[name];
        const moved = crop.partMasks![name];
        if (point !== null && maskContains(mask, point[0], point[1])) {
          const inCrop = crop.landmarks[name]!;
          // Nearest-neighbour masks: the landmark's pixel stays on the mask, up to one input pixel.
          const near = [-1, 0, 1].some((dx) => [-1, 0, 1].some((dy) => maskContains(moved, inCrop[0] + dx, inCrop[1] + dy)));
          expect(near).toBe(true);
        }
        // Back in the image (2× upsampled then sampled back): the same pixels, inside the box.
        const back = maskToImageFrame(moved, crop.transform, 64, 64);
        for (let y = bbox.ymin; y <= bbox.ymax; y++) {
          for (let x = bbox.xmin; x <= bbox.xmax; x++) expect(maskContains(back, x, y)).toBe(maskContains(mask, x, y));
        }
      }
    }
  });

  it('mirrors a one-pixel mask exactly at scale 1', () => {
    const labels = new Uint8Array(100);
    labels[3 * 10 + 2] = 1;
    const mask = maskFromLabels(labels, 10, 10, 1);
    const crop = cropToInput(noise(10, 10, 5), { id: 'm', bbox: { xmin: 0, ymin: 0, xmax: 9, ymax: 9 }, landmarks: {}, partMasks: { dot: mask } }, { width: 10, height: 10 }, { flip: true });
    expect(crop.partMasks!.dot).toEqual({ x0: 7, y0: 3, width: 1, height: 1, data: Uint8Array.of(1) });
  });

  it('names the input size when it is bad', () => {
    expect(() => cropToInput(noise(4, 4, 1), { id: 'x', bbox: { xmin: 0, ymin: 0, xmax: 3, ymax: 3 }, landmarks: {} }, { width: 0, height: 3 })).toThrow(
      /input size must be positive integers/,
    );
  });
});
