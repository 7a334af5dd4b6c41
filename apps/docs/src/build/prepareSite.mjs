#!/usr/bin/env node
// @ts-check
// Everything the VitePress site needs that is made from other parts of the repository, written before
// `vitepress build` / `vitepress dev` (all outputs are gitignored build products):
// - site/public/wasm/: the tfjs WASM binaries the live examples load (`wasmPaths`);
// - site/generated/: docs/*.md copied in (BENCHMARKS, plugin-authors, where-a-batch-travels, RESULTS — a note when
//   it is absent), with links that leave docs/ turned into repository paths;
// - site/public/api/: the API reference, typedoc's HTML for every published package's entry points (read from each
//   package.json's `exports`, so a new entry point or package appears without editing this file).
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Application } from 'typedoc';
import { demoteHeadings } from './demoteHeadings.mjs';
import { rewriteRepositoryLinks } from './repositoryLinks.mjs';

const appRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');
const repoRoot = join(appRoot, '../..');
const siteRoot = join(appRoot, 'site');
const require = createRequire(import.meta.url);

/** Copies tfjs-backend-wasm's .wasm files, resolved the way @icnn/runtime resolves the package. */
function copyWasmBinaries() {
  const runtimeRequire = createRequire(require.resolve('@icnn/runtime/package.json'));
  const wasmDist = dirname(runtimeRequire.resolve('@tensorflow/tfjs-backend-wasm'));
  const out = join(siteRoot, 'public/wasm');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const files = readdirSync(wasmDist).filter((f) => f.endsWith('.wasm'));
  if (files.length === 0) throw new Error(`prepareSite: no .wasm files in ${wasmDist}`);
  for (const file of files) copyFileSync(join(wasmDist, file), join(out, file));
  return files;
}

// RESULTS.md sits under the results page's title, so its headings move one level down; in its absence, this note.
const MISSING_RESULTS = `## The reproduction

::: info Not written yet
\`docs/RESULTS.md\` — the reproduction's own numbers — is not in the repository yet. When it is, the next site build
includes it here. The paper's numbers are in the tables above.
:::
`;

function copyDocs() {
  const out = join(siteRoot, 'generated');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const copied = [];
  for (const name of ['BENCHMARKS.md', 'plugin-authors.md', 'where-a-batch-travels.md', 'RESULTS.md']) {
    const source = join(repoRoot, 'docs', name);
    if (existsSync(source)) {
      const text = rewriteRepositoryLinks(readFileSync(source, 'utf8'));
      writeFileSync(join(out, name), name === 'RESULTS.md' ? demoteHeadings(text) : text);
      copied.push(name);
    } else if (name === 'RESULTS.md') {
      writeFileSync(join(out, name), MISSING_RESULTS);
    } else {
      throw new Error(`prepareSite: docs/${name} is missing (the site includes it)`);
    }
  }
  return copied;
}

/** Published packages (not private) and their entry points from the exports map, `.` → src/index.ts. */
function publishedEntryPoints() {
  const entries = [];
  for (const dir of readdirSync(join(repoRoot, 'packages')).sort()) {
    const pkgPath = join(repoRoot, 'packages', dir, 'package.json');
    if (!existsSync(pkgPath)) continue;
    const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
    if (pkg.private) continue;
    for (const subpath of Object.keys(pkg.exports ?? { '.': {} })) {
      if (subpath === './package.json') continue;
      const file = subpath === '.' ? 'index' : subpath.slice(2);
      const source = join(repoRoot, 'packages', dir, 'src', `${file}.ts`);
      if (!existsSync(source)) throw new Error(`prepareSite: ${pkg.name} exports '${subpath}' but ${relative(repoRoot, source)} does not exist`);
      entries.push({ module: subpath === '.' ? pkg.name : `${pkg.name}/${file}`, description: pkg.description ?? '', dir, source });
    }
  }
  return entries;
}

/**
 * typedoc names a module after an entry file's `@module` comment; the packages' index files have none, so each entry
 * point gets a one-line wrapper that re-exports it under its import name.
 */
async function generateApiReference() {
  const work = join(appRoot, '.api-entries');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const entries = publishedEntryPoints();
  const wrappers = entries.map((entry) => {
    const wrapper = join(work, `${entry.module.replace(/^@icnn\//, '').replace(/\//g, '__')}.ts`);
    const target = relative(work, entry.source).replace(/\\/g, '/').replace(/\.ts$/, '');
    writeFileSync(wrapper, `/**\n * ${entry.description.replace(/\*\//g, '* /')}\n * @module ${entry.module}\n */\nexport * from '${target}';\n`);
    return wrapper;
  });
  // Cross-package imports resolve to the sources too, so that a type from @icnn/templates used in @icnn/core links
  // to its one page.
  /** @type {Record<string, string[]>} */
  const paths = {};
  for (const entry of entries) paths[entry.module] = [relative(work, entry.source).replace(/\\/g, '/')];
  writeFileSync(
    join(work, 'tsconfig.json'),
    JSON.stringify({ extends: '../../../tsconfig.base.json', compilerOptions: { baseUrl: '.', paths }, include: ['*.ts', '../../../packages/*/src/**/*.ts'], exclude: ['../../../packages/**/*.test.ts', '../../../packages/*/src/testing/**'] }, null, 2),
  );
  const readme = join(work, 'README.md');
  writeFileSync(
    readme,
    ['# icnn API reference', '', 'Generated by typedoc from the sources of every published package, one module per entry point.', '', '| module | |', '| --- | --- |',
      ...entries.map((e) => `| \`${e.module}\` | ${e.description.replace(/\|/g, '\\|')} |`)].join('\n'),
  );
  const out = join(siteRoot, 'public/api');
  rmSync(out, { recursive: true, force: true });
  const app = await Application.bootstrapWithPlugins({
    name: 'icnn',
    entryPoints: wrappers,
    entryPointStrategy: 'resolve',
    tsconfig: join(work, 'tsconfig.json'),
    readme,
    favicon: join(siteRoot, 'public/favicon.svg'),
    disableSources: true,
    excludePrivate: true,
    excludeInternal: true,
    // The packages are typechecked by their own targets; here only the documentation is made.
    skipErrorChecking: true,
    validation: { notExported: false, invalidLink: true, rewrittenLink: false },
    logLevel: 'Error',
  });
  const project = await app.convert();
  if (!project) throw new Error('prepareSite: typedoc could not convert the packages (see the errors above)');
  await app.generateDocs(project, out);
  return entries.map((e) => e.module);
}

const wasm = copyWasmBinaries();
const docs = copyDocs();
const started = Date.now();
const modules = await generateApiReference();
console.log(
  `prepareSite: ${wasm.length} wasm binaries, docs ${docs.join(', ')}${docs.includes('RESULTS.md') ? '' : ' (RESULTS.md absent: a note instead)'}, ` +
    `API reference of ${modules.length} entry points in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
