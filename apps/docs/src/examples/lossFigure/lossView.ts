// The filter loss of one filter over a batch of synthetic maps, and its parts (SPEC §3.1), from @icnn/core's
// filterLossTerms: Loss = −H(T) + H(T′|X) + Σ_x p(T⁺, x)·H(T⁺|X = x).
import * as tf from '@tensorflow/tfjs-core';
import { filterLossTerms } from '@icnn/core';
import { createTemplates, disposeTemplates } from '@icnn/templates';
import { addBump, seededRandom } from '../maskPlayground/featureMaps';

export interface LossBatchOptions {
  n: number;
  /** Maps in the batch. */
  batch: number;
  /** Share of the maps that show the part (the rest are faint noise: images of other categories). */
  withPart: number;
  /** Peak height of the part's bump. */
  scale: number;
  /** Width of the bump in cells. */
  width: number;
  /** How far (cells, uniform ±) the part moves around the map centre from image to image. */
  jitter: number;
  seed: number;
}

/** The batch of maps, [batch][n·n], and which maps show the part. */
export function lossBatch(options: LossBatchOptions): { maps: Float32Array[]; hasPart: boolean[] } {
  const random = seededRandom(options.seed);
  const { n } = options;
  const centre = (n - 1) / 2;
  const withPart = Math.round(options.withPart * options.batch);
  const maps: Float32Array[] = [];
  const hasPart: boolean[] = [];
  for (let b = 0; b < options.batch; b++) {
    const map = new Float32Array(n * n);
    if (b < withPart) {
      const place = () => Math.min(n - 1, Math.max(0, Math.round(centre + (2 * random() - 1) * options.jitter)));
      addBump(map, n, [place(), place()], options.scale, options.width);
    } else {
      for (let c = 0; c < n * n; c++) map[c] = 0.05 * options.scale * random();
    }
    maps.push(map);
    hasPart.push(b < withPart);
  }
  return { maps, hasPart };
}

export interface LossTermsView {
  loss: number;
  priorEntropy: number;
  interCategoryEntropy: number;
  spatialEntropy: number;
}

/** The terms for maps [batch][n·n] (one filter), with the default templates of size n. */
export async function lossTermsView(maps: readonly ArrayLike<number>[], n: number): Promise<LossTermsView> {
  if (maps.length === 0) throw new RangeError('lossTermsView: maps must hold at least one map');
  maps.forEach((m, b) => {
    if (m.length !== n * n) throw new RangeError(`lossTermsView: maps[${b}] has ${m.length} values, expected n·n = ${n * n}`);
  });
  const templates = createTemplates({ n });
  try {
    const flat = new Float32Array(maps.length * n * n);
    maps.forEach((m, b) => flat.set(Array.from(m), b * n * n));
    const x = tf.tensor4d(flat, [maps.length, n, n, 1]);
    const terms = filterLossTerms(x, templates);
    const [loss, priorEntropy, interCategoryEntropy, spatialEntropy] = await Promise.all(
      [terms.loss, terms.priorEntropy, terms.interCategoryEntropy, terms.spatialEntropy].map(async (t) => (await t.data())[0]),
    );
    tf.dispose([x, terms.loss, terms.priorEntropy, terms.interCategoryEntropy, terms.spatialEntropy]);
    return { loss, priorEntropy, interCategoryEntropy, spatialEntropy };
  } finally {
    disposeTemplates(templates);
  }
}
