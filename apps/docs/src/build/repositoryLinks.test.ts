import { describe, expect, it } from 'vitest';
import { rewriteRepositoryLinks } from './repositoryLinks.mjs';

describe('rewriteRepositoryLinks', () => {
  it('turns links that leave docs/ into repository paths and keeps the others', () => {
    const text = 'See [`examples/custom-backbone`](../examples/custom-backbone), [the spec](../../shared/SPEC.md) and [tfjs](https://js.tensorflow.org) or [here](./BENCHMARKS.md).';
    expect(rewriteRepositoryLinks(text)).toBe(
      'See `examples/custom-backbone` (in the repository), the spec (repository: `shared/SPEC.md`) and [tfjs](https://js.tensorflow.org) or [here](./BENCHMARKS.md).',
    );
  });
});
