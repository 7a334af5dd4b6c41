import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { OPTION_TABLE } from './optionTable';
import { optionsHelp, parseFlags, resolveOptions, type TrainerOptions } from './options';

describe('trainer options', () => {
  it('reads flags in every form, with defaults for the rest', () => {
    const { options } = resolveOptions(['--epochs', '3', '--input-size=48', '--no-interpretable', '--category', 'fox,bear', '--category', 'sheep', '--json']);
    expect(options.epochs).toBe(3);
    expect(options.inputSize).toBe(48);
    expect(options.interpretable).toBe(false);
    expect(options.category).toEqual(['fox', 'bear', 'sheep']);
    expect(options.json).toBe(true);
    expect(options.variant).toBe('authors');
    expect(options.momentum).toBe(0.9);
    expect(options.weightDecay).toBe(5e-4);
    expect(options.evalSeed).toBe(0);
    expect(options.trainJitter).toBe(false);
  });

  it('takes the shifted evaluation\'s seed and training-box jitter, and names a bad seed', () => {
    const { options } = resolveOptions(['--eval-seed', '7', '--train-jitter']);
    expect(options.evalSeed).toBe(7);
    expect(options.trainJitter).toBe(true);
    expect(resolveOptions(['--no-train-jitter']).options.trainJitter).toBe(false);
    expect(() => resolveOptions(['--eval-seed', '-1'])).toThrow(/option 'evalSeed' \(flag --evalSeed\) must be an integer ≥ 0, got '-1'/);
    expect(() => resolveOptions(['--eval-seed', '1.5'])).toThrow(/option 'evalSeed' .* must be an integer ≥ 0/);
    expect(optionsHelp()).toMatch(/--eval-seed\s+seed of the shifted evaluation's box offsets \(default 0\)/);
    expect(optionsHelp()).toMatch(/--train-jitter\s+jitter training boxes as the shifted evaluation does \(1\.5×, ±25%\), new offsets each epoch \(default false\)/);
  });

  it('takes a config file, flags winning over it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'icnn-config-'));
    const file = join(dir, 'run.json');
    writeFileSync(file, JSON.stringify({ epochs: 7, variant: 'paper', lr: 0.002 }));
    const { options } = resolveOptions(['--config', file, '--lr', '0.005']);
    expect(options.epochs).toBe(7);
    expect(options.variant).toBe('paper');
    expect(options.lr).toBe(0.005);
  });

  it('names the key, the source and what is allowed on a bad config', () => {
    expect(() => resolveOptions(['--variant', 'fancy'])).toThrow(/option 'variant' \(flag --variant\) must be one of 'paper', 'authors', got 'fancy'/);
    expect(() => resolveOptions(['--epochs', '2.5'])).toThrow(/option 'epochs' \(flag --epochs\) must be an integer ≥ 1, got '2.5'/);
    expect(() => resolveOptions(['--lr', '-1'])).toThrow(/option 'lr' .* must be a number > 0/);
    expect(() => resolveOptions(['--epoch', '3'])).toThrow(/unknown option 'epoch' \(flag --epoch\); did you mean 'epochs'/);
    expect(() => resolveOptions(['--batch'])).toThrow(/flag --batch needs a value/);
    expect(() => resolveOptions(['--dataset', 'ilsvrc'])).toThrow(/option 'imagesRoot' is required with dataset 'ilsvrc'/);
    expect(() => resolveOptions(['--resume'])).toThrow(/option 'resume' needs 'out'/);
    expect(() => resolveOptions(['--category', 'alpha,beta', '--category', 'alpha'])).toThrow("option 'category' lists 'alpha' twice");
    const dir = mkdtempSync(join(tmpdir(), 'icnn-config-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{\n  "epochs": 3,\n  "lr": ,\n}');
    expect(() => resolveOptions(["--config", bad])).toThrow(new RegExp(`config file ${bad}(, line 3)?: not valid JSON`));
    const wrongType = join(dir, 'type.json');
    writeFileSync(wrongType, JSON.stringify({ batch: '32' }));
    expect(() => resolveOptions(['--config', wrongType])).toThrow(/option 'batch' \(config file .*type.json\) must be an integer ≥ 1, got '32'/);
    expect(() => resolveOptions(['--config', join(dir, 'missing.json')])).toThrow(/cannot be read/);
  });

  it('takes numbers in plain decimal only: no hex, binary, octal, blanks or trailing junk', () => {
    expect(resolveOptions(['--epochs', '16', '--lr', '.5', '--weight-decay', '1e-4', '--momentum', '0.']).options).toMatchObject({ epochs: 16, lr: 0.5, weightDecay: 1e-4, momentum: 0 });
    for (const bad of ['0x10', '0b11', '0o7', ' 7', '7 ', '1_0', '+', '.', 'e5']) {
      expect(() => resolveOptions(['--epochs', bad])).toThrow(`option 'epochs' (flag --epochs) must be an integer ≥ 1, got '${bad}'`);
    }
    expect(() => resolveOptions(['--lr', '0x1'])).toThrow(/option 'lr' \(flag --lr\) must be a number > 0, got '0x1'/);
  });

  it('reads booleans given a value, camelCase flags, negative numbers, and names a negated non-boolean', () => {
    expect(resolveOptions(['--interpretable=false', '--progress', 'false', '--json', 'true']).options).toMatchObject({ interpretable: false, progress: false, json: true });
    expect(resolveOptions(['--progress', '--epochs', '2']).options).toMatchObject({ progress: true, epochs: 2 });
    expect(resolveOptions(['--inputSize', '48', '--seed=3']).options).toMatchObject({ inputSize: 48, seed: 3 });
    expect(() => resolveOptions(['--lr', '-1'])).toThrow("option 'lr' (flag --lr) must be a number > 0, got '-1'");
    expect(() => resolveOptions(['--no-epochs'])).toThrow(/unknown option 'noEpochs' \(flag --no-epochs\)/);
    expect(() => resolveOptions(['--interpretable=maybe'])).toThrow("option 'interpretable' (flag --interpretable) must be true or false, got 'maybe'");
    expect(() => resolveOptions(['--out', '--json'])).toThrow('flag --out needs a value (a string)');
    expect(() => resolveOptions(['-x'])).toThrow(/unknown option 'x' \(flag -x\)/);
    expect(parseFlags(['--', '--epochs']).positional).toEqual(['--epochs']);
  });

  it('types every option from the table: allowed strings as unions, defaults as always set', () => {
    expectTypeOf<TrainerOptions['backend']>().toEqualTypeOf<'wasm' | 'cpu' | 'tensorflow' | 'webgpu' | 'auto'>();
    expectTypeOf<TrainerOptions['epochs']>().toEqualTypeOf<number>();
    expectTypeOf<TrainerOptions['category']>().toEqualTypeOf<string[] | undefined>();
    expectTypeOf<TrainerOptions['gradient']>().toEqualTypeOf<'exact' | 'paper' | 'authors' | undefined>();
    expectTypeOf<TrainerOptions['interpretable']>().toEqualTypeOf<boolean>();
    expectTypeOf<TrainerOptions['progress']>().toEqualTypeOf<boolean | undefined>();
    const withDefault = Object.entries(OPTION_TABLE).filter(([, spec]) => 'default' in spec).map(([key]) => key);
    expect(Object.keys(resolveOptions([]).options).sort()).toEqual(withDefault.sort());
  });

  it('lists every option in the help, and parseFlags keeps positional words apart', () => {
    expect(optionsHelp()).toMatch(/--images-root/);
    expect(optionsHelp()).toMatch(/--mask-placement .*\[peak\|centre\]/);
    expect(parseFlags(['extra', '--seed', '3']).positional).toEqual(['extra']);
  });
});
