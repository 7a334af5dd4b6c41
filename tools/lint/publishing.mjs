#!/usr/bin/env node
// Publishing lint: what a published package (`"private": true` absent) must carry, and how every package names its
// sibling workspace packages. Run by lint.mjs for each package; `node tools/lint/publishing.mjs` checks them all.
//   - LICENSE: a copy of the root LICENSE in the package folder, listed by `npm pack --dry-run` (npm packs a
//     LICENSE and README.md beside package.json whatever "files" says, but cannot reach ../../LICENSE);
//   - README.md, packed too;
//   - license, repository (the root's URL, with this package's directory), homepage, bugs, engines.node (the root's);
//   - every package: internal dependencies and peers as caret ranges (`^0.1.0`) that the sibling's version
//     satisfies, not exact pins (devDependencies' "*" is fine).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
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
function caretSatisfies(range, version) {
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
