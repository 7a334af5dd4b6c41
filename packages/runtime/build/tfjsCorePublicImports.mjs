// An esbuild plugin for bundling tfjs-core's gradient and chained-op registrations without a copy of tfjs-core.
// Those registrations exist only as ESM files under @tensorflow/tfjs-core/dist/ whose imports have no extensions, so
// plain Node cannot load them and they must be bundled; left alone, esbuild would follow their relative imports into
// every op, the engine and the tensor class (587 KB per build). This plugin rewrites each relative import of a
// bundled tfjs-core file to the user's `@tensorflow/tfjs-core` wherever the public API exports the name (top level,
// or the namespace named after the module, e.g. `util`), so only the few internals the public API lacks (a handful
// of backprop ops, the gradient configs themselves) are bundled. Two internals are rebuilt from public pieces:
// `ENGINE` is `engine()` (one global engine per page/process) and `getGlobalTensorClass()` is the public `Tensor`.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, resolve } from 'node:path';

const CORE = '@tensorflow/tfjs-core';
const CORE_FILE = /[\\/]@tensorflow[\\/]tfjs-core[\\/]dist[\\/].*\.js$/;

/** Internal modules whose names the public API exports under another namespace. */
const NAMESPACE_OF = { util_base: 'util', conv_util: 'backend_util', axis_util: 'backend_util', selu_util: 'backend_util' };

/** Internals the public API has under another form: module basename → name → the public expression that replaces it. */
const REBUILT = {
  engine: { ENGINE: { from: 'engine', as: (local) => `const ${local} = __tfPublic_engine();` } },
  tensor: { getGlobalTensorClass: { from: 'Tensor', as: (local) => `const ${local} = () => __tfPublic_Tensor;` } },
};

/** Names a tfjs-core dist module exports (`export const|function|class x`, `export { a, b as c }`). */
function exportedNames(path) {
  const source = readFileSync(path, 'utf8');
  const names = [...source.matchAll(/^export (?:const|let|var|function\*?|async function|class) (\w+)/gm)].map((m) => m[1]);
  for (const [, list] of source.matchAll(/^export\s*\{([^}]*)\}/gm)) {
    names.push(...list.split(',').map((item) => item.trim().split(/\s+as\s+/).pop()).filter(Boolean));
  }
  return names;
}

/** @returns {import('esbuild').Plugin} */
export function tfjsCorePublicImports() {
  // The public API as Node sees it (the package's main); the ESM entry browsers get exports the same names.
  const publicApi = createRequire(import.meta.url)(CORE);
  const namespaces = new Map(
    Object.entries(publicApi).filter(([, value]) => value !== null && typeof value === 'object' && !Array.isArray(value)),
  );
  const publicName = (moduleBase, name) => {
    if (name in publicApi) return { ref: name };
    const namespace = NAMESPACE_OF[moduleBase] ?? moduleBase;
    if (namespaces.has(namespace) && name in namespaces.get(namespace)) return { ref: `${namespace}.${name}` };
    return undefined;
  };

  return {
    name: 'tfjs-core-public-imports',
    setup(build) {
      build.onLoad({ filter: CORE_FILE }, (args) => {
        const source = readFileSync(args.path, 'utf8').replace(/\n\/\/# sourceMappingURL=data:[^\n]*/g, '');
        const wanted = new Set(); // public names this file needs
        const prologue = [];
        let rewritten = source.replace(/import\s*\{([^}]*)\}\s*from\s*'(\.[^']*)';/g, (statement, list, spec) => {
          const moduleBase = basename(spec);
          const kept = [];
          for (const item of list.split(',').map((part) => part.trim()).filter(Boolean)) {
            const [name, local = name] = item.split(/\s+as\s+/);
            const rebuilt = REBUILT[moduleBase]?.[name];
            const found = publicName(moduleBase, name);
            if (rebuilt !== undefined) {
              wanted.add(rebuilt.from);
              prologue.push(rebuilt.as(local));
            } else if (found !== undefined) {
              const root = found.ref.split('.')[0];
              wanted.add(root);
              prologue.push(`const ${local} = __tfPublic_${found.ref};`);
            } else {
              kept.push(item);
            }
          }
          return kept.length > 0 ? `import { ${kept.join(', ')} } from '${spec}';` : '';
        });
        rewritten = rewritten.replace(/import\s*\*\s*as\s+(\w+)\s+from\s*'(\.[^']*)';/g, (statement, local, spec) => {
          const moduleBase = NAMESPACE_OF[basename(spec)] ?? basename(spec);
          const namespace = namespaces.get(moduleBase);
          const exported = exportedNames(resolve(dirname(args.path), `${spec}.js`));
          if (namespace === undefined || !exported.every((name) => name in namespace)) return statement;
          wanted.add(moduleBase);
          prologue.push(`const ${local} = __tfPublic_${moduleBase};`);
          return '';
        });
        if (wanted.size === 0) return { contents: rewritten, loader: 'js', resolveDir: dirname(args.path) };
        const header = `import { ${[...wanted].map((name) => `${name} as __tfPublic_${name}`).join(', ')} } from '${CORE}';\n`;
        return { contents: header + prologue.join('\n') + '\n' + rewritten, loader: 'js', resolveDir: dirname(args.path) };
      });
    },
  };
}
