// The command line's words as raw option values, tokenized by node:util's parseArgs with a configuration made from
// the option table: `--epochs 3`, `--epochs=3`, `--no-interpretable`, a boolean given `true`/`false`, a list flag
// repeated. Values stay text here; options.ts checks them against the table.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError } from './configError';
import { allowedText, flagName, OPTION_TABLE, type OptionName, type OptionSpec } from './optionTable';

export type RawOptions = Partial<Record<OptionName, unknown>>;

type ParseArgsOptions = NonNullable<ParseArgsConfig['options']>;

/** Every option under its flag name and under its key (--input-size, --inputSize): booleans as such, the rest text. */
const PARSE_ARGS_OPTIONS: ParseArgsOptions = Object.fromEntries(
  (Object.entries(OPTION_TABLE) as [OptionName, OptionSpec][]).flatMap(([key, spec]) => {
    const option = { type: spec.kind === 'boolean' ? 'boolean' : 'string', multiple: spec.kind === 'list' } as const;
    return [...new Set([flagName(key).slice(2), key])].map((name) => [name, option]);
  }),
);

/** camelCase from a flag name: input-size → inputSize. */
function camel(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** The option a flag or config key names; an unknown one is an error that suggests close names. */
export function knownKey(key: string, source: string): OptionName {
  if (key in OPTION_TABLE) return key as OptionName;
  const close = Object.keys(OPTION_TABLE).filter((k) => k.toLowerCase() === key.toLowerCase() || k.startsWith(key.slice(0, 4)));
  throw new ConfigError(`unknown option '${key}' (${source})${close.length ? `; did you mean ${close.map((k) => `'${k}'`).join(', ')}?` : ''} (icnn --help lists them)`);
}

/** Options given as flags (as text, list flags joined with commas) and the positional words. */
export function parseFlags(argv: readonly string[]): { flags: RawOptions; positional: string[] } {
  // Not strict: unknown flags and missing values come back as tokens, so that the errors below can name the option.
  const { tokens } = parseArgs({ args: [...argv], options: PARSE_ARGS_OPTIONS, strict: false, allowPositionals: true, allowNegative: true, tokens: true });
  const flags: RawOptions = {};
  const positional: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind === 'positional') positional.push(token.value);
    if (token.kind !== 'option') continue;
    // parseArgs reads --no-<name> as <name> negated, booleans or not: for any other option it is an unknown flag.
    const negated = token.rawName === `--no-${token.name}`;
    const named = camel(token.name);
    const isBoolean = named in OPTION_TABLE && OPTION_TABLE[named as OptionName].kind === 'boolean';
    const key = knownKey(negated && !isBoolean ? camel(token.rawName.slice(2)) : named, `flag ${token.rawName}`);
    const spec: OptionSpec = OPTION_TABLE[key];
    let value = token.value;
    if (spec.kind === 'boolean' && !token.inlineValue) {
      const next = tokens[i + 1];
      if (negated) value = 'false';
      else if (next?.kind === 'positional' && (next.value === 'true' || next.value === 'false')) {
        value = next.value; // `--progress false`
        i += 1;
      } else value = 'true';
    } else if (value === undefined || (!token.inlineValue && value.startsWith('--'))) {
      throw new ConfigError(`flag ${token.rawName} needs a value (${allowedText(spec)})`);
    }
    flags[key] = spec.kind === 'list' && flags[key] !== undefined ? `${flags[key] as string},${value}` : value;
  }
  return { flags, positional };
}
