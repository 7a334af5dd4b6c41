import { definePackageConfig } from '@icnn/build-config';
import type { Options } from 'tsup';

// Only the packer is built here (`node dist/pack.js`); it bundles the check program itself with esbuild, from the
// workspace sources, into the tarball that goes to the GPU machine.
const base = definePackageConfig({ entry: { pack: 'src/pack/pack.ts' }, platform: 'node' }) as Options;

export default { ...base, format: ['esm'], dts: false } satisfies Options;
