// Install hints: which package provides a backbone, so that createBackbone's error for a name nobody registered can
// say what to install (a plugin that is not installed cannot say so itself). icnn's own plugins declare theirs in
// their package.json, generated into KNOWN_BACKBONE_PACKAGES; an app or a third-party plugin declares more at run
// time. Kept on a global symbol, like the registry, so that two copies of this package share them.
import { KNOWN_BACKBONE_PACKAGES } from './knownBackbones';

const HINTS_KEY = Symbol.for('@icnn/backbone/packages');

function declared(): Map<string, string> {
  const holder = globalThis as typeof globalThis & { [HINTS_KEY]?: Map<string, string> };
  holder[HINTS_KEY] ??= new Map();
  return holder[HINTS_KEY];
}

/**
 * Declares which package provides each backbone name (`{ 'my-net': 'my-icnn-plugin' }`), for createBackbone's
 * error when that name is not registered. A later declaration of a name replaces an earlier one and icnn's own.
 */
export function declareBackbonePackages(hints: Readonly<Record<string, string>>): void {
  const fn = 'declareBackbonePackages';
  if (hints == null || typeof hints !== 'object' || Array.isArray(hints)) {
    throw new TypeError(`${fn}: 'hints' must be an object { backboneName: packageName }, got ${JSON.stringify(hints) ?? String(hints)}`);
  }
  const entries = Object.entries(hints);
  for (const [name, pkg] of entries) {
    if (name.length === 0) throw new TypeError(`${fn}: a backbone name must be a non-empty string, got ''`);
    if (typeof pkg !== 'string' || pkg.length === 0) {
      throw new TypeError(`${fn}: the package of backbone '${name}' must be a non-empty string, got ${JSON.stringify(pkg) ?? String(pkg)}`);
    }
  }
  for (const [name, pkg] of entries) declared().set(name, pkg);
}

/** The package that provides backbone `name`: declared at run time, else icnn's own; undefined when none is known. */
export function backbonePackageOf(name: string): string | undefined {
  return declared().get(name) ?? (Object.hasOwn(KNOWN_BACKBONE_PACKAGES, name) ? KNOWN_BACKBONE_PACKAGES[name] : undefined);
}
