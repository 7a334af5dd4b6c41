// The backbone registry: a string-keyed map kept on a global symbol (like tfjs's kernel registry), so that two
// copies of this package in one program share it. Plugins register explicitly (`register()` of each package).
import { SPECIFICATION_VERSION, type Backbone, type BackboneDefinition, type BackboneOptionsFor } from './contract';
import { backbonePackageOf } from './backbonePackages';

const REGISTRY_KEY = Symbol.for('@icnn/backbone/registry');

type Registry = Map<string, BackboneDefinition>;

function registry(): Registry {
  const holder = globalThis as typeof globalThis & { [REGISTRY_KEY]?: Registry };
  holder[REGISTRY_KEY] ??= new Map();
  return holder[REGISTRY_KEY];
}

const describeProvider = (def: BackboneDefinition) => def.provider ?? 'an unnamed provider';

/**
 * Registers `definition` under its name. Registering the same definition again, or one from the same provider
 * (a second copy of one package version), is a no-op; a different definition under a taken name is an error that
 * names both providers.
 */
export function registerBackbone(definition: BackboneDefinition): void {
  if (definition == null || typeof definition !== 'object') {
    throw new TypeError(`registerBackbone: 'definition' must be a BackboneDefinition object, got ${String(definition)}`);
  }
  const { name, specificationVersion, create } = definition;
  if (typeof name !== 'string' || name.length === 0) {
    throw new TypeError(`registerBackbone: 'definition.name' must be a non-empty string, got ${JSON.stringify(name)}`);
  }
  if (specificationVersion !== SPECIFICATION_VERSION) {
    throw new TypeError(
      `registerBackbone: backbone '${name}' from ${describeProvider(definition)} implements contract ` +
        `'${String(specificationVersion)}', but this @icnn/backbone implements '${SPECIFICATION_VERSION}'`,
    );
  }
  if (typeof create !== 'function') {
    throw new TypeError(`registerBackbone: backbone '${name}' has no 'create' function`);
  }
  const existing = registry().get(name);
  if (existing !== undefined) {
    if (existing === definition || (existing.provider !== undefined && existing.provider === definition.provider)) return;
    throw new Error(
      `registerBackbone: backbone '${name}' is already registered by ${describeProvider(existing)}; ` +
        `refusing a second definition from ${describeProvider(definition)} (unregisterBackbone('${name}') first to replace it)`,
    );
  }
  registry().set(name, definition);
}

/** Removes a registration; returns whether there was one. */
export function unregisterBackbone(name: string): boolean {
  return registry().delete(name);
}

/** Registered names, sorted. */
export function listBackbones(): string[] {
  return [...registry().keys()].sort();
}

/** The registered definition of `name`; throws like `createBackbone` when there is none. */
export function getBackboneDefinition(name: string): BackboneDefinition {
  const definition = registry().get(name);
  if (definition !== undefined) return definition;
  const registered = listBackbones();
  const known = backbonePackageOf(name);
  const hint = known !== undefined ? ` '${name}' is provided by ${known}: install it and call its register().` : '';
  throw new Error(
    `createBackbone: no backbone named ${JSON.stringify(name)} is registered ` +
      `(registered: ${registered.length > 0 ? registered.join(', ') : 'none'}).${hint}`,
  );
}

/** Creates the backbone registered as `name`, with the options its plugin declared (see `BackboneOptionsMap`). */
export function createBackbone<N extends string>(name: N, options?: BackboneOptionsFor<N>): Backbone {
  return getBackboneDefinition(name).create(options);
}
