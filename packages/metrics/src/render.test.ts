import { describe, expect, it } from 'vitest';
import { base64 } from './render/base64';
import { colormap } from './render/colormap';
import { encodePng } from './render/encodePng';
import { heatMapOverlay } from './render/heatMapOverlay';
import { htmlReport } from './render/htmlReport';
import { instabilityChart } from './render/instabilityChart';
import { peakGrid } from './render/peakGrid';
import { createRgbaImage, rgbaFromPixels, type RgbaImage } from './render/rgbaImage';
import { upsampleMap } from './render/upsampleMap';
import { buildFilterRecords } from './filterRecords';
import { decodePng } from './testing/decodePng';

function randomImage(width: number, height: number, opaque: boolean): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  let s = 7;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    data[i] = opaque && i % 4 === 3 ? 255 : s >>> 24;
  }
  return { width, height, data };
}

describe('PNG bytes', () => {
  it('decodes back to the same pixels: RGB when opaque, RGBA otherwise, stored (level 0) or deflated, over 64 KiB', () => {
    for (const [w, h, opaque] of [[1, 1, true], [7, 5, false], [200, 120, true]] as const) {
      const image = randomImage(w, h, opaque);
      for (const png of [encodePng(image), encodePng(image, { level: 0 }), encodePng(image, { alpha: true })]) {
        const got = decodePng(png);
        expect(got.chunks).toEqual(['IHDR', 'IDAT', 'IEND']);
        expect(got.width * 1000 + got.height).toBe(w * 1000 + h);
        expect(Buffer.from(got.rgba).equals(Buffer.from(image.data))).toBe(true);
      }
      expect(decodePng(encodePng(image)).colourType).toBe(opaque ? 2 : 6);
      expect(decodePng(encodePng(image, { alpha: true })).colourType).toBe(6);
    }
  });

  it('compresses: a flat 200×120 image is a few hundred bytes, against 72 KB of pixels stored', () => {
    const flat = createRgbaImage(200, 120, [40, 90, 160, 255]);
    const stored = encodePng(flat, { level: 0 }).length;
    const deflated = encodePng(flat).length;
    expect(stored).toBeGreaterThan(200 * 120 * 3);
    expect(deflated).toBeLessThan(400);
    expect(() => encodePng(flat, { level: 10 })).toThrow("encodePng: 'level' must be an integer from 0 to 9, got 10");
  });

  it('base64 matches the RFC 4648 test vectors, on a view into a larger buffer too', () => {
    const vectors = ['', 'Zg==', 'Zm8=', 'Zm9v', 'Zm9vYg==', 'Zm9vYmE=', 'Zm9vYmFy'];
    vectors.forEach((expected, n) => expect(base64(new TextEncoder().encode('foobar'.slice(0, n)))).toBe(expected));
    expect(base64(new TextEncoder().encode('xxfoobarxx').subarray(2, 8))).toBe('Zm9vYmFy');
  });

  it('names a bad image', () => {
    expect(() => encodePng({ width: 2, height: 2, data: new Uint8ClampedArray(15) })).toThrow(/encodePng: 'image.data' has 15 bytes, expected width·height·4 = 16/);
  });
});

describe('heat maps and grids', () => {
  it('up-samples through the receptive-field geometry: cell centres keep their values, midpoints interpolate, edges hold', () => {
    const map = [0, 1, 2, 3]; // 2×2
    const up = upsampleMap(map, [2, 2], { stride: 8, centre: 4 }, 24, 24);
    expect(up[4 * 24 + 4]).toBe(0);
    expect(up[4 * 24 + 12]).toBe(1);
    expect(up[12 * 24 + 4]).toBe(2);
    expect(up[8 * 24 + 8]).toBeCloseTo(1.5, 6);
    expect(up[0]).toBe(0);
    expect(up[23 * 24 + 23]).toBe(3);
  });

  it('blends the coloured map over the image; the peak cell is the hottest colour', () => {
    const image = createRgbaImage(16, 16, [10, 20, 30, 255]);
    const map = Float32Array.from({ length: 16 }, (_, i) => (i === 5 ? 1 : 0)); // 4×4, peak at (1, 1)
    const geometry = { stride: 4, centre: 1.5 };
    const none = heatMapOverlay({ image, map, mapShape: [4, 4], receptiveField: geometry, alpha: 0 });
    expect(Array.from(none.data.subarray(0, 4))).toEqual([10, 20, 30, 255]);
    const full = heatMapOverlay({ image, map, mapShape: [4, 4], receptiveField: geometry, alpha: 1 });
    // Pixel (5, 5) is cell (1, 1)'s nearest pixel centre (5.5 − 0.5): nearly t = 1.
    const at = (x: number, y: number) => Array.from(full.data.subarray((y * 16 + x) * 4, (y * 16 + x) * 4 + 3));
    expect(at(0, 15)).toEqual(colormap(0));
    const hot = colormap(1);
    expect(Math.abs(at(5, 5)[0] - hot[0]) + Math.abs(at(6, 6)[0] - hot[0])).toBeLessThan(80);
    expect(() => heatMapOverlay({ image, map, mapShape: [3, 4], receptiveField: geometry })).toThrow(/upsampleMap: 'map' has 16 entries, expected 12/);
  });

  it('lays tiles out in rows with the peak marked', () => {
    const tile = rgbaFromPixels(new Float32Array(32 * 32 * 3).fill(0.5), 32, 32, 3);
    const grid = peakGrid({ rows: [[{ image: tile, peak: [16, 16] }, { image: tile, peak: null }], [{ image: tile, peak: [0, 0] }]], tile: 32, gap: 2 });
    expect([grid.width, grid.height]).toEqual([2 + 2 * 34, 2 + 2 * 34]);
    const pixel = (x: number, y: number) => Array.from(grid.data.subarray((y * grid.width + x) * 4, (y * grid.width + x) * 4 + 3));
    expect(pixel(2 + 16, 2 + 16)).toEqual([255, 0, 200]); // marker centre
    expect(pixel(36 + 16, 2 + 16)).toEqual([128, 128, 128]); // no marker
    expect(pixel(36 + 16, 36 + 16)).toEqual([240, 240, 240]); // blank cell
  });
});

describe('chart and report', () => {
  const records = buildFilterRecords({
    instability: { value: 0.1, perFilter: [0.08, 0.12], perFilterLandmark: [[0.08], [0.12]], imagesUsed: [[9], [9]], filterCategory: [-1, -1] },
    meanActivation: [1, 2],
    landmarkNames: ['<head>'],
  });

  it('draws one dot per finite filter value and the references as labelled dashed lines', () => {
    const svg = instabilityChart({
      title: 'A & B',
      series: [
        { name: 'ordinary', perFilter: [0.2, 0.15, NaN], references: { mostFrequent: 0.14, bestPosition: 0.12, random: 0.3 } },
        { name: 'interpretable <x>', perFilter: [0.05, 0.09] },
      ],
    });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<circle [^>]*r="3"/g)).toHaveLength(4);
    expect(svg).toContain('best fixed cell 0.120');
    expect(svg).toContain('A &amp; B');
    expect(svg).toContain('interpretable &lt;x&gt; (2)');
  });

  it('builds one self-contained document with references beside the instability', () => {
    const png = encodePng(createRgbaImage(2, 2));
    const html = htmlReport({
      title: 'Report <1>',
      figures: [{ title: 'chart', svg: instabilityChart({ series: [{ name: 'a', perFilter: [0.1] }] }) }],
      runs: [{ name: 'interpretable', records, instability: 0.1, references: { mostFrequent: 0.11, bestPosition: 0.105, random: 0.2 }, filterFigures: { 1: [{ png, caption: 'top images' }] } }],
    });
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<title>Report &lt;1&gt;</title>');
    expect(html).toMatch(/<td><b>0\.100<\/b><\/td><td class="ref">0\.110<\/td><td class="ref">0\.105<\/td><td class="ref">0\.200<\/td>/);
    expect(html).toContain('&lt;head&gt;');
    expect(html.match(/src="data:image\/png;base64,/g)).toHaveLength(1);
    expect(html).not.toMatch(/(src|href)="(https?:|\/\/)/);
    expect(html).not.toMatch(/<script|<link/);
    expect(() => htmlReport({ title: 't', runs: [], figures: [{ svg: '<img src=x>' }] })).toThrow(/'figures\[0\]\.svg' must be SVG markup/);
  });

  it('shows a run\'s shifted-crop figures in a row under its own, and says what they are', () => {
    const plain = htmlReport({ title: 't', runs: [{ name: 'a', records, instability: 0.1 }] });
    expect(plain).not.toContain('shifted crops');
    const html = htmlReport({
      title: 't',
      runs: [{ name: 'a', records, instability: 0.1, tracking: 0.2, shifted: { instability: 0.3, references: { mostFrequent: 0.31, bestPosition: 0.29, random: 0.4 }, tracking: 0.6 } }],
    });
    expect(html).toMatch(/<td class="l">a<\/td><td><b>0\.100<\/b><\/td>.*<td>0\.200<\/td>.*\n<tr><td class="l">↳ shifted crops<\/td><td><b>0\.300<\/b><\/td><td class="ref">0\.310<\/td><td class="ref">0\.290<\/td><td class="ref">0\.400<\/td><td>0\.600<\/td>/);
    expect(html).toMatch(/Rows "shifted crops": .* moved by a random offset/);
  });
});
