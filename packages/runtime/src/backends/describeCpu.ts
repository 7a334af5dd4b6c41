// A short description of the host CPU, in Node (model and core count) and in browsers (logical cores).
export async function describeCpu(): Promise<string> {
  const isNode = typeof process !== 'undefined' && process.versions?.node != null;
  if (isNode) {
    const os = await import(/* @vite-ignore */ 'node:os');
    const cpus = os.cpus();
    return `${cpus[0]?.model?.trim() ?? 'CPU'} (${cpus.length} logical cores)`;
  }
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return cores ? `CPU (${cores} logical cores)` : 'CPU';
}
