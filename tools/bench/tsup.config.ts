import { definePackageConfig } from '@icnn/build-config';
import type { Options } from 'tsup';

// A command-line tool run as `node tools/bench/dist/bench.js`: ESM only, no type declarations. tfjs and
// @icnn/runtime stay external so that the benchmark uses the one tfjs-core copy the runtime registers into.
// cnnWorker is the 4-conv CNN's worker thread, started by file name beside bench.js.
const base = definePackageConfig({ entry: { bench: 'src/bench.ts', cnnWorker: 'src/cnnWorker.ts' }, platform: 'node' }) as Options;

export default { ...base, format: ['esm'], dts: false } satisfies Options;
