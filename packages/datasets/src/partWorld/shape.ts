// Part shapes in their own unit frame: a point (u, v) with |u|, |v| ≤ 1 is inside or not.

export type ShapeKind = 'ellipse' | 'rectangle' | 'triangle' | 'diamond';

export const SHAPE_KINDS: readonly ShapeKind[] = ['ellipse', 'rectangle', 'triangle', 'diamond'];

/** Whether (u, v) of the unit frame lies inside the shape. The unit-frame centre (0, 0) is inside every kind. */
export function insideShape(kind: ShapeKind, u: number, v: number): boolean {
  switch (kind) {
    case 'ellipse':
      return u * u + v * v <= 1;
    case 'rectangle':
      return Math.abs(u) <= 1 && Math.abs(v) <= 1;
    case 'diamond':
      return Math.abs(u) + Math.abs(v) <= 1;
    case 'triangle':
      // Apex at v = −1, base at v = 1: |u| ≤ (v + 1) / 2.
      return v <= 1 && v >= -1 && Math.abs(u) <= (v + 1) / 2;
  }
}
