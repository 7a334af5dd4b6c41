import { definePackageConfig } from '@icnn/build-config';

// The CLI (bin `icnn`) and the programmatic entry (trainNetwork, evaluateNetwork, compare) for scripts such as
// tools/gpu-check. Node only.
export default definePackageConfig({ entry: { cli: 'src/cli.ts', index: 'src/index.ts' }, platform: 'node', formats: ['esm'] });
