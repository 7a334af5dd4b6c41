import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/tempDirs';
import sharp from 'sharp';
import { readImageSize, readJpegSize } from './imageSize';
import { loadNegatives } from './negatives';

const dir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../shared/data/negatives');
const present = existsSync(join(dir, '00001.JPEG'));

/** A real JPEG (or PNG) of the given size, encoded by sharp. */
function encoded(width: number, height: number, format: 'jpeg' | 'png' = 'jpeg'): Promise<Uint8Array> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 40 } } })[format]().toBuffer();
}

function temp(name: string, bytes: Uint8Array): string {
  const path = join(tempDir('icnn-jpeg-'), name);
  writeFileSync(path, bytes);
  return path;
}

describe('readJpegSize', () => {
  it('reads the size from the header of baseline and progressive JPEGs; readImageSize takes other formats too', async () => {
    await expect(readJpegSize(temp('a.jpg', await encoded(500, 375)))).resolves.toEqual({ width: 500, height: 375 });
    const progressive = await sharp({ create: { width: 4000, height: 3, channels: 3, background: 'white' } }).jpeg({ progressive: true }).toBuffer();
    await expect(readJpegSize(temp('b.jpg', progressive))).resolves.toEqual({ width: 4000, height: 3 });
    await expect(readImageSize(temp('c.png', await encoded(7, 9, 'png')))).resolves.toEqual({ width: 7, height: 9 });
  });

  it('names the file when it is missing, not an image, another format, or cut short', async () => {
    const png = temp('x.jpg', await encoded(4, 4, 'png'));
    await expect(readJpegSize(png)).rejects.toThrow(`${png}: not a JPEG (a png image)`);
    const text = temp('t.jpg', new TextEncoder().encode('not an image'));
    await expect(readJpegSize(text)).rejects.toThrow(`${text}: cannot read image header (Input file contains unsupported image format)`);
    const cut = temp('cut.jpg', (await encoded(10, 10)).subarray(0, 20));
    await expect(readJpegSize(cut)).rejects.toThrow(`${cut}: cannot read image header (Input file has corrupt header: VipsJpeg: premature end of JPEG image)`);
    await expect(readJpegSize(join(tmpdir(), 'icnn-no-such.jpg'))).rejects.toThrow(/icnn-no-such\.jpg: cannot open image \(ENOENT\)/);
  });
});

describe('loadNegatives', () => {
  it('names a missing or empty folder', async () => {
    await expect(loadNegatives({ dir: join(tmpdir(), 'icnn-no-such-dir') })).rejects.toThrow(/icnn-no-such-dir: negatives folder not found/);
    const empty = tempDir('icnn-neg-');
    await expect(loadNegatives({ dir: empty })).rejects.toThrow(/no JPEG images/);
  });

  it('skipBad: a file that is no JPEG is left out and named with its reason, not the end of the load', async () => {
    const folder = tempDir('icnn-neg-');
    writeFileSync(join(folder, 'a.jpg'), await encoded(40, 30));
    writeFileSync(join(folder, 'b.jpg'), await encoded(5, 5, 'png'));
    writeFileSync(join(folder, 'c.JPEG'), await encoded(8, 9));
    const bad = join(folder, 'b.jpg');
    await expect(loadNegatives({ dir: folder })).rejects.toThrow(`${bad}: not a JPEG`);
    const { samples, skipped } = await loadNegatives({ dir: folder, skipBad: true });
    expect(samples.map((s) => [s.id, s.bbox.xmax, s.bbox.ymax])).toEqual([['negative/a', 39, 29], ['negative/c', 7, 8]]);
    expect(skipped).toEqual([{ file: bad, reason: `${bad}: not a JPEG (a png image)` }]);
    writeFileSync(join(folder, 'a.jpg'), 'garbage');
    writeFileSync(join(folder, 'c.JPEG'), 'garbage');
    await expect(loadNegatives({ dir: folder, skipBad: true })).rejects.toThrow(`${folder}: every JPEG is unreadable (first: ${join(folder, 'a.jpg')}: cannot read image header`);
  });

  it.skipIf(!present)(`boxes each of the 1000 real negatives whole (${present ? 'present' : `needs ${dir}`})`, async () => {
    const { samples } = await loadNegatives({ dir });
    expect(samples.length).toBe(1000);
    for (const s of samples) {
      expect(s.category).toBe('negative');
      expect(s.landmarks).toEqual({});
      expect(s.bbox.xmin).toBe(0);
      expect(s.bbox.ymin).toBe(0);
      expect(s.bbox.xmax).toBeGreaterThan(10);
      expect(s.bbox.ymax).toBeGreaterThan(10);
    }
    expect(new Set(samples.map((s) => s.id)).size).toBe(1000);
    // 00001.JPEG is 500×354 (per `file`, an independent header reader).
    expect(samples[0].bbox).toEqual({ xmin: 0, ymin: 0, xmax: 499, ymax: 353 });
  });
});
