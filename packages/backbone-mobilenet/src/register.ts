import { registerBackbone, type BackboneDefinition } from '@icnn/backbone';
import { mobilenetV1 } from './mobilenet';

/** This package's backbones: 'mobilenet-v1'. */
export const mobilenetBackbones: readonly BackboneDefinition[] = [mobilenetV1];

/** Registers every backbone of this package (idempotent). */
export function register(): void {
  for (const definition of mobilenetBackbones) registerBackbone(definition);
}
