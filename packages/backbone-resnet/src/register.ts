import { registerBackbone, type BackboneDefinition } from '@icnn/backbone';
import { resnet18, resnet34, resnet50 } from './resnet';

/** This package's backbones: 'resnet18', 'resnet34', 'resnet50'. */
export const resnetBackbones: readonly BackboneDefinition[] = [resnet18, resnet34, resnet50];

/** Registers every backbone of this package (idempotent). */
export function register(): void {
  for (const definition of resnetBackbones) registerBackbone(definition);
}
