// The part of a backbone a net runs: its layers up to the chosen tap. Variables of later layers (ResNet's layer4
// when the interpretable layers follow layer3) take no part: they are left out of the net's variables, trainable
// variables and parameter count.
import { nestedLayers, type Backbone, type LayerSpec } from '@icnn/backbone';

function layerNames(layers: readonly LayerSpec[], into: Set<string>): void {
  for (const layer of layers) {
    into.add(layer.name);
    for (const list of nestedLayers(layer)) layerNames(list, into);
  }
}

/** Names of the layers (nested ones included) that run up to and including the layer tapped as `tap`. */
export function layersUpTo(backbone: Backbone, tap: string): Set<string> {
  const names = new Set<string>();
  for (const layer of backbone.layers) {
    layerNames([layer], names);
    if (layer.tap === tap) return names;
  }
  throw new RangeError(`buildInterpretableNet: backbone '${backbone.name}' has no layer tapped as '${tap}'`);
}

/** The backbone's variables (by their stable names) that belong to layers up to `tap`. */
export function variablesUpTo(backbone: Backbone, tap: string): Record<string, Backbone['variables'][string]> {
  const used = layersUpTo(backbone, tap);
  const out: Record<string, Backbone['variables'][string]> = {};
  for (const [name, variable] of Object.entries(backbone.variables)) {
    const slash = name.lastIndexOf('/');
    if (used.has(slash < 0 ? name : name.slice(0, slash))) out[name] = variable;
  }
  return out;
}
