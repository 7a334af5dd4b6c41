// The trainer's options, typed, from flags (`--epochs 3`, `--epochs=3`, `--no-interpretable`) and an optional JSON
// config file (`--config run.json`; flags win). Every error names the key, where it came from and what is allowed.
import { readFileSync } from 'node:fs';
import { ConfigError } from './configError';
import { knownKey, parseFlags, type RawOptions } from './flags';
import { allowedText, flagName, OPTION_TABLE, type OptionName, type OptionSpec, type TrainerOptions } from './optionTable';

export { ConfigError } from './configError';
export { parseFlags } from './flags';
export type { TrainerOptions } from './optionTable';

function describeValue(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}

/** A decimal number as flags and config files write it: 3, -2, 0.5, .5, 1e-4 (no hex, binary, blanks or junk). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Converts and checks one value; `fromText` when it came from a flag (a string to parse). */
function checkValue(key: OptionName, value: unknown, source: string, fromText: boolean): unknown {
  const spec: OptionSpec = OPTION_TABLE[key];
  const fail = () => new ConfigError(`option '${key}' (${source}) must be ${allowedText(spec)}, got ${describeValue(value)}`);
  switch (spec.kind) {
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      if (fromText && (value === 'true' || value === 'false')) return value === 'true';
      throw fail();
    }
    case 'number':
    case 'integer': {
      // Number() would also take '0x10', '0b11', '' and ' 7 ': a flag's number is written in plain decimal.
      const n = fromText && typeof value === 'string' && DECIMAL.test(value) ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) throw fail();
      if (spec.kind === 'integer' && !Number.isInteger(n)) throw fail();
      if ((spec.min !== undefined && n < spec.min) || (spec.above !== undefined && n <= spec.above) || (spec.max !== undefined && n > spec.max)) throw fail();
      return n;
    }
    case 'list': {
      const items = typeof value === 'string' ? value.split(',') : value;
      if (!Array.isArray(items) || items.length === 0 || items.some((v) => typeof v !== 'string' || v.trim() === '')) throw fail();
      return items.map((v: string) => v.trim());
    }
    case 'string': {
      if (typeof value !== 'string' || value === '') throw fail();
      if (spec.allowed && !spec.allowed.includes(value)) throw fail();
      return value;
    }
  }
}

function readConfigFile(path: string): RawOptions {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`config file ${path} cannot be read: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const match = /position (\d+)/.exec((error as Error).message);
    const line = match ? text.slice(0, Number(match[1])).split('\n').length : undefined;
    throw new ConfigError(`config file ${path}${line ? `, line ${line}` : ''}: not valid JSON (${(error as Error).message})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError(`config file ${path} must hold one JSON object of options`);
  return parsed as RawOptions;
}

/** Values that passed checkValue against the table TrainerOptions is derived from, over the defaults, as options. */
function checkedOptions(values: Record<string, unknown>): TrainerOptions {
  return values as TrainerOptions;
}

function defaults(): Record<string, unknown> {
  const resolved: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(OPTION_TABLE) as [OptionName, OptionSpec][]) if (spec.default !== undefined) resolved[key] = spec.default;
  return resolved;
}

/**
 * The options a run saved (its config.json, read back by eval, explain and report), each checked as a config file's;
 * defaults for options the run predates, and keys of options since removed passed over.
 */
export function savedOptions(saved: unknown, source: string): TrainerOptions {
  if (saved === null || typeof saved !== 'object' || Array.isArray(saved)) throw new ConfigError(`${source} must hold one JSON object of options`);
  const resolved = defaults();
  for (const [key, value] of Object.entries(saved)) if (key in OPTION_TABLE && value !== null) resolved[key] = checkValue(key as OptionName, value, source, false);
  return checkedOptions(resolved);
}

/** Options from a config file (if any) and flags, with defaults, checked. */
export function resolveOptions(argv: readonly string[]): { options: TrainerOptions; positional: string[] } {
  const { flags, positional } = parseFlags(argv);
  const resolved = defaults();
  const configPath = flags.config as string | undefined;
  if (configPath !== undefined) {
    for (const [key, value] of Object.entries(readConfigFile(configPath))) {
      const name = knownKey(key, `config file ${configPath}`);
      resolved[name] = checkValue(name, value, `config file ${configPath}`, false);
    }
  }
  for (const [key, value] of Object.entries(flags) as [OptionName, unknown][]) resolved[key] = checkValue(key, value, `flag --${key}`, true);
  const options = checkedOptions(resolved);
  if (options.dataset === 'ilsvrc') {
    for (const key of ['imagesRoot', 'partsRoot', 'category'] as const) {
      if (options[key] === undefined) throw new ConfigError(`option '${key}' is required with dataset 'ilsvrc'`);
    }
  }
  if (options.loss === 'softmax' && (options.category?.length ?? 1) < 2 && options.dataset === 'ilsvrc') {
    throw new ConfigError(`option 'loss' 'softmax' needs several categories ('category' lists ${options.category?.length ?? 0})`);
  }
  const repeated = options.category?.find((name, i) => options.category!.indexOf(name) !== i);
  if (repeated !== undefined) throw new ConfigError(`option 'category' lists '${repeated}' twice`);
  if (options.maxBadImages > 1 && !Number.isInteger(options.maxBadImages)) {
    throw new ConfigError(`option 'maxBadImages' must be a share below 1 or a whole count, got ${options.maxBadImages}`);
  }
  if (options.resume && options.out === undefined) throw new ConfigError(`option 'resume' needs 'out' (the folder holding the checkpoint)`);
  return { options, positional };
}

/** `icnn --help`: the options table as text. */
export function optionsHelp(): string {
  const rows = (Object.entries(OPTION_TABLE) as [OptionName, OptionSpec][]).map(([key, spec]) => {
    const flag = flagName(key);
    const def = spec.default !== undefined ? ` (default ${JSON.stringify(spec.default)})` : '';
    return `  ${flag.padEnd(24)} ${spec.help}${spec.allowed ? ` [${spec.allowed.join('|')}]` : ''}${def}`;
  });
  return rows.join('\n');
}
