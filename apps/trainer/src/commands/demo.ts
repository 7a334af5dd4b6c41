// `icnn demo` (what `npm start` runs): compare on PartWorld — synthetic, generated in memory, no downloads — on the
// embedded WASM backend, sized to finish in a few minutes on two cores; prints the table, writes the HTML report.
import { existsSync, rmSync } from 'node:fs';
import type { TrainerOptions } from '../config/options';
import { checkOutFolder } from '../run/outFolder';
import { compareCommand } from './compare';

/** The demo's settings where the user gave none (flags still win). */
export const DEMO_DEFAULTS: Partial<TrainerOptions> = { dataset: 'partworld', partworldImages: 480, epochs: 5, batch: 32, out: 'icnn-demo' };

/** The options the demo runs with: DEMO_DEFAULTS where the user gave none. */
export function demoOptions(options: TrainerOptions, given: ReadonlySet<string>): TrainerOptions {
  const merged = { ...options } as Record<string, unknown>;
  for (const [key, value] of Object.entries(DEMO_DEFAULTS)) if (!given.has(key)) merged[key] = value;
  return merged as unknown as TrainerOptions;
}

export async function demoCommand(options: TrainerOptions, given: ReadonlySet<string>, signal: AbortSignal): Promise<number> {
  const merged = demoOptions(options, given);
  // The default output folder is the demo's own: a rerun starts afresh instead of refusing to overwrite it — when it
  // is the demo's (icnn's marker); a folder of that name that icnn did not write is left alone.
  const out = String(merged.out);
  if (!given.has('out') && existsSync(out)) {
    checkOutFolder(out, "--out (the demo's default)");
    rmSync(out, { recursive: true, force: true });
  }
  process.stderr.write(`icnn demo: ordinary vs interpretable CNN (and two controls) on PartWorld, backend ${options.backend}; output in ${out}/\n`);
  return compareCommand(merged, signal);
}
