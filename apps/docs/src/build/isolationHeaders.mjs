// @ts-check
// The headers that make a page cross-origin isolated (SharedArrayBuffer, hence WASM threads): every server of the
// site sends them (VitePress's dev server, the static server of the browser tests).
export const CROSS_ORIGIN_ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * What the plugin needs of Vite's dev and preview servers (a connect app).
 * @typedef {{ middlewares: { use(handler: (request: unknown, response: import('node:http').ServerResponse, next: () => void) => void): unknown } }} ServerWithMiddlewares
 */

/**
 * A Vite plugin that sends the headers on every response of the dev and preview servers: Vite's `server.headers`
 * reach only the files Vite serves itself, not the pages VitePress renders.
 * @returns {{ name: string, configureServer(server: ServerWithMiddlewares): void, configurePreviewServer(server: ServerWithMiddlewares): void }}
 */
export function crossOriginIsolation() {
  /** @param {import('node:http').ServerResponse} response */
  const set = (response) => Object.entries(CROSS_ORIGIN_ISOLATION_HEADERS).forEach(([name, value]) => response.setHeader(name, value));
  return {
    name: 'icnn-cross-origin-isolation',
    configureServer(server) {
      server.middlewares.use((_request, response, next) => {
        set(response);
        next();
      });
    },
    configurePreviewServer(server) {
      server.middlewares.use((_request, response, next) => {
        set(response);
        next();
      });
    },
  };
}
