import { definePackageConfig } from '@icnn/build-config';

// The CLI (bin `icnn`) and the programmatic entry (trainNetwork, evaluateNetwork, compare) for scripts such as
// tools/gpu-check; and the training and evaluation workers (--workers) that both start by file name. Node only.
export default definePackageConfig({ entry: { cli: 'src/cli.ts', index: 'src/index.ts', trainWorker: 'src/parallel/trainWorker.ts', forwardWorker: 'src/parallel/forwardWorker.ts' }, platform: 'node', formats: ['esm'] });
