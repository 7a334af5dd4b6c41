import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@icnn/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { plannedNetworks } from '../commands/plannedNetworks';
import { ConfigError, type TrainerOptions } from '../config/options';
import { temporaryOut, tinyOptions } from '../testing/tinyOptions';
import { checkNetworks } from './checkNetworks';
import { loadRun } from './loadRun';
import { trainNetwork } from './trainNetwork';

/** What the command line checks before any work: every network the command will train. */
const check = (command: string, flags: string[]) => () => checkNetworks(plannedNetworks(command, tinyOptions(flags), new Set()));

beforeAll(() => initBackend('cpu'));

describe('networks checked before any work', () => {
  it('an unknown --backbone or --tap, an input too small, softmax over one class: exit-2 errors naming the options', () => {
    // Dataset roots that do not exist: the network is checked first, without touching them.
    const ilsvrc = ['--dataset', 'ilsvrc', '--images-root', '/no/such/images', '--parts-root', '/no/such/parts', '--category', 'fox', '--negatives', '/no/such/negatives'];
    expect(check('train', [...ilsvrc, '--backbone', 'nope'])).toThrow(ConfigError);
    expect(check('train', [...ilsvrc, '--backbone', 'nope'])).toThrow(/^--backbone nope --input-size 16 --loss logistic \(1 class\): createBackbone: no backbone named "nope" is registered/);
    expect(check('compare', ['--tap', 'nope'])).toThrow(/--backbone vgg-small --tap nope .*'tap' 'nope' is not a tap of 'vgg-small'/);
    expect(check('train', ['--backbone', 'resnet18', '--tap', 'conv5'])).toThrow(/'tap' 'conv5' is not a tap of 'resnet18' \(\[layer1, layer2, layer3, layer4\]\)/);
    expect(check('train', ['--backbone', 'alexnet'])).toThrow(/--backbone alexnet --input-size 16 .*too small/);
    expect(check('train', ['--loss', 'softmax'])).toThrow(/--loss softmax \(1 class\): .*'softmax' needs 'classes' ≥ 2/);
    expect(check('bench', ['--bench', 'vgg-small,nope'])).toThrow(/--backbone nope/);
    expect(check('demo', ['--tap', 'nope'])).toThrow(/'tap' 'nope'/);
    expect(check('train', ['--loss', 'softmax', '--category', 'alpha,beta'])).not.toThrow();
    expect(check('pretrain', ['--backbone', 'resnet18'])).not.toThrow();
    expect(check('eval', ['--backbone', 'nope'])).not.toThrow(); // eval's network comes from the run's config.json
  });

  it('--batch 1 with filter losses is refused with the reason (−MI of one image is 0), not trained silently', () => {
    const reason = /option 'batch' 1: the filter loss is the mutual information over a batch's images, 0 for a single image; use --batch 2 or more/;
    expect(check('train', ['--batch', '1'])).toThrow(reason);
    expect(check('compare', ['--batch', '1', '--no-interpretable'])).toThrow(reason); // compare trains the interpretable net too
    expect(check('train', ['--batch', '1', '--no-filter-losses'])).not.toThrow();
    expect(check('train', ['--batch', '1', '--no-interpretable'])).not.toThrow();
    expect(check('pretrain', ['--batch', '1'])).not.toThrow(); // pretraining is classification only
  });

  it("a run folder whose config.json holds wrong types, or that has no checkpoint (eval, --resume), is the user's error naming it", async () => {
    const out = temporaryOut();
    const run = await trainNetwork({ ...tinyOptions(['--epochs', '1']), out }, { verbose: false });
    run.net.dispose();
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as TrainerOptions;
    const wrong = mkdtempSync(join(tmpdir(), 'icnn-run-'));
    writeFileSync(join(wrong, 'config.json'), JSON.stringify({ ...config, width: 'wide' }));
    await expect(loadRun(wrong)).rejects.toThrow(`option 'width' (${join(wrong, 'config.json')}) must be a number > 0 and ≤ 4, got 'wide'`);
    writeFileSync(join(wrong, 'config.json'), JSON.stringify({ ...config, backbone: 'nope' }));
    await expect(loadRun(wrong)).rejects.toThrow(new RegExp(`^${join(wrong, 'config.json')}: its options build no network \\(createBackbone: no backbone named "nope"`));
    writeFileSync(join(wrong, 'config.json'), '[1, 2]');
    await expect(loadRun(wrong)).rejects.toThrow(`${join(wrong, 'config.json')} must hold one JSON object of options`);
    const bare = mkdtempSync(join(tmpdir(), 'icnn-run-'));
    mkdirSync(join(bare, 'checkpoint'));
    writeFileSync(join(bare, 'config.json'), JSON.stringify(config));
    await expect(loadRun(bare)).rejects.toThrow(ConfigError);
    await expect(loadRun(bare)).rejects.toThrow(`${bare}: no checkpoint to load`);
    const empty = mkdtempSync(join(tmpdir(), 'icnn-run-'));
    await expect(trainNetwork({ ...tinyOptions(), out: empty, resume: true }, { verbose: false })).rejects.toThrow(`--resume: ${empty} holds no checkpoint to continue from`);
  }, 60_000);
});
