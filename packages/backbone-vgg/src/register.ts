import { registerBackbone, type BackboneDefinition } from '@icnn/backbone';
import { vgg16 } from './vgg16';
import { vggM } from './vggM';
import { vggS } from './vggS';
import { vggSmall } from './vggSmall';

/** This package's backbones: 'vgg-m', 'vgg-s', 'vgg16', and 'vgg-small' (CPU-scale, from scratch). */
export const vggBackbones: readonly BackboneDefinition[] = [vggM, vggS, vgg16, vggSmall];

/** Registers every backbone of this package (idempotent). */
export function register(): void {
  for (const definition of vggBackbones) registerBackbone(definition);
}
