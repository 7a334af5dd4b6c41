// Multi-category training (SPEC §3.3): each masked layer keeps a filter → category EMA, updated after every step from
// the maps entering its mask; the filter losses and β learning of the next step use the assignment. The first step
// has none yet (every filter in one group, as the authors' code does).
import type * as tf from '@tensorflow/tfjs-core';
import { assignedCategories, createCategoryEma, updateCategoryEma, type CategoryEma } from '@icnn/core';
import type { FilterCategories, InterpretableNet, LossPoint, MaskLayer } from '@icnn/model';

export interface CategoryTracker {
  /** The assignment per loss point for the next step (undefined before the first update). */
  filterCategories(): Partial<Record<LossPoint, FilterCategories>> | undefined;
  /** The assignment per masked layer (for β learning). */
  layerCategories(): Partial<Record<MaskLayer, FilterCategories>> | undefined;
  /** Folds one step's mask inputs into the EMAs (reads back asynchronously: safe on GPU backends). */
  update(maskInputs: Partial<Record<MaskLayer, tf.Tensor4D>>, labels: tf.Tensor2D): Promise<void>;
  /** The EMA values per layer (to checkpoint) and their restoration (the assignment with them, as after the last update). */
  state(): Partial<Record<MaskLayer, number[]>>;
  restore(state: Partial<Record<MaskLayer, number[]>>): void;
}

/** A layer's loss points: 'top' sits on the top layer's mask input; 'newConv' and 'afterPool' on the new layer's. */
const LAYER_OF: Readonly<Record<LossPoint, MaskLayer>> = { top: 'top', newConv: 'newConv', afterPool: 'newConv' };

export function createCategoryTracker(net: InterpretableNet): CategoryTracker {
  const channels = net.tap.channels;
  const emas: Partial<Record<MaskLayer, CategoryEma>> = {};
  const assigned: Partial<Record<MaskLayer, Int32Array>> = {};
  for (const layer of ['top', 'newConv'] as const) emas[layer] = createCategoryEma(channels, net.options.classes);
  const ready = () => Object.keys(assigned).length > 0 && Object.values(assigned).every((a) => a!.every((c) => c >= 0));
  return {
    filterCategories() {
      if (!ready()) return undefined;
      const out: Partial<Record<LossPoint, FilterCategories>> = {};
      for (const point of net.options.lossPoints) out[point] = assigned[LAYER_OF[point]]!;
      return out;
    },
    layerCategories() {
      return ready() ? { ...assigned } : undefined;
    },
    async update(maskInputs, labels) {
      for (const [layer, maps] of Object.entries(maskInputs) as [MaskLayer, tf.Tensor4D][]) {
        assigned[layer] = await updateCategoryEma(emas[layer]!, maps, labels);
      }
    },
    state() {
      const out: Partial<Record<MaskLayer, number[]>> = {};
      for (const [layer, ema] of Object.entries(emas) as [MaskLayer, CategoryEma][]) out[layer] = Array.from(ema.values);
      return out;
    },
    restore(state) {
      for (const [layer, values] of Object.entries(state) as [MaskLayer, number[]][]) {
        const ema = emas[layer];
        if (ema === undefined || values.length !== ema.values.length) {
          throw new RangeError(`CategoryTracker.restore: layer '${layer}' needs ${ema?.values.length ?? 0} values, got ${values.length}`);
        }
        // JSON writes NaN as null: a category never seen.
        ema.values.set(values.map((v) => (v === null ? Number.NaN : v)));
        // The next step must use the assignment the last update left, or a resumed run trains differently.
        if (ema.values.some((v) => !Number.isNaN(v))) assigned[layer] = assignedCategories(ema);
      }
    },
  };
}
