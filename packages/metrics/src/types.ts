// Shared shapes of the metrics' inputs.

/** A point in pixels of the network input: [x, y], x along columns (width), y along rows (height). */
export type Point = readonly [number, number];
