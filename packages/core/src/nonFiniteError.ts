// The error an op throws when its input holds NaN or ±Infinity. In training that means the run has diverged, so
// callers (the epoch runner) tell it apart from other errors — by class, or by its message where only the message
// survived (an error passed back from a worker thread): both are made here, in one place.
const MESSAGE = /'[^']*' contains (NaN|-?Infinity) at flat index \d+/;

export class NonFiniteError extends RangeError {
  override name = 'NonFiniteError';

  constructor(op: string, name: string, value: number, index: number, shape: readonly number[]) {
    super(`${op}: '${name}' contains ${value} at flat index ${index} (shape [${shape}])`);
  }
}

/** Whether `error` is (or, passed on as text, reads as) a NonFiniteError. */
export function isNonFiniteError(error: unknown): boolean {
  return error instanceof NonFiniteError || (error instanceof Error && MESSAGE.test(error.message));
}
