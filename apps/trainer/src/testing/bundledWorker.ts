// Worker threads cannot load TypeScript: tests bundle a worker's source (its packages stay imports, resolved from
// the workspace's node_modules above the output folder, i.e. the packages' built dist).
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const parallel = join(dirname(fileURLToPath(import.meta.url)), '../parallel');

/** Bundles src/parallel/<name>.ts and returns the script's path. */
export async function bundledWorker(name: string): Promise<string> {
  const script = join(parallel, `../../node_modules/.cache/icnn-test/${name}.js`);
  mkdirSync(dirname(script), { recursive: true });
  await build({ entryPoints: [join(parallel, `${name}.ts`)], outfile: script, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'error' });
  return script;
}
