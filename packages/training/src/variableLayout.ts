// Where each of a net's variables sits in one flat float32 buffer (data-parallel training): the coordinating thread
// writes the weights there once per step and every worker reads them; each worker writes its gradients in the same
// layout. Both sides build the net from the same options, so the layout (names in the net's order, shapes) must agree —
// `layoutMismatch` checks it.
import type { InterpretableNet } from '@icnn/model';
import { tensorFromView } from './tensorFromView';

export interface VariableSlot {
  name: string;
  shape: number[];
  offset: number;
  size: number;
}

export interface VariableLayout {
  slots: VariableSlot[];
  /** Floats in all. */
  length: number;
}

export function variableLayout(net: InterpretableNet): VariableLayout {
  const slots: VariableSlot[] = [];
  let offset = 0;
  for (const [name, variable] of Object.entries(net.variables)) {
    slots.push({ name, shape: [...variable.shape], offset, size: variable.size });
    offset += variable.size;
  }
  return { slots, length: offset };
}

/** A message naming the first difference, or null when the two layouts agree. */
export function layoutMismatch(expected: VariableLayout, actual: VariableLayout): string | null {
  if (expected.slots.length !== actual.slots.length) return `${actual.slots.length} variables instead of ${expected.slots.length}`;
  for (let i = 0; i < expected.slots.length; i++) {
    const [a, b] = [expected.slots[i], actual.slots[i]];
    if (a.name !== b.name || a.shape.join() !== b.shape.join()) return `variable ${i} is ${b.name} [${b.shape}] instead of ${a.name} [${a.shape}]`;
  }
  return null;
}

/** Copies the net's variables into `buffer` (synchronous read: for the CPU backends the workers run beside). */
export function writeVariables(net: InterpretableNet, layout: VariableLayout, buffer: Float32Array): void {
  for (const slot of layout.slots) buffer.set(net.variables[slot.name].dataSync() as Float32Array, slot.offset);
}

/** Sets the net's variables from `buffer`. */
export function readVariables(net: InterpretableNet, layout: VariableLayout, buffer: Float32Array): void {
  for (const slot of layout.slots) {
    // The main thread rewrites this buffer every step: tensorFromView copies where the backend would keep the view.
    const value = tensorFromView(buffer.subarray(slot.offset, slot.offset + slot.size), slot.shape);
    net.variables[slot.name].assign(value);
    value.dispose();
  }
}
