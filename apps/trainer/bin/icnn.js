#!/usr/bin/env node
// The `icnn` command. A committed launcher (not the build output) so that `npm ci` links it before anything is built.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('icnn: not built yet: run `npm run build` (or `npx nx run @icnn/trainer:build`) first\n');
  process.exit(1);
}
await import(cli.href);
