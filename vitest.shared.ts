// Shared vitest settings for every package: workspace packages resolve to their sources (one tfjs-core copy, no
// build needed between edits), and tfjs is transformed by vite so that its ESM sources, which register gradients
// and chained ops as side effects, load in Node (their extensionless imports do not load in plain Node ESM).
import { readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { defineConfig } from 'vitest/config';

const root = dirname(fileURLToPath(import.meta.url));

function workspaceAliases(): Record<string, string> {
  const aliases: Record<string, string> = {};
  const packagesDir = join(root, 'packages');
  for (const dir of readdirSync(packagesDir)) {
    const source = join(packagesDir, dir, 'src', 'index.ts');
    if (existsSync(source)) aliases[`@icnn/${dir}`] = source;
  }
  return aliases;
}

export const sharedVitestConfig = defineConfig({
  resolve: {
    // Bare tfjs imports would resolve to the packages' CJS Node bundles (`main`) while the gradient registrations are
    // ESM: point them at the ESM entry points so that one copy of tfjs-core serves everything.
    alias: [
      ...Object.entries(workspaceAliases()).map(([name, replacement]) => ({ find: new RegExp(`^${name}$`), replacement })),
      // Subpath entry points (`@icnn/test-utils/numeric`) resolve to the file of that name in the package's src/.
      { find: /^@icnn\/([^/]+)\/([\w-]+)$/, replacement: join(root, 'packages', '$1', 'src', '$2.ts') },
      ...['tfjs-core', 'tfjs-backend-cpu', 'tfjs-backend-wasm'].map((name) => ({
        find: new RegExp(`^@tensorflow/${name}$`),
        replacement: `@tensorflow/${name}/dist/index.js`,
      })),
    ],
  },
  test: {
    environment: 'node',
    // The JSON report lets tools/ci/summarize-tests.mjs print one closing line for all packages.
    reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    server: {
      deps: {
        inline: [/@tensorflow\//],
      },
    },
  },
});
