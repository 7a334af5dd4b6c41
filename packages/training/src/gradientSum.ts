// The one reduction of data-parallel training: Σ share × buffer over the workers for one variable's slot, accumulated
// in float32 in worker order. Float addition is not associative, so a fixed order is what makes the same seed and
// the same number of workers give the same weights, whichever worker finishes first.
import type { VariableSlot } from './variableLayout';

export function weightedSum(buffers: readonly Float32Array[], shares: readonly number[], slot: VariableSlot): Float32Array {
  if (buffers.length !== shares.length) throw new RangeError(`weightedSum: ${buffers.length} buffers but ${shares.length} shares`);
  const sum = new Float32Array(slot.size);
  buffers.forEach((buffer, index) => {
    const share = shares[index];
    for (let i = 0; i < slot.size; i++) sum[i] += share * buffer[slot.offset + i];
  });
  return sum;
}
