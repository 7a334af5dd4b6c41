// Reading what the user pointed at — dataset folders, a cache folder, images: a failure there is the user's error
// (exit 2, the reader's message, which names the file; no stack trace), not the program's.
import { ConfigError } from './options';

/** Runs `read`, turning any error it throws into a ConfigError with the same message (after `prefix`, when given). */
export async function fromUserInput<T>(read: () => T | Promise<T>, prefix?: string): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof ConfigError && prefix === undefined) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new ConfigError(prefix === undefined ? message : `${prefix} ${message}`, { cause: error });
  }
}
