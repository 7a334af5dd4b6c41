import { registerBackbone } from '@icnn/backbone';
import { tinyNet } from './tinyNet';

/** Registers 'tinynet' (idempotent: registering this package's definition again is a no-op). */
export function register(): void {
  registerBackbone(tinyNet);
}
