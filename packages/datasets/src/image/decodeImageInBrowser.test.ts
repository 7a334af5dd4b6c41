// The browser decoder, run in a real browser (headless Chromium through playwright-core) and compared with the Node
// entry's sharp decoding of the same JPEG. Skips, saying why, where no Chromium is installed.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../node/decodeImage';
import { tempDir } from '../testing/tempDirs';
import { decodeImageInBrowser } from './decodeImageInBrowser';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const chromium = existsSync(chromiumPath);

/** A 64×48 JPEG with gradients and a few hard edges. */
async function testJpeg(): Promise<Buffer> {
  const raw = Buffer.alloc(64 * 48 * 3);
  for (let y = 0; y < 48; y++) {
    for (let x = 0; x < 64; x++) {
      const i = (y * 64 + x) * 3;
      raw[i] = x * 4;
      raw[i + 1] = y * 5;
      raw[i + 2] = (x > 20 && x < 40 && y > 10 && y < 30) ? 230 : 40;
    }
  }
  return sharp(raw, { raw: { width: 64, height: 48, channels: 3 } }).jpeg({ quality: 92 }).toBuffer();
}

describe.skipIf(!chromium)(`decodeImageInBrowser in Chromium (${chromium ? chromiumPath : `needs Chromium at ${chromiumPath} or CHROMIUM_PATH`})`, () => {
  type Page = { evaluate<R, A>(f: (a: A) => Promise<R>, a: A): Promise<R>; goto(url: string): Promise<unknown> };
  let browser: { newPage(): Promise<Page>; close(): Promise<void> };
  let page: Page;

  beforeAll(async () => {
    const { chromium: launcher } = await import('playwright-core');
    browser = await launcher.launch({
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    page = await browser.newPage();
  });
  afterAll(async () => browser?.close());

  async function decodeInPage(bytes: Buffer, name: string) {
    return page.evaluate(
      async ([source, base64, fileName]) => {
        const decode = new Function(`return (${source})`)() as (b: Blob, n: string) => Promise<{ width: number; height: number; data: Uint8Array }>;
        const blob = new Blob([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], { type: 'image/jpeg' });
        try {
          const image = await decode(blob, fileName);
          return { width: image.width, height: image.height, data: Array.from(image.data) };
        } catch (error) {
          return { error: (error as Error).message };
        }
      },
      [decodeImageInBrowser.toString(), bytes.toString('base64'), name] as const,
    );
  }

  it("gives the same RGB pixels as sharp's decoding, within JPEG decoders' rounding", async () => {
    const jpeg = await testJpeg();
    const path = join(tempDir('icnn-browser-'), 'gradient.jpg');
    await writeFile(path, jpeg);
    const reference = await decodeImage(path);
    const decoded = (await decodeInPage(jpeg, 'gradient.jpg')) as { width: number; height: number; data: number[] };
    expect([decoded.width, decoded.height]).toEqual([reference.width, reference.height]);
    let total = 0;
    let worst = 0;
    decoded.data.forEach((v, i) => {
      const d = Math.abs(v - reference.data[i]);
      total += d;
      worst = Math.max(worst, d);
    });
    expect(total / decoded.data.length).toBeLessThan(1.5);
    expect(worst).toBeLessThanOrEqual(12);
  });

  it('names the file it cannot decode', async () => {
    const jpeg = await testJpeg();
    const result = (await decodeInPage(jpeg.subarray(0, 40), 'broken.jpg')) as { error?: string };
    expect(result.error).toMatch(/^broken\.jpg: cannot decode image/);
  });
});

describe('decodeImageInBrowser outside a browser', () => {
  it('says what to use in Node', async () => {
    await expect(decodeImageInBrowser(new Blob([]), 'x.jpg')).rejects.toThrow(/x\.jpg: this JavaScript runtime has no createImageBitmap/);
  });
});
