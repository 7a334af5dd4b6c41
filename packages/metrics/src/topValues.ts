// A bounded multiset of the k largest numbers seen (a min-heap): the order statistic behind a streaming quantile.

/** Keeps the `capacity` largest values offered (ties kept as separate entries); `min()` is the capacity-th largest. */
export class TopValues {
  private readonly heap: Float64Array;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`TopValues: 'capacity' must be a positive integer, got ${capacity}`);
    this.heap = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** The smallest value kept: once `capacity` values have been offered, the capacity-th largest of all of them. */
  min(): number {
    return this.count === 0 ? NaN : this.heap[0];
  }

  offer(value: number): void {
    const heap = this.heap;
    if (this.count < this.capacity) {
      let at = this.count++;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (heap[parent] <= value) break;
        heap[at] = heap[parent];
        at = parent;
      }
      heap[at] = value;
      return;
    }
    if (!(value > heap[0])) return;
    // Replace the root and sift down.
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= this.count) break;
      const right = left + 1;
      const child = right < this.count && heap[right] < heap[left] ? right : left;
      if (heap[child] >= value) break;
      heap[at] = heap[child];
      at = child;
    }
    heap[at] = value;
  }

  /** Offers `values[start … start + count)`, sorted descending: stops at the first one that can no longer enter. */
  offerDescending(values: ArrayLike<number>, start: number, count: number): void {
    for (let i = 0; i < count; i++) {
      const value = values[start + i];
      if (this.count === this.capacity && !(value > this.heap[0])) return;
      this.offer(value);
    }
  }
}
