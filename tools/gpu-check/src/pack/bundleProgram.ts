// One self-contained ESM file for a Node program of this repository, for a machine with no node_modules: the
// workspace packages from their sources (as the tests run them, so that one copy of tfjs-core serves everything),
// tfjs from its ESM builds, and only native or optional packages left outside.
import { existsSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';

/** Packages that cannot be bundled (native code, or files found next to them at run time). */
export const NATIVE_PACKAGES = ['webgpu', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', 'sharp', 'h5wasm'];

/** '@icnn/<dir>' → packages/<dir>/src/index.ts, and subpath entries (@icnn/model/node) to their source file. */
function workspaceAliases(root: string): Record<string, string> {
  const aliases: Record<string, string> = {};
  for (const dir of readdirSync(join(root, 'packages'))) {
    const src = join(root, 'packages', dir, 'src');
    if (!existsSync(join(src, 'index.ts'))) continue;
    aliases[`@icnn/${dir}`] = join(src, 'index.ts');
    for (const file of readdirSync(src)) {
      if (/^[\w-]+\.ts$/.test(file) && !file.endsWith('.test.ts') && file !== 'index.ts') aliases[`@icnn/${dir}/${file.slice(0, -3)}`] = join(src, file);
    }
  }
  return aliases;
}

// ESM output: CommonJS code inside the bundle (emscripten glue) still finds require and __dirname.
const BANNER = [
  "import { createRequire as __icnnCreateRequire } from 'node:module';",
  "import { fileURLToPath as __icnnFileURLToPath } from 'node:url';",
  "import { dirname as __icnnDirname } from 'node:path';",
  'const require = __icnnCreateRequire(import.meta.url);',
  'const __filename = __icnnFileURLToPath(import.meta.url);',
  'const __dirname = __icnnDirname(__filename);',
].join('\n');

/** `entry`: a file, or the source of an entry module (resolved from `resolveDir`). */
export async function bundleProgram(options: { root: string; entry: string | { contents: string; resolveDir: string }; outfile: string }): Promise<Metafile> {
  const { entry } = options;
  const result = await build({
    ...(typeof entry === 'string' ? { entryPoints: [entry] } : { stdin: { contents: entry.contents, resolveDir: entry.resolveDir, loader: 'ts', sourcefile: 'entry.ts' } }),
    outfile: options.outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // tfjs's ESM builds (its `main` is a CommonJS bundle that would be a second copy of tfjs-core).
    mainFields: ['module', 'main'],
    // tfjs's `sideEffects` flags would drop its kernel and gradient registrations.
    ignoreAnnotations: true,
    alias: workspaceAliases(options.root),
    external: [...NATIVE_PACKAGES, 'node-fetch'],
    banner: { js: BANNER },
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'error',
  });
  return result.metafile;
}

/** The packages a bundle imports at run time (those left external). */
export function externalPackages(metafile: Metafile): string[] {
  const names = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const imported of output.imports) {
      if (!imported.external || imported.path.startsWith('node:') || !/^[@a-z]/.test(imported.path)) continue;
      const parts = imported.path.split('/');
      const name = imported.path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
      if (!builtinModules.includes(name)) names.add(name);
    }
  }
  return [...names].sort();
}
