import { definePackageConfig } from '@icnn/build-config';

// tfjs-core's gradient and chained-op registrations exist only as ESM sources with extensionless imports, which
// plain Node cannot load; bundling them here makes them register in Node (ESM and CJS) and in browsers alike.
// They register into tfjs's global registries, so the copy they bring along serves the user's tfjs-core.
export default definePackageConfig({
  noExternal: [/^@tensorflow\/tfjs-core\/dist\//],
});
