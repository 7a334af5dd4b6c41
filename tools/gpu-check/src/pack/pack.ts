// `npm run gpu-check:pack`: everything the GPU machine (no Node, no registry) needs for the check, in one tarball
// under tools/gpu-check/out/ (≤ 64 MiB, what one device call may carry with the working tree):
//   node.xz          this machine's Node binary
//   dawn.node.xz     npm `webgpu`'s Dawn build for linux-x64 (WebGPU over Vulkan)
//   libvulkan1_*.deb Debian's Vulkan loader (the GPU machine has the NVIDIA driver's ICD but no loader)
//   app.tar.xz       check.mjs (the bundled check program), node_modules/webgpu's JS, trainer/ (the icnn CLI,
//                    when apps/trainer is built), manifest.json
// With --data <wnid> it also writes icnn-gpu-data.tar: that ILSVRC Animal-Part category and --negatives N of the
// negative images from ../shared/data, for part (d).
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleProgram, externalPackages } from './bundleProgram';

const MIB = 1024 * 1024;
/** What one device call carries in all (working tree included). */
const CARRY_LIMIT = 64 * MIB;

const { values: args } = parseArgs({
  options: {
    data: { type: 'string' },
    negatives: { type: 'string', default: '200' },
    'data-root': { type: 'string' },
  },
});

const here = dirname(fileURLToPath(import.meta.url)); // tools/gpu-check/dist
const tool = resolve(here, '..');
const root = resolve(tool, '../..');
const out = join(tool, 'out');
const cache = join(out, 'cache');
const stage = join(out, 'stage');
const require = createRequire(join(tool, 'package.json'));

const size = (path: string) => statSync(path).size;
const mib = (bytes: number) => `${(bytes / MIB).toFixed(1)} MiB`;
const run = (command: string, argv: string[], cwd?: string) => execFileSync(command, argv, { cwd, stdio: ['ignore', 'pipe', 'inherit'] }).toString().trim();

/** `xz -9` of a file into the cache, reused while the source's size and mtime are unchanged. */
function cachedXz(source: string, name: string): string {
  const { size: bytes, mtimeMs } = statSync(source);
  const target = join(cache, `${name}-${bytes}-${Math.round(mtimeMs)}.xz`);
  if (!existsSync(target)) {
    console.log(`compressing ${source} (${mib(bytes)}) — once, then cached`);
    writeFileSync(target, execFileSync('xz', ['-9', '-T0', '-c', source], { maxBuffer: 512 * MIB }));
  }
  return target;
}

/** Debian's libvulkan1 for amd64, fetched once with apt-get download. */
function vulkanLoaderDeb(): string {
  const found = () => readdirSync(cache).find((f) => /^libvulkan1_.*_amd64\.deb$/.test(f));
  if (!found()) {
    console.log('fetching libvulkan1 (apt-get download)');
    run('flock', ['/tmp/icnn-apt.lock', 'apt-get', 'download', '-oAPT::Architecture=amd64', 'libvulkan1:amd64'], cache);
  }
  const deb = found();
  if (!deb) throw new Error('apt-get download libvulkan1 produced no .deb');
  return join(cache, deb);
}

/** A package's folder and its dependencies' (as installed here), for packages a bundle leaves outside. */
function copyPackageClosure(name: string, into: string, seen = new Set<string>()): void {
  if (seen.has(name)) return;
  seen.add(name);
  // Looked up folder by folder: many packages do not export their package.json.
  const folder = (require.resolve.paths(name) ?? []).map((dir) => join(dir, name)).find((dir) => existsSync(join(dir, 'package.json')));
  if (folder === undefined) return; // an optional dependency not installed here (another platform's binary)
  const source = folder;
  const manifest = join(folder, 'package.json');
  cpSync(source, join(into, 'node_modules', name), { recursive: true, dereference: true, filter: (p) => !/[/\\]node_modules([/\\]|$)/.test(p.slice(source.length)) });
  const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
  for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) copyPackageClosure(dep, into, seen);
}

/** The trainer CLI (apps/trainer's bin), bundled like the check, when it has been built. */
async function stageTrainer(): Promise<string | undefined> {
  const app = join(root, 'apps', 'trainer');
  if (!existsSync(join(app, 'package.json')) || !existsSync(join(app, 'dist'))) return undefined;
  const pkg = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as { bin?: string | Record<string, string> };
  const bin = typeof pkg.bin === 'string' ? pkg.bin : Object.values(pkg.bin ?? {})[0];
  if (!bin) return undefined;
  const dir = join(stage, 'app', 'trainer');
  // The CLI calls initBackend('webgpu') without loaders: provide them first, so that tfjs-webgpu is bundled too.
  const entry = [
    "import { provideWebgpuModules } from '@icnn/runtime';",
    "provideWebgpuModules({ backend: () => import('@tensorflow/tfjs-backend-webgpu'), dawn: () => import('webgpu') });",
    `await import(${JSON.stringify(join(app, bin))});`,
  ].join('\n');
  const metafile = await bundleProgram({ root, entry: { contents: entry, resolveDir: tool }, outfile: join(dir, 'icnn.mjs') });
  // The wasm backend (the CLI's default) finds its binaries next to the script that loads it.
  const wasmDist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  for (const file of readdirSync(join(wasmDist, 'dist')).filter((f) => f.endsWith('.wasm'))) copyFileSync(join(wasmDist, 'dist', file), join(dir, file));
  // webgpu sits next to check.mjs, where the trainer finds it too; native packages go with the trainer.
  for (const name of externalPackages(metafile).filter((n) => n !== 'webgpu' && n !== 'node-fetch')) copyPackageClosure(name, dir);
  return `apps/trainer (${bin}), external: ${externalPackages(metafile).join(', ') || 'none'}`;
}

/** What a device call sends besides the carried files: tracked and untracked, not ignored, files. */
function workingTreeBytes(): number {
  const files = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], root).split('\0').filter((f) => f);
  return files.reduce((sum, f) => sum + (existsSync(join(root, f)) ? size(join(root, f)) : 0), 0);
}

function dataTarball(wnid: string, negatives: number): string {
  const dataRoot = resolve(args['data-root'] ?? join(root, '..', 'shared', 'data'));
  const images = join('ilsvrc-animal-part', 'images', `${wnid}_obj`);
  const parts = join('ilsvrc-animal-part', 'parts', wnid);
  for (const p of [images, parts, 'negatives']) if (!existsSync(join(dataRoot, p))) throw new Error(`--data ${wnid}: ${join(dataRoot, p)} not found`);
  const chosen = readdirSync(join(dataRoot, 'negatives')).sort().slice(0, negatives).map((f) => join('negatives', f));
  const target = join(out, 'icnn-gpu-data.tar');
  const list = join(out, 'data-files.txt');
  writeFileSync(list, [images, parts, ...chosen].join('\n'));
  run('tar', ['-cf', target, '-C', dataRoot, '-T', list]);
  rmSync(list);
  return target;
}

async function main(): Promise<void> {
  mkdirSync(cache, { recursive: true });
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(join(stage, 'app'), { recursive: true });

  console.log('bundling the check program');
  const metafile = await bundleProgram({ root, entry: join(tool, 'src', 'check.ts'), outfile: join(stage, 'app', 'check.mjs') });
  // node-fetch: tfjs-core's Node fetch, never reached by the check.
  const unexpected = externalPackages(metafile).filter((n) => n !== 'webgpu' && n !== 'node-fetch');
  if (unexpected.length > 0) throw new Error(`check.mjs imports packages it does not carry: ${unexpected.join(', ')}`);

  const webgpu = dirname(require.resolve('webgpu/package.json'));
  const webgpuVersion = (JSON.parse(readFileSync(join(webgpu, 'package.json'), 'utf8')) as { version: string }).version;
  const webgpuTarget = join(stage, 'app', 'node_modules', 'webgpu');
  mkdirSync(join(webgpuTarget, 'dist', 'linux-x64'), { recursive: true });
  for (const file of ['package.json', 'index.js', 'LICENSE.md']) copyFileSync(join(webgpu, file), join(webgpuTarget, file));

  const trainer = await stageTrainer();
  const commit = (() => {
    try {
      return run('git', ['rev-parse', '--short', 'HEAD'], root);
    } catch {
      return 'unknown';
    }
  })();
  const node = cachedXz(process.execPath, `node-${process.version}`);
  const dawn = cachedXz(join(webgpu, 'dist', 'linux-x64', 'dawn.node'), `dawn-${webgpuVersion}`);
  const vulkan = vulkanLoaderDeb();
  writeFileSync(
    join(stage, 'app', 'manifest.json'),
    `${JSON.stringify({ packed: new Date().toISOString(), commit, node: process.version, webgpu: webgpuVersion, vulkanLoader: vulkan.split('/').pop(), trainer: trainer ?? null }, null, 2)}\n`,
  );
  run('tar', ['-cJf', join(stage, 'app.tar.xz'), '-C', join(stage, 'app'), '.']);
  copyFileSync(node, join(stage, 'node.xz'));
  copyFileSync(dawn, join(stage, 'dawn.node.xz'));
  copyFileSync(vulkan, join(stage, vulkan.split('/').pop()!));
  rmSync(join(stage, 'app'), { recursive: true });

  const tarball = join(out, 'icnn-gpu-check.tar');
  run('tar', ['-cf', tarball, '-C', stage, '.']);
  rmSync(stage, { recursive: true });
  let total = size(tarball);
  console.log(`\n${tarball}: ${mib(total)} (${size(tarball)} bytes)`);
  console.log(`  trainer: ${trainer ?? 'not included (apps/trainer/dist not built): part (d) will be skipped'}`);
  if (args.data) {
    const data = dataTarball(args.data, Number(args.negatives));
    total += size(data);
    console.log(`${data}: ${mib(size(data))}`);
  }
  total += workingTreeBytes();
  console.log(`with the working tree: ${mib(total)} of the ${mib(CARRY_LIMIT)} one device call takes`);
  if (total > CARRY_LIMIT) throw new Error(`too large to carry: ${mib(total)} > ${mib(CARRY_LIMIT)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
