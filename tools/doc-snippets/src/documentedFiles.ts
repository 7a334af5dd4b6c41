// The markdown files whose code must run: every README (root, packages, apps, examples, tools), docs/ (copied into
// the site) and the docs site's own pages (site/generated/ holds copies of docs/, so it is left out).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

function* markdownUnder(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    if (entry.startsWith('.') || entry === 'node_modules' || entry === 'generated' || entry === 'public') continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* markdownUnder(path);
    else if (entry.endsWith('.md')) yield path;
  }
}

/** Repository-relative paths, sorted. */
export function documentedFiles(repoRoot: string): string[] {
  const files = [join(repoRoot, 'README.md')];
  for (const group of ['packages', 'apps', 'examples', 'tools']) {
    for (const dir of readdirSync(join(repoRoot, group))) {
      const readme = join(repoRoot, group, dir, 'README.md');
      if (existsSync(readme)) files.push(readme);
    }
  }
  files.push(...markdownUnder(join(repoRoot, 'docs')), ...markdownUnder(join(repoRoot, 'apps/docs/site')));
  return files.map((file) => relative(repoRoot, file)).sort();
}
