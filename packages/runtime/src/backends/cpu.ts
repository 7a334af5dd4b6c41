import { version_cpu } from '@tensorflow/tfjs-backend-cpu';
import type { PreparedBackend } from '../types';
import { describeCpu } from './describeCpu';

export async function prepareCpu(): Promise<PreparedBackend> {
  return {
    versions: { '@tensorflow/tfjs-backend-cpu': version_cpu },
    async describe() {
      return { threads: 1, simd: false, device: `${await describeCpu()}, pure JavaScript` };
    },
  };
}
