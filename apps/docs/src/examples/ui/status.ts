// The status line under each example: which backend it runs on, or what went wrong.
import { describeBackend, ensureBackend, type ExampleBackend } from '../backend';
import { h } from './dom';

export interface StatusLine {
  element: HTMLParagraphElement;
  /** Shows the error on the line and on the host (`data-error`). */
  fail(error: unknown): void;
  /** Waits for the backend and shows it. */
  backend(): Promise<ExampleBackend>;
}

export function statusLine(host: HTMLElement): StatusLine {
  const element = h('p', { class: 'status' }, 'starting TensorFlow.js…');
  return {
    element,
    fail(error) {
      const message = error instanceof Error ? error.message : String(error);
      element.textContent = message;
      element.classList.add('error');
      host.dataset.error = message;
    },
    async backend() {
      const info = await ensureBackend();
      element.textContent = `TensorFlow.js backend: ${describeBackend(info)}${info.fallbackReason ? ` (${info.fallbackReason})` : ''}`;
      host.dataset.backend = JSON.stringify({ backend: info.backend, threads: info.threads, simd: info.simd, crossOriginIsolated: info.crossOriginIsolated });
      return info;
    },
  };
}
