// sharp (libvips), loaded on first use through importOptionalPeer: the image decoder and header reader of the Node adapters.
import { importOptionalPeer } from './optionalPeer';

type Sharp = (typeof import('sharp'))['default'];

let loading: Promise<Sharp> | undefined;

/** The sharp function; throws naming the package to install when sharp is missing. */
export function loadSharp(): Promise<Sharp> {
  loading ??= importOptionalPeer('sharp', 'reading image files', async () => {
    // ESM gives the function as `default`; a CJS build's require() wrapper may give it as the namespace itself.
    const module = (await import('sharp')) as { default?: Sharp };
    return module.default ?? (module as unknown as Sharp);
  });
  return loading;
}
