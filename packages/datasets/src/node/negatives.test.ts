import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/tempDirs';
import { readJpegSize } from './jpegSize';
import { loadNegatives } from './negatives';

const dir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../shared/data/negatives');
const present = existsSync(join(dir, '00001.JPEG'));

/** A JPEG header: SOI, an APP0 segment, fill bytes, then SOF0 (or SOF2) with the given size; no image data. */
function jpegHeader(width: number, height: number, sof = 0xc0): Uint8Array {
  const app0 = [0xff, 0xe0, 0x00, 0x10, ...new Array(14).fill(0)];
  const sofSegment = [0xff, sof, 0x00, 0x11, 8, height >> 8, height & 255, width >> 8, width & 255, 3, ...new Array(9).fill(0)];
  return Uint8Array.from([0xff, 0xd8, ...app0, 0xff, 0xff, ...sofSegment, 0xff, 0xd9]);
}

function temp(name: string, bytes: Uint8Array): string {
  const path = join(tempDir('icnn-jpeg-'), name);
  writeFileSync(path, bytes);
  return path;
}

describe('readJpegSize', () => {
  it('reads the size from SOF0 and SOF2 headers past other segments and fill bytes', async () => {
    await expect(readJpegSize(temp('a.jpg', jpegHeader(500, 375)))).resolves.toEqual({ width: 500, height: 375 });
    await expect(readJpegSize(temp('b.jpg', jpegHeader(4000, 3, 0xc2)))).resolves.toEqual({ width: 4000, height: 3 });
  });

  it('names the file when it is not a JPEG, truncated, or has no frame header', async () => {
    const png = temp('x.png', Uint8Array.from([0x89, 0x50, 0x4e, 0x47]));
    await expect(readJpegSize(png)).rejects.toThrow(`${png}: not a JPEG`);
    const cut = temp('cut.jpg', jpegHeader(10, 10).subarray(0, 25));
    await expect(readJpegSize(cut)).rejects.toThrow(`${cut}: truncated JPEG header`);
    const none = temp('none.jpg', Uint8Array.from([0xff, 0xd8, 0xff, 0xd9]));
    await expect(readJpegSize(none)).rejects.toThrow(`${none}: no JPEG frame header`);
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
    writeFileSync(join(folder, 'a.jpg'), jpegHeader(40, 30));
    writeFileSync(join(folder, 'b.jpg'), Uint8Array.from([0x89, 0x50, 0x4e, 0x47]));
    writeFileSync(join(folder, 'c.JPEG'), jpegHeader(8, 9));
    const bad = join(folder, 'b.jpg');
    await expect(loadNegatives({ dir: folder })).rejects.toThrow(`${bad}: not a JPEG`);
    const { samples, skipped } = await loadNegatives({ dir: folder, skipBad: true });
    expect(samples.map((s) => [s.id, s.bbox.xmax, s.bbox.ymax])).toEqual([['negative/a', 39, 29], ['negative/c', 7, 8]]);
    expect(skipped).toEqual([{ file: bad, reason: `${bad}: not a JPEG (no start-of-image marker)` }]);
    writeFileSync(join(folder, 'a.jpg'), 'garbage');
    writeFileSync(join(folder, 'c.JPEG'), 'garbage');
    await expect(loadNegatives({ dir: folder, skipBad: true })).rejects.toThrow(`${folder}: every JPEG is unreadable (first: ${join(folder, 'a.jpg')}: not a JPEG`);
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
