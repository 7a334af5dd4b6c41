// The one tsup configuration shared by every icnn package: ESM + CJS + .d.ts, Node 20 / modern browsers.
// Per-package files pass only what differs (entry points, what to bundle).
import { defineConfig } from 'tsup';

/** @param {import('./index').PackageBuildOptions} [options] */
export function definePackageConfig(options = {}) {
  const { entry = ['src/index.ts'], noExternal = [], platform = 'neutral', external = [], dts = true, formats = ['esm', 'cjs'], esbuildPlugins = [] } = options;
  return defineConfig({
    entry,
    format: formats,
    dts,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    platform,
    splitting: false,
    treeshake: false,
    noExternal,
    external,
    esbuildPlugins,
    // tfjs registers kernels, gradients and chained ops as import side effects; a bundle must keep them.
    esbuildOptions(esbuild) {
      esbuild.ignoreAnnotations = true;
    },
    outExtension({ format }) {
      return { js: format === 'cjs' ? '.cjs' : '.js' };
    },
  });
}
