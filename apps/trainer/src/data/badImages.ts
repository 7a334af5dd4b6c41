// One rule for the images a run cannot read, wherever they come from (ILSVRC positives, the negatives folder, an
// image folder): each is left out and named on stderr with its reason, the run's figures count it (log.jsonl,
// metrics, the data's description), and the run stops only when more are bad than --max-bad-images allows.
import type { SkippedImage } from '@icnn/datasets/node';
import { ConfigError } from '../config/options';

/** How many of `total` images `maxBadImages` lets a run skip: below 1 a share (rounded down), from 1 a count. */
export function allowedBadImages(maxBadImages: number, total: number): number {
  return maxBadImages < 1 ? Math.floor(maxBadImages * total) : maxBadImages;
}

/** Names every skipped image on stderr; throws a ConfigError when they are more than `maxBadImages` allows. */
export function acceptBadImages(skipped: readonly SkippedImage[], total: number, maxBadImages: number): void {
  for (const { file, reason } of skipped) process.stderr.write(`icnn: skipping ${reason.startsWith(file) ? reason : `${file}: ${reason}`}\n`);
  const allowed = allowedBadImages(maxBadImages, total);
  if (skipped.length > allowed) {
    throw new ConfigError(
      `${skipped.length} of ${total} images cannot be read (named above), more than --max-bad-images ${maxBadImages} allows (${allowed}); ` +
        `replace or remove them, or raise --max-bad-images`,
    );
  }
}

/** The clause a data description gets when images were skipped. */
export function skippedClause(skipped: readonly SkippedImage[]): string {
  return skipped.length > 0 ? `; ${skipped.length} unreadable image${skipped.length === 1 ? '' : 's'} skipped` : '';
}
