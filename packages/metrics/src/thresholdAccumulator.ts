// Streaming exact part-interpretability thresholds (SPEC §6): T_f with p(x > T_f) = 0.005 over all cells of all of
// filter f's maps, in bounded memory. With N cells per filter known up front, T_f is the (a + 1)-th largest cell,
// a = ⌊(1 − q)·N⌋ (as `quantileThreshold`), so a min-heap of the a + 1 largest cells (≈ 0.5 % of them) suffices; per
// batch only each filter's top a + 1 values leave the device (`tf.topk` on [F, B·h·w], `await data()`).
import * as tf from '@tensorflow/tfjs-core';
import { TopValues } from './topValues';
import { describe } from './validate';

export class ThresholdAccumulator {
  private heaps: TopValues[] = [];
  private shape: [number, number, number] | null = null;
  private seen = 0;

  /**
   * @param images N, the number of images the batches will hold in all (fixes the heap size).
   * @param name How errors name N (e.g. `'parts.images'`).
   */
  constructor(
    private readonly fn: string,
    private readonly images: number,
    private readonly quantile: number,
    private readonly name: string,
  ) {}

  /** The cells each heap keeps (a + 1); 0 before the first batch. */
  get capacity(): number {
    return this.heaps[0]?.capacity ?? 0;
  }

  /** Offers one batch of maps [B, h, w, F] (the caller's tensor, not disposed); `at` names the batch in errors. */
  async add(maps: tf.Tensor, at: string): Promise<void> {
    const fn = this.fn;
    if (!(maps instanceof tf.Tensor) || maps.rank !== 4) throw new TypeError(`${fn}: the maps of ${at} must be a Tensor4D [B, h, w, F], got ${describe(maps instanceof tf.Tensor ? maps.shape : maps)}`);
    const [b, h, w, filters] = maps.shape;
    if (this.shape === null) {
      this.shape = [h, w, filters];
      const total = this.images * h * w;
      const above = Math.min(total - 1, Math.floor((1 - this.quantile) * total + 1e-9));
      this.heaps = Array.from({ length: filters }, () => new TopValues(above + 1));
    } else if (this.shape[0] !== h || this.shape[1] !== w || this.shape[2] !== filters) {
      throw new RangeError(`${fn}: the maps of ${at} are [${maps.shape}], expected [B, ${this.shape}] as before`);
    }
    this.seen += b;
    if (this.seen > this.images) throw new RangeError(`${fn}: '${this.name}' is ${this.images}, but the batches hold more images (${this.seen} by ${at})`);
    const k = Math.min(this.capacity, b * h * w);
    const top = tf.tidy(() => tf.topk(tf.transpose(tf.reshape(maps, [b * h * w, filters])), k, true).values);
    let values: ArrayLike<number>;
    try {
      values = await top.data();
    } finally {
      top.dispose();
    }
    for (let f = 0; f < filters; f++) {
      for (let i = 0; i < k; i++) {
        if (!Number.isFinite(values[f * k + i])) throw new RangeError(`${fn}: filter ${f}'s maps on ${at} hold ${values[f * k + i]}; part thresholds need finite numbers`);
      }
      this.heaps[f].offerDescending(values, f * k, k);
    }
  }

  /** T_f per filter; throws when the batches held fewer images than announced. */
  result(): number[] {
    if (this.seen !== this.images) throw new RangeError(`${this.fn}: '${this.name}' is ${this.images}, but the batches held ${this.seen} images`);
    return this.heaps.map((heap) => heap.min());
  }
}
