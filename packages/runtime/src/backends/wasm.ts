import { env } from '@tensorflow/tfjs-core';
import * as wasm from '@tensorflow/tfjs-backend-wasm';
import type { InitBackendOptions, PreparedBackend } from '../types';
import { describeCpu } from './describeCpu';

export async function prepareWasm(options: InitBackendOptions): Promise<PreparedBackend> {
  if (options.wasmPaths != null) {
    wasm.setWasmPaths(options.wasmPaths as string);
  }
  if (options.threads != null) wasm.setThreadsCount(options.threads);
  return {
    versions: { '@tensorflow/tfjs-backend-wasm': wasm.version_wasm },
    async describe() {
      return {
        threads: wasm.getThreadsCount(),
        simd: Boolean(await env().getAsync('WASM_HAS_SIMD_SUPPORT')),
        device: await describeCpu(),
      };
    },
  };
}
