// Forward and training-step time of every registered backbone on the active backend (run with --backbones): the
// published size at batch 1, and a CPU-scale variant (width 1/4, 112×112) at batch 1. A training step is the
// gradient of the top tap's mean with respect to every trainable variable, plus an SGD update.
import * as tf from '@tensorflow/tfjs-core';
import { createBackbone, listBackbones, type BackboneOptions } from '@icnn/backbone';
import { register as registerAlexnet } from '@icnn/backbone-alexnet';
import { register as registerMobilenet } from '@icnn/backbone-mobilenet';
import { register as registerResnet } from '@icnn/backbone-resnet';
import { register as registerVgg } from '@icnn/backbone-vgg';
import type { BenchContext, BenchResult } from './benchmark';
import { median, timeRuns } from './stats';

export const BACKBONE_VARIANTS: readonly { label: string; options: BackboneOptions }[] = [
  { label: 'full', options: {} },
  { label: 'cpu-scale (width 1/4, 112 px)', options: { width: 1 / 4, inputSize: 112 } },
];

interface Row {
  backbone: string;
  variant: string;
  params: number;
  forwardMs: number;
  stepMs: number;
}

async function measure(name: string, variant: string, options: BackboneOptions, runs: number): Promise<Row> {
  const backbone = createBackbone(name, options);
  const optimizer = tf.train.sgd(1e-4);
  const x = tf.randomNormal([1, ...backbone.inputShape], 0, 1, 'float32', 1) as tf.Tensor4D;
  const top = backbone.featureInfo[backbone.featureInfo.length - 1].name;
  try {
    const forward = await timeRuns(async () => {
      const out = backbone.forwardFeatures(x, { taps: [top] });
      await out[top].data();
      out[top].dispose();
    }, 1, runs);
    const step = await timeRuns(async () => {
      const loss = optimizer.minimize(() => tf.mean(backbone.forwardFeatures(x, { taps: [top], training: true })[top]), true, backbone.trainableVariables());
      await loss!.data();
      loss!.dispose();
    }, 1, runs);
    return { backbone: name, variant, params: backbone.countParams(), forwardMs: median(forward), stepMs: median(step) };
  } finally {
    x.dispose();
    optimizer.dispose();
    backbone.dispose();
  }
}

export async function backboneBench(context: BenchContext): Promise<BenchResult> {
  registerAlexnet();
  registerVgg();
  registerResnet();
  registerMobilenet();
  const rows: Row[] = [];
  for (const { label, options } of BACKBONE_VARIANTS) {
    for (const name of listBackbones()) rows.push(await measure(name, label, options, context.runs));
  }
  const pad = (s: string, n: number) => s.padEnd(n);
  const lines = [
    `backbones, batch 1, median of ${context.runs} (forward to the top tap; training step = forward + backward + SGD):`,
    `  ${pad('backbone', 10)} ${pad('variant', 30)} ${'params'.padStart(11)} ${'forward ms'.padStart(11)} ${'step ms'.padStart(10)}`,
    ...rows.map((r) => `  ${pad(r.backbone, 10)} ${pad(r.variant, 30)} ${r.params.toLocaleString('en-US').padStart(11)} ${r.forwardMs.toFixed(1).padStart(11)} ${r.stepMs.toFixed(1).padStart(10)}`),
  ];
  return { name: 'backbones', lines, json: { rows } };
}
