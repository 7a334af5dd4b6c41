import type { Options } from 'tsup';
export interface PackageBuildOptions {
  /** Entry points, default `['src/index.ts']`. */
  entry?: string[] | Record<string, string>;
  /** Dependencies to bundle instead of importing at run time. */
  noExternal?: (string | RegExp)[];
  /** Extra modules to leave as imports. */
  external?: (string | RegExp)[];
  /** esbuild platform, default `'neutral'` (Node and browsers). */
  platform?: 'neutral' | 'node' | 'browser';
  /** Emit .d.ts files (default true; tools that nobody imports skip them). */
  dts?: boolean;
  /** Output formats, default ESM and CJS (programs that run as ESM only take ['esm']). */
  formats?: ('esm' | 'cjs')[];
  /** esbuild plugins, e.g. one that rewrites what a bundled dependency imports. */
  esbuildPlugins?: NonNullable<Options['esbuildPlugins']>;
}
export declare function definePackageConfig(options?: PackageBuildOptions): Options | Options[];
