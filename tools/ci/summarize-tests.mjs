#!/usr/bin/env node
// Adds up the vitest JSON reports every package writes (.vitest-report.json) and prints one closing line,
// "tests: N passed, N failed, N skipped"; exits non-zero if any test failed or no report was found.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

let passed = 0;
let failed = 0;
let skipped = 0;
let reports = 0;
for (const group of ['packages', 'apps', 'tools', 'examples']) {
  if (!existsSync(group)) continue;
  for (const dir of readdirSync(group)) {
    const path = join(group, dir, '.vitest-report.json');
    if (!existsSync(path)) continue;
    const report = JSON.parse(readFileSync(path, 'utf8'));
    reports++;
    passed += report.numPassedTests ?? 0;
    failed += report.numFailedTests ?? 0;
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  }
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || reports === 0 ? 1 : 0);
