// Runs an async step over a stream with a bounded number of items in flight, and hands the results back in the
// stream's order — whichever finishes first. The evaluation feeds its forward-pass workers with it: the figures then
// depend only on the order of the data, never on how many workers there are or which one was quicker.

/** `work` over `source`, at most `depth` calls running at once, results in `source`'s order. */
export async function* mapAhead<T, R>(source: AsyncIterable<T> | Iterable<T>, depth: number, work: (item: T) => Promise<R>): AsyncGenerator<R> {
  if (!Number.isInteger(depth) || depth < 1) throw new RangeError(`mapAhead: depth must be an integer ≥ 1, got ${depth}`);
  const iterator = (Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]()) as AsyncIterator<T> | Iterator<T>;
  const ahead: Promise<R>[] = [];
  let done = false;
  const fill = async (): Promise<void> => {
    while (!done && ahead.length < depth) {
      const next = await iterator.next();
      if (next.done === true) {
        done = true;
        break;
      }
      const promise = work(next.value);
      promise.catch(() => undefined); // a failure surfaces when its turn comes, not as an unhandled rejection meanwhile
      ahead.push(promise);
    }
  };
  try {
    await fill();
    while (ahead.length > 0) {
      const result = await ahead.shift()!;
      await fill(); // the next item starts before this one's consumer runs
      yield result;
    }
  } finally {
    // Stopped early (an error, or the consumer left): close the source; calls still running finish unobserved.
    if (!done) await iterator.return?.();
  }
}
