import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { FileSample } from '../sample';
import { tempDir } from '../testing/tempDirs';
import { createFileCropLoader } from './fileCropLoader';
import { screenImages } from './screenImages';

const sample = (id: string, imagePath: string): FileSample => ({ id, imagePath, category: 'thing', bbox: { xmin: 0, ymin: 0, xmax: 15, ymax: 11 }, landmarks: {} });

describe('screenImages', () => {
  it('keeps the samples whose crop loads and names each one that does not, with the reason, in input order', async () => {
    const dir = tempDir('icnn-screen-');
    const good = join(dir, 'good.jpg');
    writeFileSync(good, await sharp(Buffer.alloc(16 * 12 * 3, 120), { raw: { width: 16, height: 12, channels: 3 } }).jpeg().toBuffer());
    const full = await sharp(good).toBuffer();
    const truncated = join(dir, 'truncated.jpg');
    writeFileSync(truncated, full.subarray(0, Math.floor(full.length / 2)));
    const text = join(dir, 'text.jpg');
    writeFileSync(text, 'not an image');
    const missing = join(dir, 'missing.jpg');
    const samples = [sample('a', good), sample('b', truncated), sample('c', good), sample('d', text), sample('e', missing)];
    const loader = createFileCropLoader({ size: { width: 8, height: 8 }, skipBad: true });
    const { samples: kept, skipped } = await screenImages(samples, loader);
    expect(kept.map((s) => s.id)).toEqual(['a', 'c']);
    expect(skipped.map((s) => s.file)).toEqual([truncated, text, missing]);
    expect(skipped[0].reason).toMatch(new RegExp(`^${truncated}: cannot decode image`));
    expect(skipped[1].reason).toMatch(new RegExp(`^${text}: cannot decode image`));
    expect(skipped[2].reason).toBe(`${missing}: cannot open image (ENOENT)`);
  });
});
