import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRgbaImage, encodePng } from '@icnn/metrics/render';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { temporaryOut, tinyOptions } from '../testing/tinyOptions';
import { tinyTrainedRun } from '../testing/tinyTrainedRun';
import { demoCommand } from './demo';
import { explainCommand, pictureNames } from './explain';
import { reportCommand } from './report';

let run: string;

beforeAll(async () => {
  run = await tinyTrainedRun();
}, 60_000);

afterEach(() => vi.restoreAllMocks());

function picture(path: string, colour: [number, number, number, number]): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, encodePng(createRgbaImage(20, 20, colour)));
  return path;
}

describe('commands write only what is theirs', () => {
  it('explain gives two images of one file name two pictures', async () => {
    expect(pictureNames(['a/cat.jpg', 'b/cat.jpg', 'c/cat-2.png', 'dog.png', 'd/cat.jpeg'])).toEqual(['cat.png', 'cat-2.png', 'cat-2-2.png', 'dog.png', 'cat-3.png']);
    const dir = mkdtempSync(join(tmpdir(), 'icnn-explain-'));
    const images = [picture(join(dir, 'a', 'cat.png'), [200, 30, 30, 255]), picture(join(dir, 'b', 'cat.png'), [30, 30, 200, 255])];
    const out = join(dir, 'pictures');
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(await explainCommand({ ...tinyOptions(), checkpoint: run, image: images, out })).toBe(0);
    const written = readdirSync(out).filter((name) => name.endsWith('.png')).sort();
    expect(written).toEqual(['cat-2.png', 'cat.png']);
    expect(readFileSync(join(out, 'cat.png'))).not.toEqual(readFileSync(join(out, 'cat-2.png')));
  }, 60_000);

  it('explain stops on an unreadable image before writing any picture', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'icnn-explain-'));
    const good = picture(join(dir, 'good.png'), [200, 30, 30, 255]);
    const bad = join(dir, 'bad.png');
    writeFileSync(bad, 'not a picture');
    const out = join(dir, 'pictures');
    await expect(explainCommand({ ...tinyOptions(), checkpoint: run, image: [good, bad], out })).rejects.toThrow(`--image ${bad}: cannot decode image`);
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it('report of several runs needs --out rather than replacing the first run\'s report.html', async () => {
    const second = temporaryOut();
    cpSync(run, second, { recursive: true });
    const before = readFileSync(join(run, 'report.html'), 'utf8');
    await expect(reportCommand({ ...tinyOptions(), runs: [run, second] })).rejects.toThrow(`report of 2 runs needs --out <folder> (it would replace the report.html of ${run})`);
    expect(readFileSync(join(run, 'report.html'), 'utf8')).toBe(before);
    const foreign = mkdtempSync(join(tmpdir(), 'icnn-report-'));
    writeFileSync(join(foreign, 'report.html'), 'my report');
    await expect(reportCommand({ ...tinyOptions(), runs: [run, second], out: foreign })).rejects.toThrow(`--out ${foreign}: the folder holds files icnn did not write (report.html)`);
    expect(readFileSync(join(foreign, 'report.html'), 'utf8')).toBe('my report');
  }, 60_000);

  it("demo leaves a folder named like its default output alone when icnn did not write it", async () => {
    const cwd = process.cwd();
    const dir = mkdtempSync(join(tmpdir(), 'icnn-demo-'));
    mkdirSync(join(dir, 'icnn-demo'));
    writeFileSync(join(dir, 'icnn-demo', 'thesis.tex'), 'years of work');
    process.chdir(dir);
    try {
      await expect(demoCommand(tinyOptions(), new Set(), new AbortController().signal)).rejects.toThrow(/--out \(the demo's default\) icnn-demo: the folder holds files icnn did not write \(thesis\.tex\)/);
    } finally {
      process.chdir(cwd);
    }
    expect(readFileSync(join(dir, 'icnn-demo', 'thesis.tex'), 'utf8')).toBe('years of work');
  });
});
