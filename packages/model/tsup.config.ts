import { definePackageConfig } from '@icnn/build-config';

// Two entries: the browser-safe main one, and `node` (the file-system checkpoint handler) that browsers never load.
export default definePackageConfig({ entry: ['src/index.ts', 'src/node.ts'] });
