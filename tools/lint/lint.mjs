#!/usr/bin/env node
// Dependency lint for one workspace package (run from its folder): every import in src/ must be declared in its
// package.json (dependencies or peers for library code; dev dependencies are fine in tests), nothing in packages/
// may import apps/ or tools/, and every declared dependency must be used (users install only what they need). Then
// the publishing checks of publishing.mjs (LICENSE and README packed, repository/homepage/bugs/engines, internal
// dependencies as caret ranges), and the backbone install hints (backboneHints.mjs: a plugin declares its backbones,
// and the table in @icnn/backbone generated from those declarations is up to date).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { installHintProblems } from './backboneHints.mjs';
import { publishingProblems } from './publishing.mjs';

const root = process.cwd();
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const runtime = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);
const dev = new Set(Object.keys(pkg.devDependencies ?? {}));
// The repository root's dev dependencies (vitest, tsup, …) serve every package's tests and builds.
const rootDev = new Set(Object.keys(JSON.parse(readFileSync(resolve(root, '../../package.json'), 'utf8')).devDependencies ?? {}));
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const isPackage = relative(resolve(root, '../..'), root).startsWith('packages');
// Imported from config files rather than src/ (build and test tooling).
const toolingOnly = new Set(['@icnn/build-config', '@icnn/test-utils', 'vitest', 'tsup']);

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|tsx|mts|js|mjs)$/.test(entry)) yield path;
  }
}

const packageName = (spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
const isTestFile = (path) => /\.test\.tsx?$/.test(path) || /[/\\]testing[/\\]/.test(path);
// Static imports and exports only where a statement starts (so that an error message quoting one is not taken for
// it), dynamic import() anywhere.
const importPattern = /^\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*(?:\/\*[^*]*\*\/\s*)*['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm;

const problems = [];
const used = new Set();
for (const file of sourceFiles(join(root, 'src'))) {
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(importPattern)) {
    const spec = match[1] ?? match[2] ?? match[3];
    const where = `${relative(root, file)}: '${spec}'`;
    if (spec.startsWith('.')) {
      const target = relative(resolve(root, '../..'), resolve(file, '..', spec));
      if (isPackage && /^(apps|tools)[/\\]/.test(target)) problems.push(`${where} reaches into ${target}: packages never import apps/ or tools/`);
      continue;
    }
    if (builtins.has(spec) || builtins.has(packageName(spec))) continue;
    const name = packageName(spec);
    used.add(name);
    if (runtime.has(name)) continue;
    if ((dev.has(name) || rootDev.has(name)) && isTestFile(file)) continue;
    problems.push(`${where} is not a declared ${isTestFile(file) ? 'dependency or devDependency' : 'dependency or peerDependency'}`);
  }
}
for (const name of Object.keys(pkg.dependencies ?? {})) {
  if (!used.has(name)) problems.push(`package.json: dependency '${name}' is never imported from src/; remove it`);
}
for (const name of dev) {
  if (!used.has(name) && !toolingOnly.has(name) && !name.startsWith('@types/')) {
    problems.push(`package.json: devDependency '${name}' is never imported from src/; remove it`);
  }
}
problems.push(...publishingProblems(root, resolve(root, '../..')));
problems.push(...installHintProblems(pkg, resolve(root, '../..')));
if (problems.length > 0) {
  console.error(`${pkg.name}: ${problems.length} dependency or publishing problem(s)\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`${pkg.name}: imports match package.json${pkg.private === true ? '' : '; LICENSE, README and publishing fields in place'}`);
