import { definePackageConfig } from '@icnn/build-config';

// One browser-safe entry: the trainer app (Node) and the docs site's live example (browser) share it.
export default definePackageConfig({ entry: ['src/index.ts'] });
