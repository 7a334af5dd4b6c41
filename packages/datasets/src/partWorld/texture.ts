// Procedural textures, evaluated at a point of a shape's own frame (so they turn and scale with the object).
import type { Random } from '@icnn/random';

export type TextureKind = 'stripes' | 'checker' | 'dots' | 'rings' | 'solid';

export interface Texture {
  kind: TextureKind;
  /** Two RGB colours (0–255). */
  a: readonly [number, number, number];
  b: readonly [number, number, number];
  /** Period in units of the object radius. */
  period: number;
  /** Direction of stripes (radians). */
  angle: number;
}

const KINDS: readonly TextureKind[] = ['stripes', 'checker', 'dots', 'rings', 'solid'];

function randomColour(random: Random): [number, number, number] {
  return [random.int(256), random.int(256), random.int(256)];
}

/** A random texture; `kindIndex` picks the kind when given (the pool cycles kinds so that all occur). */
export function randomTexture(random: Random, kindIndex?: number): Texture {
  const kind = KINDS[(kindIndex ?? random.int(KINDS.length)) % KINDS.length];
  return {
    kind,
    a: randomColour(random),
    b: randomColour(random),
    period: random.range(0.12, 0.35),
    angle: random.range(0, Math.PI),
  };
}

/** Weight of colour `b` (0 or 1) at point (u, v) of the shape's frame. */
export function textureMix(texture: Texture, u: number, v: number): number {
  const p = texture.period;
  switch (texture.kind) {
    case 'stripes': {
      const s = u * Math.cos(texture.angle) + v * Math.sin(texture.angle);
      return Math.floor(s / p) & 1;
    }
    case 'checker':
      return (Math.floor(u / p) + Math.floor(v / p)) & 1;
    case 'dots': {
      const du = u / p - Math.floor(u / p) - 0.5;
      const dv = v / p - Math.floor(v / p) - 0.5;
      return du * du + dv * dv < 0.09 ? 1 : 0;
    }
    case 'rings':
      return Math.floor(Math.sqrt(u * u + v * v) / p) & 1;
    case 'solid':
      return 0;
  }
}
