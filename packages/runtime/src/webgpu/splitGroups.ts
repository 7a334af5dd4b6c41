// How many groups to split a long matrix-product reduction into: a divisor of its length (so that a reshape, not a
// copy, makes the groups), the one whose group length is closest to the target on a log scale.

/** The divisor G of `length` for which length / G is closest to `targetInner` (ratio-wise); 1 when length ≤ target. */
export function splitGroups(length: number, targetInner: number): number {
  if (!Number.isInteger(length) || length < 1) throw new RangeError(`splitGroups: 'length' must be a positive integer, got ${length}`);
  if (!(targetInner >= 1)) throw new RangeError(`splitGroups: 'targetInner' must be ≥ 1, got ${targetInner}`);
  if (length <= targetInner) return 1;
  let best = 1;
  let bestDistance = Infinity;
  const consider = (groups: number) => {
    const distance = Math.abs(Math.log(length / groups / targetInner));
    if (distance < bestDistance || (distance === bestDistance && groups < best)) {
      best = groups;
      bestDistance = distance;
    }
  };
  for (let d = 1; d * d <= length; d++) {
    if (length % d !== 0) continue;
    consider(d);
    consider(length / d);
  }
  return best;
}
