// Typed access to values read by matV5.ts, with errors that say where in the variable tree the problem is.
import type { MatCharArray, MatNumericArray, MatStructArray, MatValue } from './matV5';

const describe = (value: MatValue): string => `${value.kind === 'numeric' ? value.class : value.kind} ${value.dims.join('×')}`;

export function asStruct(value: MatValue | undefined, where: string): MatStructArray {
  if (value === undefined) throw new Error(`${where}: missing`);
  if (value.kind !== 'struct') throw new Error(`${where}: expected a struct array, found ${describe(value)}`);
  return value;
}

/** A struct array, or `null` for MATLAB's empty [] (no elements). */
export function asStructOrEmpty(value: MatValue | undefined, where: string): MatStructArray | null {
  if (value !== undefined && value.kind === 'numeric' && value.real.length === 0) return null;
  return asStruct(value, where);
}

/** A char row vector as a string. */
export function asString(value: MatValue | undefined, where: string): string {
  if (value === undefined) throw new Error(`${where}: missing`);
  if (value.kind !== 'char' || (value.dims[0] > 1 && value.text.length > 0)) throw new Error(`${where}: expected a char row, found ${describe(value)}`);
  return value.text;
}

/** A real numeric scalar as a number (whatever its class). */
export function asScalar(value: MatValue | undefined, where: string): number {
  if (value === undefined) throw new Error(`${where}: missing`);
  if (value.kind !== 'numeric' || value.real.length !== 1) throw new Error(`${where}: expected a numeric scalar, found ${describe(value)}`);
  const number = Number(value.real[0]);
  if (!Number.isFinite(number)) throw new Error(`${where}: not finite: ${number}`);
  return number;
}

/** A 2-D numeric array [rows, columns]. */
export function asMatrix(value: MatValue | undefined, where: string): MatNumericArray {
  if (value === undefined) throw new Error(`${where}: missing`);
  if (value.kind !== 'numeric' || value.dims.length !== 2) throw new Error(`${where}: expected a 2-D numeric array, found ${describe(value)}`);
  return value;
}

/** Field `name` of element `index` (0-based) of a struct array. */
export function field(struct: MatStructArray, index: number, name: string): MatValue | undefined {
  return struct.elements[index]?.get(name);
}
