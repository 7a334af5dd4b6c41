#!/usr/bin/env node
// Publishing lint: what a published package (`"private": true` absent) must carry, and how every package names its
// sibling workspace packages. Run by lint.mjs for each package; `node tools/lint/publishing.mjs` checks them all.
//   - LICENSE: a copy of the root LICENSE in the package folder, listed by `npm pack --dry-run` (npm packs a
//     LICENSE and README.md beside package.json whatever "files" says, but cannot reach ../../LICENSE);
//   - README.md, packed too;
//   - license, repository (the root's URL, with this package's directory), homepage, bugs, engines.node (the root's);
//   - every package: internal dependencies and peers as caret ranges (`^0.1.0`) that the sibling's version
//     satisfies, not exact pins (devDependencies' "*" is fine);
//   - typed subpaths for TypeScript's `moduleResolution: node10`, which reads no "exports": every subpath export
//     ("./node") has a `typesVersions` entry pointing at the same .d.ts as its "import" types;
//   - no dependency that only a Node-only entry (src/node.ts, src/node/) imports: it must be an optional peer, so
//     that browser users are not made to install it (sharp, h5wasm);
//   - no optional peer imported statically by the main entry (loading the package would fail without it): it is
//     loaded on first use, with an error that names the package to install, or only behind a subpath entry;
//   - no copy of a peer dependency in dist/ (when built): esbuild's `// node_modules/<peer>/…` module banners. For
//     tfjs-core only its engine, tensor and op wrapper count: its gradient and chained-op registrations exist only
//     as files that must be bundled (packages/runtime/build/tfjsCorePublicImports.mjs), the rest must not come along.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

/** Folders of the root's workspaces (patterns 'dir/*' or 'dir'), each with a package.json. */
export function workspacePackageDirs(repoRoot) {
  const dirs = [];
  for (const pattern of readJson(join(repoRoot, 'package.json')).workspaces ?? []) {
    if (!pattern.endsWith('/*')) {
      dirs.push(join(repoRoot, pattern));
      continue;
    }
    const parent = join(repoRoot, pattern.slice(0, -2));
    if (!existsSync(parent)) continue;
    for (const entry of readdirSync(parent, { withFileTypes: true })) {
      if (entry.isDirectory()) dirs.push(join(parent, entry.name));
    }
  }
  return dirs.filter((dir) => existsSync(join(dir, 'package.json'))).sort();
}

/** Whether `version` satisfies the caret range `^major.minor.patch` (npm's rule: 0.x pins the minor, 0.0.x the patch). */
export function caretSatisfies(range, version) {
  const parse = (v) => /^(\d+)\.(\d+)\.(\d+)$/.exec(v)?.slice(1).map(Number);
  const low = parse(range.slice(1));
  const v = parse(version);
  if (low === undefined || v === undefined) return false;
  const cmp = v[0] - low[0] || v[1] - low[1] || v[2] - low[2];
  if (cmp < 0) return false;
  const fixed = low[0] > 0 ? 1 : low[1] > 0 ? 2 : 3; // leading parts that must match
  return low.slice(0, fixed).every((part, i) => part === v[i]);
}

/** Files `npm pack` would put in the package's tarball (paths relative to the package folder). */
function packedFiles(packageDir) {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: packageDir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Set(JSON.parse(out)[0].files.map((file) => file.path));
}

/** `typesVersions` problems: each subpath export needs `"*": { "<subpath>": ["<its import types>"] }`. */
function typesVersionsProblems(pkg) {
  const problems = [];
  const mapped = pkg.typesVersions?.['*'] ?? {};
  for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
    if (subpath === '.' || typeof target !== 'object') continue;
    const types = target.import?.types ?? target.types;
    if (types === undefined) continue;
    const key = subpath.slice(2);
    if (JSON.stringify(mapped[key]) !== JSON.stringify([types])) {
      problems.push(`package.json: "typesVersions" must map ${JSON.stringify(key)} to [${JSON.stringify(types)}] (TypeScript's node10 resolution reads no "exports"), got ${JSON.stringify(mapped[key])}`);
    }
  }
  return problems;
}

/** Bare imports of each source file under `src/` (tests left out), as package names. */
function importsBySourceFile(packageDir) {
  const found = new Map();
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|mts|js|mjs)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) {
        const text = readFileSync(path, 'utf8');
        const specs = [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"./][^'"]*)['"]|import\s*\(\s*['"]([^'"./][^'"]*)['"]/gm)]
          .map((m) => m[1] ?? m[2])
          .map((spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]));
        found.set(relative(packageDir, path).split(sep).join('/'), new Set(specs));
      }
    }
  };
  if (existsSync(join(packageDir, 'src'))) walk(join(packageDir, 'src'));
  return found;
}

/** Dependencies that only Node-only files (src/node.ts, src/node/…) import: they belong in optional peers. */
function nodeOnlyDependencyProblems(pkg, packageDir) {
  if (pkg.exports?.['./node'] === undefined) return [];
  const isNodeOnly = (file) => file === 'src/node.ts' || file.startsWith('src/node/');
  const imports = importsBySourceFile(packageDir);
  const problems = [];
  for (const name of Object.keys(pkg.dependencies ?? {})) {
    const importers = [...imports].filter(([, names]) => names.has(name)).map(([file]) => file);
    if (importers.length > 0 && importers.every(isNodeOnly)) {
      problems.push(`package.json: dependency '${name}' is imported only by the Node entry (${importers.join(', ')}); make it an optional peer (peerDependencies + peerDependenciesMeta { optional: true }) loaded on first use, so browser users are not made to install it`);
    }
  }
  return problems;
}

/** Source files the main entry (src/index.ts) loads: its static relative imports, followed (type-only ones left out). */
function mainEntryFiles(packageDir) {
  const seen = new Set();
  const visit = (path) => {
    if (seen.has(path) || !existsSync(path)) return;
    seen.add(path);
    const text = readFileSync(path, 'utf8');
    for (const [, fromSpec, bareSpec] of text.matchAll(/^\s*(?:import|export)\s+(?!type\s)[^'"]*?from\s*['"](\.[^'"]*)['"]|^\s*import\s+['"](\.[^'"]*)['"]/gm)) {
      const base = resolve(dirname(path), (fromSpec ?? bareSpec).replace(/\.js$/, ''));
      visit([`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate)) ?? `${base}.ts`);
    }
  };
  visit(join(packageDir, 'src', 'index.ts'));
  return [...seen];
}

/** Optional peers that the main entry imports statically (as values), so that loading it fails without them. */
function staticOptionalPeerProblems(pkg, packageDir) {
  const optional = Object.keys(pkg.peerDependenciesMeta ?? {}).filter((name) => pkg.peerDependenciesMeta[name]?.optional === true);
  const problems = [];
  for (const path of mainEntryFiles(packageDir)) {
    const text = readFileSync(path, 'utf8');
    for (const [, spec] of text.matchAll(/^\s*import\s+(?!type\s)[^'"]*?from\s*['"]([^'"]+)['"]/gm)) {
      const name = optional.find((peer) => spec === peer || spec.startsWith(`${peer}/`));
      if (name !== undefined) {
        problems.push(`${relative(packageDir, path).split(sep).join('/')}: the main entry imports the optional peer '${name}' statically, so loading the package fails when ${name} is not installed; import() it on first use and name the package to install when it is missing, or move it behind a subpath entry`);
      }
    }
  }
  return problems;
}

/** tfjs-core modules whose presence in a bundle means a second tfjs-core (engine, tensors, the op wrapper). */
const TFJS_CORE_COPY = /^dist\/(engine|tensor|ops\/operation)\.js$/;

/** Peer dependencies copied into dist/*.js, read from esbuild's `// …/node_modules/<name>/<file>` banners. */
function bundledPeerProblems(pkg, packageDir) {
  const dist = join(packageDir, 'dist');
  if (!existsSync(dist)) return [];
  const peers = Object.keys(pkg.peerDependencies ?? {});
  const problems = [];
  for (const file of readdirSync(dist).filter((name) => /\.(c|m)?js$/.test(name))) {
    const banners = readFileSync(join(dist, file), 'utf8').matchAll(/^\/\/ (?:[./]*\/)?node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/gm);
    const copied = new Set();
    for (const [, name, path] of banners) {
      if (!peers.includes(name)) continue;
      if (name !== '@tensorflow/tfjs-core' || TFJS_CORE_COPY.test(path)) copied.add(`${name}/${path}`);
    }
    if (copied.size > 0) {
      problems.push(`dist/${file} bundles a copy of its peer dependency (${[...copied].slice(0, 3).join(', ')}${copied.size > 3 ? ', …' : ''}): leave peers external (tsup "external", no "noExternal" for them)`);
    }
  }
  return problems;
}

/** Problems of the package in `packageDir`, each a line that names the field or file and what to do. */
export function publishingProblems(packageDir, repoRoot) {
  const pkg = readJson(join(packageDir, 'package.json'));
  const rootPkg = readJson(join(repoRoot, 'package.json'));
  const directory = relative(repoRoot, packageDir).split(sep).join('/');
  const problems = [];

  const versions = new Map(workspacePackageDirs(repoRoot).map((dir) => {
    const sibling = readJson(join(dir, 'package.json'));
    return [sibling.name, sibling.version];
  }));
  for (const field of ['dependencies', 'peerDependencies']) {
    for (const [name, spec] of Object.entries(pkg[field] ?? {})) {
      const version = versions.get(name);
      if (version === undefined) continue;
      if (!spec.startsWith('^') || !caretSatisfies(spec, version)) {
        problems.push(`package.json: ${field} '${name}' is ${JSON.stringify(spec)}; use a caret range its version ${version} satisfies ("^${version}")`);
      }
    }
  }
  if (pkg.private === true) return problems;
  problems.push(...typesVersionsProblems(pkg), ...nodeOnlyDependencyProblems(pkg, packageDir), ...staticOptionalPeerProblems(pkg, packageDir), ...bundledPeerProblems(pkg, packageDir));

  const rootLicense = readFileSync(join(repoRoot, 'LICENSE'), 'utf8');
  const licensePath = join(packageDir, 'LICENSE');
  if (!existsSync(licensePath)) problems.push(`LICENSE is missing: copy the root LICENSE (cp LICENSE ${directory}/)`);
  else if (readFileSync(licensePath, 'utf8') !== rootLicense) problems.push(`LICENSE differs from the root LICENSE: copy it again (cp LICENSE ${directory}/)`);
  if (!existsSync(join(packageDir, 'README.md'))) problems.push(`README.md is missing: what the package is, its install line, an example, a link to the root README`);
  if (pkg.license !== rootPkg.license) problems.push(`package.json: "license" is ${JSON.stringify(pkg.license)}, the root's is ${JSON.stringify(rootPkg.license)}`);

  const repository = pkg.repository ?? {};
  if (repository.type !== 'git' || repository.url !== rootPkg.repository?.url || repository.directory !== directory) {
    const want = { type: 'git', url: rootPkg.repository?.url, directory };
    problems.push(`package.json: "repository" must be ${JSON.stringify(want)}, got ${JSON.stringify(pkg.repository)}`);
  }
  if (typeof pkg.homepage !== 'string' || !pkg.homepage.startsWith('https://')) {
    problems.push(`package.json: "homepage" must be an https URL, got ${JSON.stringify(pkg.homepage)}`);
  }
  if (pkg.bugs?.url !== rootPkg.bugs?.url) problems.push(`package.json: "bugs" must be ${JSON.stringify(rootPkg.bugs)}, got ${JSON.stringify(pkg.bugs)}`);
  if (pkg.engines?.node !== rootPkg.engines?.node) {
    problems.push(`package.json: "engines" must give "node": ${JSON.stringify(rootPkg.engines?.node)}, got ${JSON.stringify(pkg.engines)}`);
  }

  const packed = packedFiles(packageDir);
  for (const file of ['LICENSE', 'README.md']) {
    if (existsSync(join(packageDir, file)) && !packed.has(file)) problems.push(`npm pack leaves out ${file}: check "files" and .npmignore`);
  }
  return problems;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const repoRoot = resolve(fileURLToPath(import.meta.url), '../../..');
  let failed = 0;
  for (const dir of workspacePackageDirs(repoRoot)) {
    const { name, private: isPrivate } = readJson(join(dir, 'package.json'));
    const problems = publishingProblems(dir, repoRoot);
    if (problems.length > 0) failed++;
    console.log(`${problems.length > 0 ? 'FAIL' : 'ok  '} ${name}${isPrivate ? ' (private)' : ''}${problems.map((p) => `\n  ${p}`).join('')}`);
  }
  if (failed > 0) process.exit(1);
}
