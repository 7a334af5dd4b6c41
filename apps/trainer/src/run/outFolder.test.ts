import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@icnn/runtime';
import { describe, expect, it } from 'vitest';
import { pretrainCommand } from '../commands/pretrain';
import { compareRuns } from '../compare/compareRuns';
import { temporaryOut, tinyOptions } from '../testing/tinyOptions';
import { checkOutFolder, claimOutFolder, OUT_MARKER } from './outFolder';
import { trainNetwork } from './trainNetwork';

const temp = () => mkdtempSync(join(tmpdir(), 'icnn-out-'));

/** A folder of someone's files that carry the names a run writes. */
function foreignFolder(): string {
  const dir = temp();
  for (const name of ['config.json', 'metrics.json', 'report.html', 'log.jsonl']) writeFileSync(join(dir, name), `mine: ${name}`);
  return dir;
}

/** Name → content of every file directly in `dir`. */
const contents = (dir: string) => Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));

describe('output folders', () => {
  it('accepts a new folder (created and marked only when claimed), an empty one, or its own; refuses the rest, naming it', () => {
    const fresh = join(temp(), 'a', 'b');
    checkOutFolder(fresh);
    expect(existsSync(fresh)).toBe(false);
    claimOutFolder(fresh);
    expect(readdirSync(fresh)).toEqual([OUT_MARKER]);
    writeFileSync(join(fresh, 'report.html'), 'ours');
    expect(() => checkOutFolder(fresh)).not.toThrow();

    const empty = temp();
    claimOutFolder(empty);
    expect(readdirSync(empty)).toEqual([OUT_MARKER]);

    const foreign = foreignFolder();
    expect(() => checkOutFolder(foreign)).toThrow(`--out ${foreign}: the folder holds files icnn did not write (config.json, log.jsonl, metrics.json, report.html)`);
    expect(() => claimOutFolder(foreign)).toThrow(/did not write/);
    expect(existsSync(join(foreign, OUT_MARKER))).toBe(false);

    const file = join(temp(), 'notes.txt');
    writeFileSync(file, 'x');
    expect(() => checkOutFolder(file, '--out')).toThrow(`--out ${file}: is a file, not a folder`);
    expect(() => checkOutFolder(join(file, 'run'))).toThrow(`--out ${join(file, 'run')}: cannot be created, ${file} is a file`);
  });

  it('train, compare and pretrain refuse a folder of foreign files or one holding a file named checkpoint, with nothing written or deleted', async () => {
    await initBackend('cpu');
    const foreign = foreignFolder();
    const before = contents(foreign);
    await expect(trainNetwork({ ...tinyOptions(), out: foreign }, { verbose: false })).rejects.toThrow(`--out ${foreign}: the folder holds files icnn did not write`);
    await expect(compareRuns({ ...tinyOptions(), out: foreign })).rejects.toThrow(`--out ${foreign}: the folder holds files icnn did not write`);
    // Before any data work: the image folder named here does not even exist.
    await expect(pretrainCommand({ ...tinyOptions(), imageFolder: '/no/such/folder', out: foreign }, new AbortController().signal)).rejects.toThrow(`--out ${foreign}: the folder holds files icnn did not write`);
    expect(contents(foreign)).toEqual(before);

    const notes = temp();
    writeFileSync(join(notes, 'checkpoint'), 'my notes');
    await expect(trainNetwork({ ...tinyOptions(['--epochs', '1']), out: notes }, { verbose: false })).rejects.toThrow(/did not write \(checkpoint\)/);
    expect(contents(notes)).toEqual({ checkpoint: 'my notes' });
  }, 60_000);

  it('train writes into an existing empty folder, marks it, and later runs (--resume) find it theirs', async () => {
    await initBackend('cpu');
    const out = temporaryOut();
    mkdirSync(out);
    const first = await trainNetwork({ ...tinyOptions(['--epochs', '1']), out }, { verbose: false });
    first.net.dispose();
    expect(readdirSync(out)).toContain(OUT_MARKER);
    const resumed = await trainNetwork({ ...tinyOptions(['--epochs', '2']), out, resume: true }, { verbose: false });
    expect(resumed.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    resumed.net.dispose();
  }, 60_000);
});
