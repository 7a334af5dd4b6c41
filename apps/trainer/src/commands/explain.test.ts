import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRgbaImage, encodePng } from '@icnn/metrics/render';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../config/options';
import { tinyOptions } from '../testing/tinyOptions';
import { tinyTrainedRun } from '../testing/tinyTrainedRun';
import { explainCommand } from './explain';

let run: string;
let image: string;

beforeAll(async () => {
  run = await tinyTrainedRun();
  image = join(mkdtempSync(join(tmpdir(), 'icnn-explain-')), 'cat.png');
  writeFileSync(image, encodePng(createRgbaImage(20, 20, [200, 30, 30, 255])));
}, 60_000);

afterEach(() => vi.restoreAllMocks());

/** A copy of the trained run, changed by `edit`. */
function runCopy(edit: (dir: string) => void): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'icnn-run-')), 'run');
  cpSync(run, dir, { recursive: true });
  edit(dir);
  return dir;
}

describe('explain', () => {
  it('without filters.json says which filters it shows and why, rather than silently showing the first ones', async () => {
    const dir = runCopy((d) => rmSync(join(d, 'filters.json')));
    const errors = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(await explainCommand({ ...tinyOptions(['--filters', '3']), checkpoint: dir, image: [image] })).toBe(0);
    const text = errors.mock.calls.map(([chunk]) => String(chunk)).join('');
    expect(text).toContain(`explain: ${join(dir, 'filters.json')} not found (the run stopped before its evaluation): showing filters 0–2 in channel order, not the most part-like`);
  }, 60_000);

  it("a filters.json that is not this run's, or a missing mean.f32, is the user's error naming the file", async () => {
    const foreign = runCopy((d) => writeFileSync(join(d, 'filters.json'), JSON.stringify([{ filter: 9999, instability: 0.1 }])));
    await expect(explainCommand({ ...tinyOptions(), checkpoint: foreign, image: [image] })).rejects.toThrow(`${join(foreign, 'filters.json')}: not this run's filter records`);
    const noMean = runCopy((d) => rmSync(join(d, 'mean.f32')));
    await expect(explainCommand({ ...tinyOptions(), checkpoint: noMean, image: [image] })).rejects.toThrow(ConfigError);
    await expect(explainCommand({ ...tinyOptions(), checkpoint: noMean, image: [image] })).rejects.toThrow(`${join(noMean, 'mean.f32')}: not found`);
  }, 60_000);
});
