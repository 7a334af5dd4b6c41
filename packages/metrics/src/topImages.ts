// A streaming top-K: each filter's highest-scoring images seen so far, for the picture of what a filter fires on.
import type { Point } from './types';

export interface TopImage {
  /** Running index of the image in the evaluation (0-based, in batch order). */
  index: number;
  id: string | number;
  /** The filter's max activation on the image. */
  score: number;
  /** The peak cell's receptive-field centre [x, y] in network-input pixels. */
  peak: Point;
  /** The peak cell [row, column]. */
  cell: readonly [number, number];
}

/** Keeps, per filter, the `k` best images (highest score first; ties: earlier image first). */
export class TopImages {
  private readonly lists: TopImage[][];

  constructor(
    filters: number,
    private readonly k: number,
  ) {
    this.lists = Array.from({ length: filters }, () => []);
  }

  /** Offers one image to filter f's list (cheap when it does not qualify). */
  offer(filter: number, entry: TopImage): void {
    const list = this.lists[filter];
    if (this.k === 0) return;
    if (list.length === this.k && !(entry.score > list[list.length - 1].score)) return;
    let at = list.length;
    while (at > 0 && entry.score > list[at - 1].score) at--;
    list.splice(at, 0, entry);
    if (list.length > this.k) list.pop();
  }

  result(): TopImage[][] {
    return this.lists.map((list) => list.slice());
  }
}
