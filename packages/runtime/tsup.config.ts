import { definePackageConfig } from '@icnn/build-config';
// @ts-expect-error a plain ES module of the build, without types
import { tfjsCorePublicImports } from './build/tfjsCorePublicImports.mjs';

// tfjs-core's gradient and chained-op registrations exist only as ESM sources with extensionless imports, which
// plain Node cannot load; bundling them here makes them register in Node (ESM and CJS) and in browsers alike. The
// plugin points what they import at the user's @tensorflow/tfjs-core, so no copy of tfjs-core comes along: they
// register into tfjs's global registries, with the user's ops and engine.
export default definePackageConfig({
  noExternal: [/^@tensorflow\/tfjs-core\/dist\//],
  esbuildPlugins: [tfjsCorePublicImports()],
});
