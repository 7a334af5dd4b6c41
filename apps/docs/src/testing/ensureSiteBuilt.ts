// Global setup of the browser tests: they test the built site; build it (and the packages it needs) when absent.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { HAS_CHROMIUM } from './chromium';
import { SITE_DIR } from './serveSite.mjs';

export default function ensureSiteBuilt(): void {
  // Without a browser every test skips: nothing to build for.
  if (!HAS_CHROMIUM) return;
  const index = join(SITE_DIR, 'index.html');
  if (!existsSync(index)) {
    console.log(`e2e: no built site at ${SITE_DIR}; building it (nx run @icnn/docs:build)`);
    execFileSync('npx', ['nx', 'run', '@icnn/docs:build', '--outputStyle=static'], { stdio: 'inherit', cwd: join(SITE_DIR, '../../..') });
  }
  console.log(`e2e: testing the site built at ${statSync(index).mtime.toISOString()} (${SITE_DIR})`);
}
