// The trainer's options, typed, from flags (`--epochs 3`, `--epochs=3`, `--no-interpretable`) and an optional JSON
// config file (`--config run.json`; flags win). Every error names the key, where it came from and what is allowed.
import { readFileSync } from 'node:fs';
import { OPTION_TABLE, type OptionName, type OptionSpec } from './optionTable';

export interface TrainerOptions {
  config?: string;
  backend: 'wasm' | 'cpu' | 'tensorflow' | 'webgpu' | 'auto';
  backbone: string;
  width: number;
  inputSize: number;
  tap?: string;
  dataset: 'partworld' | 'ilsvrc';
  category?: string[];
  imagesRoot?: string;
  partsRoot?: string;
  negatives?: string;
  imageFolder?: string;
  maxPerClass?: number;
  initFrom?: string;
  backboneLr: number;
  biasLr: number;
  maxBadImages: number;
  maxNegatives: number;
  positiveShare?: number;
  partworldImages: number;
  partworldCategories: number;
  loss: 'logistic' | 'softmax';
  interpretable: boolean;
  variant: 'paper' | 'authors';
  gradient?: 'exact' | 'paper' | 'authors';
  lossPoints?: 'newConv' | 'afterPool';
  filterLosses: boolean;
  maskPlacement: 'peak' | 'centre';
  filterLossScale: number;
  epochs: number;
  batch: number;
  lrSchedule: 'cosine' | 'constant' | 'logspace' | 'step';
  lr: number;
  lrFinal?: number;
  lrWarmup: number;
  lrStepEvery: number;
  lrStepFactor: number;
  momentum: number;
  weightDecay: number;
  init: 'he' | 'paper';
  hidden: number;
  dropout: number;
  trainJitter: boolean;
  seed: number;
  evalSeed: number;
  /** Training worker threads (undefined: defaultWorkers of the backend). */
  workers?: number;
  out?: string;
  resume: boolean;
  cacheDir?: string;
  json: boolean;
  progress?: boolean;
  image?: string[];
  checkpoint?: string;
  filters: number;
  runs?: string[];
  bench?: string[];
  steps: number;
  controls: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Raw = Partial<Record<OptionName, unknown>>;

function describeValue(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}

function allowedText(spec: OptionSpec): string {
  if (spec.allowed) return `one of ${spec.allowed.map((a) => `'${a}'`).join(', ')}`;
  if (spec.kind === 'boolean') return 'true or false';
  if (spec.kind === 'list') return 'a list of strings (repeat the flag or separate with commas)';
  if (spec.kind === 'string') return 'a string';
  const bounds = [spec.min !== undefined ? `≥ ${spec.min}` : '', spec.above !== undefined ? `> ${spec.above}` : '', spec.max !== undefined ? `≤ ${spec.max}` : ''].filter(Boolean);
  return `${spec.kind === 'integer' ? 'an integer' : 'a number'}${bounds.length ? ' ' + bounds.join(' and ') : ''}`;
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

function knownKey(key: string, source: string): OptionName {
  if (key in OPTION_TABLE) return key as OptionName;
  const close = Object.keys(OPTION_TABLE).filter((k) => k.toLowerCase() === key.toLowerCase() || k.startsWith(key.slice(0, 4)));
  throw new ConfigError(`unknown option '${key}' (${source})${close.length ? `; did you mean ${close.map((k) => `'${k}'`).join(', ')}?` : ''} (icnn --help lists them)`);
}

/** camelCase from a flag name: --input-size → inputSize. */
function camel(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Parses `--key value`, `--key=value`, `--flag` (true), `--no-flag` (false); returns options and positional words. */
export function parseFlags(argv: readonly string[]): { flags: Raw; positional: string[] } {
  const flags: Raw = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (!word.startsWith('--')) {
      positional.push(word);
      continue;
    }
    const [rawName, inline] = word.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    let name = camel(rawName);
    let value: unknown = inline;
    if (name.startsWith('no') && name.length > 2 && inline === undefined) {
      const positive = name[2].toLowerCase() + name.slice(3);
      if (positive in OPTION_TABLE && OPTION_TABLE[positive as OptionName].kind === 'boolean') {
        flags[positive as OptionName] = 'false';
        continue;
      }
    }
    const key = knownKey(name, `flag --${rawName}`);
    name = key;
    const spec: OptionSpec = OPTION_TABLE[key];
    if (value === undefined) {
      const next = argv[i + 1];
      if (spec.kind === 'boolean' && (next === undefined || next.startsWith('--') || (next !== 'true' && next !== 'false'))) value = 'true';
      else if (next === undefined || next.startsWith('--')) throw new ConfigError(`flag --${rawName} needs a value (${allowedText(spec)})`);
      else value = argv[++i];
    }
    if (spec.kind === 'list' && flags[key] !== undefined) value = `${(flags[key] as string)},${value as string}`;
    flags[key] = value;
  }
  return { flags, positional };
}

function readConfigFile(path: string): Raw {
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
  return parsed as Raw;
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
  return resolved as unknown as TrainerOptions;
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
  const options = resolved as unknown as TrainerOptions;
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
    const flag = `--${key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}`;
    const def = spec.default !== undefined ? ` (default ${JSON.stringify(spec.default)})` : '';
    return `  ${flag.padEnd(24)} ${spec.help}${spec.allowed ? ` [${spec.allowed.join('|')}]` : ''}${def}`;
  });
  return rows.join('\n');
}
