export { createRandom, mixSeed } from './random';
export type { Random } from './random';
