// The trainer's JSON files read back (config.json, a checkpoint's model.json): a truncated or hand-broken one is the
// user's error, named by its path, rather than a bare SyntaxError from deep inside a command.
import { readFileSync } from 'node:fs';
import { ConfigError } from '../config/options';

export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${path}: cannot be read (${(error as Error).message})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigError(`${path}: not valid JSON (${(error as Error).message}); the file is truncated or damaged`);
  }
}
