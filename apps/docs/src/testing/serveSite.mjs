#!/usr/bin/env node
// @ts-check
// A static server for the built site (dist/) that sends the cross-origin isolation headers, so that WASM gets threads
// exactly as on a real deployment. The browser tests start it on a free port; `npm run preview -w @icnn/docs`
// serves the site at http://localhost:4173/.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CROSS_ORIGIN_ISOLATION_HEADERS } from '../build/isolationHeaders.mjs';

export const SITE_DIR = resolve(fileURLToPath(new URL('../../dist', import.meta.url)));

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The file for a URL path: the path itself, its index.html, or VitePress's `<path>.html`; null outside the root.
 * @param {string} root
 * @param {string} urlPath
 */
export function resolveSitePath(root, urlPath) {
  const decoded = decodeURIComponent(urlPath.split('?')[0]);
  const path = normalize(join(root, decoded));
  if (!path.startsWith(root)) return null;
  for (const candidate of [path, join(path, 'index.html'), `${path}.html`]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/**
 * Starts the server; resolves to its address and a close function. `isolation: false` leaves out the COOP/COEP
 * headers (to see the site as a server without them shows it).
 * @param {{ root?: string, port?: number, isolation?: boolean }} [options]
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export function serveSite(options = {}) {
  const root = options.root ?? SITE_DIR;
  if (!existsSync(join(root, 'index.html'))) throw new Error(`serveSite: no built site at ${root} (run npm run docs:build)`);
  const notFound = join(root, '404.html');
  const server = createServer((request, response) => {
    const file = resolveSitePath(root, request.url ?? '/') ?? (existsSync(notFound) ? notFound : null);
    const status = file !== null && file !== notFound ? 200 : 404;
    response.writeHead(status, {
      ...(options.isolation === false ? {} : CROSS_ORIGIN_ISOLATION_HEADERS),
      'Content-Type': file ? TYPES[/** @type {keyof typeof TYPES} */ (extname(file))] ?? 'application/octet-stream' : TYPES['.txt'],
      'Cache-Control': 'no-cache',
    });
    if (request.method === 'HEAD') response.end();
    else if (file === null) response.end('not found');
    else createReadStream(file).pipe(response);
  });
  return new Promise((resolveStart, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      resolveStart({ url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { url } = await serveSite({ port: Number(process.env.PORT ?? 4173) });
  console.log(`serving ${SITE_DIR} at ${url}/ with COOP/COEP`);
}
