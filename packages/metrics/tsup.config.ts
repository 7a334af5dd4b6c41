import { definePackageConfig } from '@icnn/build-config';

// The main entry is pure numbers (no tfjs, no node:); `evaluate` runs a tfjs model over a dataset, `render` draws
// pictures as RGBA arrays, PNG bytes, SVG and HTML strings (browser-safe), `node` writes them to files.
export default definePackageConfig({ entry: ['src/index.ts', 'src/evaluate.ts', 'src/render.ts', 'src/node.ts'] });
