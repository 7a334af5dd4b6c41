import { registerBackbone, type BackboneDefinition } from '@icnn/backbone';
import { alexnet } from './alexnet';

/** This package's backbones: 'alexnet'. */
export const alexnetBackbones: readonly BackboneDefinition[] = [alexnet];

/** Registers every backbone of this package (idempotent). */
export function register(): void {
  for (const definition of alexnetBackbones) registerBackbone(definition);
}
