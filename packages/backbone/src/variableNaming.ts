// Naming and seeding of tfjs variables, shared by backbones and the networks built on them.

const INSTANCE_KEY = Symbol.for('@icnn/backbone/instances');

/** A program-wide instance number (on a global, so every copy of this package counts together): tfjs variable
 * names must be unique, and two networks of the same kind must not clash. */
export function nextInstance(): number {
  const holder = globalThis as typeof globalThis & { [INSTANCE_KEY]?: number };
  holder[INSTANCE_KEY] = (holder[INSTANCE_KEY] ?? 0) + 1;
  return holder[INSTANCE_KEY];
}

/** 32-bit FNV-1a of a string: a seed per variable name, so one variable's values do not depend on the others. */
export function seedFor(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
