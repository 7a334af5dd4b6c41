// Optional peers are imported by a computed name so that bundlers do not try to resolve packages a user skipped.
import { BackendUnavailableError } from './errors';

function isModuleNotFound(error: unknown, specifier: string): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === 'ERR_MODULE_NOT_FOUND' ||
    e?.code === 'MODULE_NOT_FOUND' ||
    (typeof e?.message === 'string' && e.message.includes(specifier) && /cannot find|could not resolve|failed to (resolve|load|fetch)/i.test(e.message))
  );
}

/** Imports `specifier`, or returns undefined when it is not installed (any other failure is rethrown, explained). */
export async function importOptional<T = unknown>(backend: string, specifier: string): Promise<T | undefined> {
  try {
    return (await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier)) as T;
  } catch (error) {
    if (isModuleNotFound(error, specifier)) return undefined;
    throw new BackendUnavailableError(backend, `${specifier} is installed but failed to load: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
