// The install hint of a backbone: createBackbone's error for its name, were it not registered, names the package
// to install. icnn's own plugins (`@icnn/backbone-*`) must list the backbone in their package.json
// ("icnn": { "backbones" }), from which @icnn/backbone's table is generated; others are checked where they declared
// a hint (`declareBackbonePackages`).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { backbonePackageOf, createBackbone, getBackboneDefinition, registerBackbone, unregisterBackbone } from '@icnn/backbone';
import { expect } from 'vitest';

/** The `"icnn": { "backbones" }` of package `name`'s package.json, resolved from the working directory. */
function declaredBackbones(name: string): unknown {
  const require = createRequire(join(process.cwd(), 'package.json'));
  const pkg = require(`${name}/package.json`) as { icnn?: { backbones?: unknown } };
  return pkg.icnn?.backbones;
}

export function expectInstallHint(name: string): void {
  const definition = getBackboneDefinition(name);
  const packageName = definition.provider?.replace(/@[^@/]*$/, '');
  const icnnPlugin = packageName?.startsWith('@icnn/backbone-') === true;
  if (icnnPlugin) {
    expect(declaredBackbones(packageName!), `${packageName}'s package.json "icnn": { "backbones" }`).toContain(name);
    expect(backbonePackageOf(name), `the install hint of '${name}' (out of date? run node tools/lint/backboneHints.mjs)`).toBe(packageName);
  }
  const hint = backbonePackageOf(name);
  if (hint === undefined) return;
  // The error itself, with the definition out of the registry for the moment.
  unregisterBackbone(name);
  try {
    expect(() => createBackbone(name)).toThrow(`'${name}' is provided by ${hint}: install it and call its register().`);
  } finally {
    registerBackbone(definition);
  }
}
