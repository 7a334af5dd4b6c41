// The one reduction of data-parallel training: Σ share × buffer over the workers for one variable's slot, accumulated
// in float32 in worker order. Float addition is not associative, so a fixed order is what makes the same seed and
// the same number of workers give the same weights, whichever worker finishes first.
import type { VariableSlot } from './variableLayout';

/** Into `into` (its first `slot.size` floats) where given — a scratch reused every step — else a new array. */
export function weightedSum(buffers: readonly Float32Array[], shares: readonly number[], slot: VariableSlot, into?: Float32Array): Float32Array {
  if (buffers.length !== shares.length) throw new RangeError(`weightedSum: ${buffers.length} buffers but ${shares.length} shares`);
  if (into !== undefined && into.length < slot.size) throw new RangeError(`weightedSum: 'into' holds ${into.length} floats, '${slot.name}' needs ${slot.size}`);
  const sum = into === undefined ? new Float32Array(slot.size) : into.subarray(0, slot.size);
  const { offset, size } = slot;
  const first = buffers[0];
  const share = shares[0];
  for (let i = 0; i < size; i++) sum[i] = share * first[offset + i];
  for (let index = 1; index < buffers.length; index++) {
    const buffer = buffers[index];
    const weight = shares[index];
    for (let i = 0; i < size; i++) sum[i] += weight * buffer[offset + i];
  }
  return sum;
}
