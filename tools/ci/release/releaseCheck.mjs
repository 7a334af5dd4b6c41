#!/usr/bin/env node
// The release as a user and a plugin author get it, checked outside the monorepo (CI runs it after the build):
//   1. a changesets release dry run: the workspace's package.json files, changesets and built packages copied into a
//      throwaway folder, `changeset version` there (the real tree is not touched), every pending changeset consumed,
//      bumped versions with CHANGELOG entries, internal ranges that the bumped siblings satisfy;
//   2. `npm pack` of every published package from that copy (the tarballs a release would upload);
//   3. an empty folder outside the repository: `npm install` of the tarballs (+ tfjs-core, typescript, vitest from
//      the registry, at the root's versions), then the smoke run as ESM and as CJS (the loss, a small net and a
//      gradient step on wasm and cpu; the two formats must give the same figures), sharp's absence named by
//      @icnn/datasets/node, and a typecheck of subpath imports under `moduleResolution: node10`;
//   4. a third-party backbone plugin written in that folder, run through the installed contract kit with vitest.
// `node tools/ci/release/releaseCheck.mjs [--keep]` (--keep leaves the temporary folder and prints its path).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { caretSatisfies, workspacePackageDirs } from '../../lint/publishing.mjs';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const keep = process.argv.includes('--keep');
const work = mkdtempSync(join(tmpdir(), 'icnn-release-'));
const started = Date.now();
const timings = [];

function run(command, args, cwd, options = {}) {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20, ...options });
  } catch (error) {
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
  }
}

function step(name, fn) {
  const t0 = Date.now();
  const result = fn();
  timings.push(`${name} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return result;
}

/** 1. The workspace as changesets sees it, in `${work}/repo`, versioned there; returns the published packages. */
function versionedCopy() {
  const copy = join(work, 'repo');
  mkdirSync(copy);
  for (const file of ['package.json', 'LICENSE']) cpSync(join(repoRoot, file), join(copy, file));
  cpSync(join(repoRoot, '.changeset'), join(copy, '.changeset'), { recursive: true });
  const pending = readdirSync(join(copy, '.changeset')).filter((name) => name.endsWith('.md') && name !== 'README.md');
  const published = [];
  for (const dir of workspacePackageDirs(repoRoot)) {
    const pkg = readJson(join(dir, 'package.json'));
    const target = join(copy, relative(repoRoot, dir));
    mkdirSync(target, { recursive: true });
    const files = pkg.private === true ? ['package.json', 'CHANGELOG.md'] : ['package.json', 'CHANGELOG.md', 'README.md', 'LICENSE', ...(pkg.files ?? [])];
    for (const file of files) if (existsSync(join(dir, file))) cpSync(join(dir, file), join(target, file), { recursive: true });
    if (pkg.private !== true) {
      if (!existsSync(join(dir, 'dist'))) throw new Error(`${pkg.name}: no dist/ (build first: npx nx run-many -t build)`);
      published.push({ name: pkg.name, dir: target, before: pkg.version });
    }
  }
  run(process.execPath, [join(repoRoot, 'node_modules/@changesets/cli/bin.js'), 'version'], copy);

  const problems = [];
  const left = readdirSync(join(copy, '.changeset')).filter((name) => name.endsWith('.md') && name !== 'README.md');
  if (left.length > 0) problems.push(`changeset version left ${left.join(', ')} unconsumed`);
  const versions = new Map(workspacePackageDirs(copy).map((dir) => [readJson(join(dir, 'package.json')).name, readJson(join(dir, 'package.json')).version]));
  for (const entry of published) {
    const pkg = readJson(join(entry.dir, 'package.json'));
    entry.after = pkg.version;
    const changelog = join(entry.dir, 'CHANGELOG.md');
    if (pkg.version !== entry.before && !(existsSync(changelog) && readFileSync(changelog, 'utf8').includes(`## ${pkg.version}`))) {
      problems.push(`${pkg.name}: bumped to ${pkg.version} without a CHANGELOG.md entry '## ${pkg.version}'`);
    }
    for (const field of ['dependencies', 'peerDependencies']) {
      for (const [name, range] of Object.entries(pkg[field] ?? {})) {
        const version = versions.get(name);
        if (version !== undefined && !caretSatisfies(range, version)) problems.push(`${pkg.name}: ${field} '${name}' is ${range}, which the released ${version} does not satisfy`);
      }
    }
  }
  if (pending.length > 0 && published.every((entry) => entry.after === entry.before)) problems.push(`${pending.length} changesets bumped no published package`);
  if (problems.length > 0) throw new Error(`changeset version dry run:\n  ${problems.join('\n  ')}`);
  return { copy, published, pending: pending.length };
}

/** 2. Tarballs of every published package of the versioned copy (one npm call: its start-up is most of the cost). */
function packAll(published, copy) {
  const tarballs = join(work, 'tarballs');
  mkdirSync(tarballs);
  const folders = published.map(({ dir }) => `./${relative(copy, dir).split(sep).join('/')}`);
  const infos = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', tarballs, ...folders], copy));
  return infos.map((info) => ({ name: info.name, file: join(tarballs, info.filename), size: info.size }));
}

/** 3 and 4. The empty folder: install, smoke as ESM and CJS, node10 typecheck, the plugin through the kit. */
function userFolder(packed) {
  const app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), `${JSON.stringify({ name: 'icnn-release-check', private: true, version: '0.0.0' }, null, 2)}\n`);
  cpSync(fixtures, app, { recursive: true });
  const rootDev = readJson(join(repoRoot, 'package.json')).devDependencies;
  const fromRegistry = ['@tensorflow/tfjs-core', 'typescript', 'vitest'].map((name) => `${name}@${rootDev[name]}`);
  step('npm install', () => run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...packed.map((p) => p.file), ...fromRegistry], app));

  const esm = step('smoke ESM', () => run(process.execPath, ['smoke.mjs'], app).trim().split('\n').at(-1));
  const cjs = step('smoke CJS', () => run(process.execPath, ['smoke.cjs'], app).trim().split('\n').at(-1));
  if (esm !== cjs) throw new Error(`ESM and CJS smoke runs differ:\n  ESM ${esm}\n  CJS ${cjs}`);
  const figures = JSON.parse(esm);
  const { wasm, cpu } = figures;
  const close = (a, b) => Math.abs(a - b) <= 1e-4 * Math.max(1, Math.abs(a), Math.abs(b));
  if (!close(wasm.filterLoss, cpu.filterLoss) || wasm.parameters !== cpu.parameters || wasm.steppedKernel !== cpu.steppedKernel || !close(wasm.stepLoss, cpu.stepLoss)) {
    throw new Error(`wasm and cpu disagree: ${JSON.stringify({ wasm, cpu })}`);
  }
  step('typecheck node10', () => run(process.execPath, [join(app, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.node10.json'], app));
  const kit = step('plugin kit (vitest)', () => run(process.execPath, [join(app, 'node_modules/vitest/vitest.mjs'), 'run', '--root', 'plugin', '--reporter=dot'], app));
  const passed = /Tests\s+(\d+) passed/.exec(kit.replace(/\x1b\[[0-9;]*m/g, ''))?.[1];
  return { figures, kitTests: Number(passed) };
}

try {
  const { copy, published, pending } = step('changeset version', versionedCopy);
  const packed = step('npm pack', () => packAll(published, copy));
  const { figures, kitTests } = userFolder(packed);
  console.log(`release check: ${pending} changesets → ${published.map((p) => `${p.name}@${p.after}`).join(', ')}`);
  console.log(`  tarballs: ${packed.map((p) => `${p.name} ${(p.size / 1024).toFixed(0)} KB`).join(', ')}`);
  console.log(`  smoke (ESM = CJS): wasm loss ${figures.wasm.filterLoss.toExponential(4)}, step on '${figures.wasm.steppedKernel}' = −lr·g, trainStep loss ${figures.wasm.stepLoss.toFixed(5)}; cpu agrees`);
  console.log(`  node10 typecheck of subpath imports passed; plugin contract kit: ${kitTests} tests passed`);
  console.log(`  ${timings.join(', ')}; total ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  console.error(`release check FAILED: ${error.message}\n  (${timings.join(', ')})`);
  process.exitCode = 1;
} finally {
  if (keep) console.log(`  kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
