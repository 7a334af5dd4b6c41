// sharp and h5wasm are optional peer dependencies: browser users of @icnn/datasets never need them, and npm does not
// install optional peers on its own. The Node adapters load them on first use; when one is missing, the error names
// the package to install and what needed it, instead of Node's bare "Cannot find package".

/** Whether `error` is Node's "module not found" for `name` (ESM or CJS), not a failure inside the module. */
function isMissing(error: unknown, name: string): boolean {
  const e = error as { code?: string; message?: string };
  return (e?.code === 'ERR_MODULE_NOT_FOUND' || e?.code === 'MODULE_NOT_FOUND') && typeof e.message === 'string' && e.message.includes(name);
}

/** Runs `load` (an `import()` of the optional peer `name`); a missing package becomes an error saying how to install it. */
export async function importOptionalPeer<T>(name: string, neededFor: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (!isMissing(error, name)) throw error;
    throw new Error(`@icnn/datasets/node: ${neededFor} needs the optional peer dependency '${name}', which is not installed; install it with: npm install ${name}`, { cause: error });
  }
}
