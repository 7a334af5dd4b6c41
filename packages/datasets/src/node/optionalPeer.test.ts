import { describe, expect, it } from 'vitest';
import { importOptionalPeer } from './optionalPeer';
import { loadSharp } from './sharp';

describe('importOptionalPeer', () => {
  it('turns a missing package into an error naming it, what needed it and the install line', async () => {
    const name = 'icnn-no-such-package';
    const attempt = importOptionalPeer(name, 'reading image files', () => import(/* @vite-ignore */ name));
    await expect(attempt).rejects.toThrow(
      `@icnn/datasets/node: reading image files needs the optional peer dependency '${name}', which is not installed; install it with: npm install ${name}`,
    );
  });

  it('passes on a failure inside an installed package unchanged', async () => {
    const failure = new Error('libvips: out of memory');
    await expect(importOptionalPeer('sharp', 'reading image files', () => Promise.reject(failure))).rejects.toBe(failure);
  });

  it('loads sharp (installed here) as the callable that decodes images', async () => {
    const sharp = await loadSharp();
    const png = await sharp({ create: { width: 3, height: 2, channels: 3, background: { r: 10, g: 20, b: 30 } } }).png().toBuffer();
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([3, 2, 3]);
    expect([...data.subarray(0, 3)]).toEqual([10, 20, 30]);
  });
});
