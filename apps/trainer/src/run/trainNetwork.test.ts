import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { InterpretableNet } from '@icnn/model';
import { initBackend } from '@icnn/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareData, type PreparedData } from '../data/prepareData';
import { temporaryOut, tinyOptions } from '../testing/tinyOptions';
import { loadRun } from './loadRun';
import { readRunState } from './runCheckpoint';
import type { RunMetrics } from '../evaluate/evaluateNetwork';
import { trainNetwork, type EpochSummary, type TrainResult } from './trainNetwork';

function weightsOf(net: InterpretableNet): Record<string, number[]> {
  return Object.fromEntries(Object.entries(net.variables).map(([name, v]) => [name, Array.from(v.dataSync())]));
}

describe('trainNetwork', () => {
  it('writes the log, an atomic checkpoint per epoch and the metrics; the same seed gives the same numbers', async () => {
    await initBackend('cpu');
    const out = temporaryOut();
    const tensors = tf.memory().numTensors;
    const a = await trainNetwork({ ...tinyOptions(), out }, { verbose: false });
    const b = await trainNetwork(tinyOptions(), { verbose: false });
    expect(a.epochs.map((e) => e.loss)).toEqual(b.epochs.map((e) => e.loss));
    expect(a.metrics!.locationInstability).toBe(b.metrics!.locationInstability);
    expect(weightsOf(a.net)).toEqual(weightsOf(b.net));
    const log = readFileSync(join(out, 'log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string });
    expect(log.map((l) => l.event)).toEqual(['start', 'epoch', 'epoch', 'evaluation']);
    expect(readRunState(out)).toMatchObject({ epochsDone: 2, batchesDone: 0 });
    expect(existsSync(join(out, 'checkpoint.next'))).toBe(false);
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as RunMetrics;
    expect(metrics.locationInstability).toBeGreaterThan(0);
    expect(metrics.accuracy).toBeGreaterThanOrEqual(0);
    // The shifted protocol's figures sit beside the paper's, in metrics.json and in the log's evaluation.
    expect(metrics.shifted).toEqual(a.metrics!.shifted);
    expect(metrics.shifted.locationInstability).toBeGreaterThan(0);
    expect(metrics.shifted.locationInstability).toBeLessThanOrEqual(1);
    expect(metrics.shifted.references!.bestPosition).toBeGreaterThan(0);
    expect(metrics.shifted.partTracking).toBeGreaterThanOrEqual(0);
    expect(metrics.shifted.partTracking).toBeLessThanOrEqual(1);
    expect((log[3] as unknown as RunMetrics).shifted).toEqual(metrics.shifted);
    expect(b.metrics!.shifted).toEqual(a.metrics!.shifted);
    // eval / explain / report read the net back from the checkpoint, past the optimiser's velocities stored with it
    const loaded = await loadRun(out);
    expect(weightsOf(loaded.net)).toEqual(weightsOf(a.net));
    loaded.net.dispose();
    a.net.dispose();
    b.net.dispose();
    expect(tf.memory().numTensors).toBe(tensors);
  }, 120_000);

  it('an interrupted run saves where it stopped and --resume continues exactly (same weights as uninterrupted)', async () => {
    await initBackend('cpu');
    const straight = await trainNetwork(tinyOptions(), { verbose: false });
    const out = temporaryOut();
    const controller = new AbortController();
    const first = await trainNetwork({ ...tinyOptions(), out }, { verbose: false, signal: controller.signal, onBatch: (epoch, batch) => epoch === 1 && batch === 2 && controller.abort() });
    expect(first.interrupted).toBe(true);
    expect(readRunState(out)).toMatchObject({ epochsDone: 0, batchesDone: 2 });
    first.net.dispose();
    await expect(trainNetwork({ ...tinyOptions(), out }, { verbose: false })).rejects.toThrow(/already holds a run: pass --resume/);
    await expect(trainNetwork({ ...tinyOptions(['--lr', '0.5']), out, resume: true }, { verbose: false })).rejects.toThrow(/--resume: option 'lr' is 0.5 but the checkpoint was trained with 0.01/);
    await expect(trainNetwork({ ...tinyOptions(['--train-jitter']), out, resume: true }, { verbose: false })).rejects.toThrow(/--resume: option 'trainJitter' is true but the checkpoint was trained with false/);
    // The evaluation seed only moves the shifted figures: it may change on --resume.
    const resumed = await trainNetwork({ ...tinyOptions(['--eval-seed', '3']), out, resume: true }, { verbose: false });
    expect(resumed.interrupted).toBe(false);
    expect(weightsOf(resumed.net)).toEqual(weightsOf(straight.net));
    expect(resumed.metrics!.locationInstability).toBe(straight.metrics!.locationInstability);
    expect(resumed.metrics!.shifted.locationInstability).not.toBe(straight.metrics!.shifted.locationInstability);
    straight.net.dispose();
    resumed.net.dispose();
  }, 120_000);

  it.each([
    ['multi-category softmax, authors', ['--category', 'alpha,beta', '--loss', 'softmax', '--epochs', '1']],
    ['multi-category logistic, paper', ['--category', 'alpha,beta,gamma', '--variant', 'paper', '--epochs', '1']],
    ['single category, paper, ordinary control', ['--variant', 'paper', '--no-interpretable', '--epochs', '1']],
    ['single category, training boxes jittered', ['--train-jitter', '--epochs', '1']],
  ])('%s: trains, evaluates, and frees its tensors', async (_, flags) => {
    await initBackend('cpu');
    const tensors = tf.memory().numTensors;
    const result = await trainNetwork(tinyOptions(flags), { verbose: false });
    expect(result.epochs).toHaveLength(1);
    expect(Number.isFinite(result.epochs[0].loss)).toBe(true);
    expect(result.metrics!.evaluationImages).toBeGreaterThan(0);
    expect(result.metrics!.accuracy).toBeGreaterThanOrEqual(0);
    // PartWorld carries part masks: part interpretability is measured (a share of images, in [0, 1]).
    expect(result.metrics!.partInterpretability).toBeGreaterThanOrEqual(0);
    expect(result.metrics!.partInterpretability).toBeLessThanOrEqual(1);
    expect(result.metrics!.shifted.locationInstability).toBeGreaterThan(0);
    expect(result.metrics!.shifted.references).not.toBeNull();
    result.net.dispose();
    expect(tf.memory().numTensors).toBe(tensors);
  }, 120_000);
});

describe('the run history after --resume', () => {
  // Everything but the wall-clock seconds, which differ between any two runs.
  const figures = (epochs: EpochSummary[]) => epochs.map(({ seconds: _, ...rest }) => rest);
  const metricsEpochs = (out: string) => (JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as { epochs: EpochSummary[] }).epochs;
  let data: PreparedData;
  let straight: TrainResult;
  let straightOut: string;
  beforeAll(async () => {
    await initBackend('cpu');
    data = await prepareData(tinyOptions());
    straightOut = temporaryOut();
    straight = await trainNetwork({ ...tinyOptions(), out: straightOut }, { verbose: false, data });
    straight.net.dispose();
    expect(straight.epochs).toHaveLength(2);
  }, 120_000);

  /** Trains in `out` until `stopAt` (epoch, batch) and stops there as Ctrl-C does. */
  const interrupted = async (out: string, stopAt: [number, number]) => {
    const controller = new AbortController();
    const first = await trainNetwork({ ...tinyOptions(), out }, { verbose: false, data, signal: controller.signal, onBatch: (epoch, batch) => epoch === stopAt[0] && batch === stopAt[1] && controller.abort() });
    expect(first.interrupted).toBe(true);
    first.net.dispose();
  };

  it('metrics.json keeps the epochs finished before the resume', async () => {
    const out = temporaryOut();
    await interrupted(out, [2, 1]);
    const resumed = await trainNetwork({ ...tinyOptions(), out, resume: true }, { verbose: false, data });
    resumed.net.dispose();
    expect(figures(resumed.epochs)).toEqual(figures(straight.epochs));
    expect(figures(metricsEpochs(out))).toEqual(figures(straight.epochs));
  }, 120_000);

  it("a resumed epoch's loss and accuracy cover its batches before the interruption too", async () => {
    const out = temporaryOut();
    await interrupted(out, [1, 2]);
    const resumed = await trainNetwork({ ...tinyOptions(), out, resume: true }, { verbose: false, data, evaluateFilters: false });
    resumed.net.dispose();
    expect(figures(resumed.epochs)[0]).toEqual(figures(straight.epochs)[0]);
    expect(resumed.epochs[0].seconds).toBeGreaterThan(0);
  }, 120_000);

  it('resuming a finished run trains nothing and keeps its epochs in metrics.json', async () => {
    const again = await trainNetwork({ ...tinyOptions(), out: straightOut, resume: true }, { verbose: false, data });
    again.net.dispose();
    expect(figures(metricsEpochs(straightOut))).toEqual(figures(straight.epochs));
  }, 120_000);

  it("config.json of a run extended with --resume --epochs says how many epochs it trained", async () => {
    const out = temporaryOut();
    const short = await trainNetwork({ ...tinyOptions(['--epochs', '1']), out }, { verbose: false, data, evaluateFilters: false });
    short.net.dispose();
    const extended = await trainNetwork({ ...tinyOptions(['--epochs', '2']), out, resume: true }, { verbose: false, data, evaluateFilters: false });
    extended.net.dispose();
    // The run's options with the epochs it now trains to; `resume` belongs to the invocation, not the run.
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'))).toMatchObject({ epochs: 2, resume: false });
    expect(extended.epochs.map((e) => e.epoch)).toEqual([1, 2]);
  }, 120_000);
});
