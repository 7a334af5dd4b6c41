// Why a run stops when its numbers stop being numbers: the loss became NaN or ±Infinity, or the activations did
// before it (an op's NonFiniteError, e.g. filterLoss checking its input) — too large a learning rate or filter-loss
// weight, said the same way whichever came first.
import { isNonFiniteError } from '@icnn/core';

export class DivergenceError extends Error {
  override name = 'DivergenceError';
}

/** Where: `epoch` (1-based), `batch` (1-based, the one that failed), and its learning rate. */
export interface DivergencePlace {
  epoch: number;
  batch: number;
  learningRate: number;
}

function diverged(what: string, place: DivergencePlace, cause?: unknown): DivergenceError {
  return new DivergenceError(
    `runEpoch: ${what} in epoch ${place.epoch}, batch ${place.batch} (learning rate ${place.learningRate}); lower the learning rate or the filter-loss weight`,
    cause === undefined ? undefined : { cause },
  );
}

/** A DivergenceError when `loss` is not finite, else null. */
export function lossDivergence(loss: number, place: DivergencePlace): DivergenceError | null {
  return Number.isFinite(loss) ? null : diverged(`the loss became ${loss}`, place);
}

/** `error` as a DivergenceError when it is an op's non-finite input (NonFiniteError, or its message), else itself. */
export function asDivergence(error: unknown, place: DivergencePlace): unknown {
  return isNonFiniteError(error) ? diverged(`the activations became non-finite (${(error as Error).message})`, place, error) : error;
}
