// The registrable definition: a name, the contract version it implements, the provider, and a factory.
import { SPECIFICATION_VERSION, type BackboneDefinition } from '@icnn/backbone';
import { createTinyNet, TINYNET_INPUT_SIZE, TINYNET_NAME } from './createTinyNet';
import { PROVIDER } from './provider';

export const tinyNet: BackboneDefinition = {
  specificationVersion: SPECIFICATION_VERSION,
  name: TINYNET_NAME,
  provider: PROVIDER,
  description: `TinyNet: three 3×3 conv + ReLU layers, 2×2 max pools between them, ${TINYNET_INPUT_SIZE}×${TINYNET_INPUT_SIZE} (example plugin)`,
  create: createTinyNet,
};
