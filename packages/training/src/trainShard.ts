// A training worker's part of a data-parallel step, whatever thread it runs on: take the coordinating thread's
// current weights from the shared buffer, compute the shard's gradients (stepGradients: no update), write them into
// this worker's gradient buffer and the statistics the forward pass moved (batch norm) into its state buffer, and
// report the shard's figures. Only asynchronous reads, so it runs on any backend.
import * as tf from '@tensorflow/tfjs-core';
import type { InterpretableNet, MaskLayer } from '@icnn/model';
import { batchAccuracy } from './batchAccuracy';
import type { ShardBuffers, ShardRequest, ShardResult } from './shardProtocol';
import { disposeStepResult, stepGradients } from './trainStep';
import { readVariables, type VariableLayout } from './variableLayout';

export type ShardTrainer = (request: ShardRequest) => Promise<ShardResult>;

/** `name` says whose net this is in errors (e.g. 'worker 1'). */
export function createShardTrainer(net: InterpretableNet, layout: VariableLayout, buffers: ShardBuffers, name = 'worker'): ShardTrainer {
  const classes = net.options.classes;
  // Batch-norm running statistics move in the forward pass; the coordinating thread folds them in after each step.
  const moving = layout.slots.filter((slot) => !net.variables[slot.name].trainable);
  const slotOf = new Map(layout.slots.map((slot) => [slot.name, slot]));

  return async (request) => {
    const started = performance.now();
    readVariables(net, layout, buffers.weights);
    const read = performance.now();
    const count = request.shape[0];
    const images = tf.tensor4d(request.images, request.shape);
    const labels = classes === 1 ? tf.tensor1d(request.labels) : tf.tensor2d(request.labels, [count, classes]);
    const result = stepGradients(net, images, labels, {
      epoch: request.epoch,
      filterLossWeight: request.filterLossWeight,
      ...(request.dropoutSeed !== undefined ? { dropoutSeed: request.dropoutSeed } : {}),
      ...(request.filterCategories !== undefined ? { filterCategories: request.filterCategories } : {}),
      ...(request.layerCategories !== undefined ? { layerCategories: request.layerCategories } : {}),
    });
    const accuracy = batchAccuracy(result.logits, labels, net.options.loss);
    // On wasm and cpu (eager) the gradients exist once stepGradients returns; on a GPU backend the work still queued
    // shows up in writeMs, where the reads wait for it.
    const computed = performance.now();
    try {
      buffers.gradients.fill(0);
      const withGradient: string[] = [];
      for (const [variable, gradient] of Object.entries(result.gradients)) {
        const slot = slotOf.get(variable);
        if (slot === undefined) throw new Error(`${name}: a gradient for '${variable}', which is not a variable of the net`);
        buffers.gradients.set(await gradient.data<'float32'>(), slot.offset);
        withGradient.push(variable);
      }
      const moved: string[] = [];
      for (const slot of moving) {
        if (withGradient.includes(slot.name)) continue;
        buffers.state.set(await net.variables[slot.name].data<'float32'>(), slot.offset);
        moved.push(slot.name);
      }
      const maskMaxima: Partial<Record<MaskLayer, Float32Array>> = {};
      for (const [layer, maps] of Object.entries(result.maskInputs) as [MaskLayer, tf.Tensor4D][]) {
        const maxima = tf.max(maps, [1, 2]);
        maskMaxima[layer] = (await maxima.data()) as Float32Array;
        maxima.dispose();
      }
      const [loss, classification, filterLoss, correct, total] = await Promise.all(
        [result.loss, result.classification, result.filterLoss, accuracy.correct, accuracy.total].map(async (t) => (await t.data())[0]),
      );
      const timings = { readMs: read - started, gradientMs: computed - read, writeMs: performance.now() - computed };
      return { type: 'result', loss, classification, filterLoss, correct, total, withGradient, moved, maskMaxima, timings };
    } finally {
      tf.dispose([images, labels, accuracy.correct, accuracy.total, ...Object.values(result.gradients)]);
      disposeStepResult(result);
    }
  };
}
