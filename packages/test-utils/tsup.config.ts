import { definePackageConfig } from '@icnn/build-config';

// numeric is its own entry so that tests of tensor-free packages can use it without loading tfjs.
export default definePackageConfig({ entry: ['src/index.ts', 'src/numeric.ts'] });
