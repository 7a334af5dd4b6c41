// Input checks shared by the metrics: each names the function, the argument and the index that is wrong, and says
// what was expected and what came.
import type { Point } from './types';

/** A short, bounded description of a value for an error message. */
export function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return String(value);
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as unknown as ArrayLike<unknown>).length})`;
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

/** Asserts `value` is an array (or typed array), optionally of `length` entries (`lengthOf` says what fixes it). */
export function assertArray(fn: string, name: string, value: unknown, length?: number, lengthOf?: string): asserts value is ArrayLike<unknown> {
  if (!isArrayLike(value)) throw new TypeError(`${fn}: '${name}' must be an array, got ${describe(value)}`);
  if (length !== undefined && value.length !== length) {
    throw new RangeError(`${fn}: '${name}' has ${value.length} entries, expected ${length}${lengthOf ? ` (${lengthOf})` : ''}`);
  }
}

export function assertFiniteNumber(fn: string, name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new RangeError(`${fn}: '${name}' must be a finite number, got ${describe(value)}`);
}

/** Asserts a finite number passing `ok`; `expectation` completes "must be …". */
export function assertNumber(fn: string, name: string, value: unknown, ok: (v: number) => boolean, expectation: string): asserts value is number {
  if (typeof value !== 'number' || Number.isNaN(value) || !ok(value)) {
    throw new RangeError(`${fn}: '${name}' must be ${expectation}, got ${describe(value)}`);
  }
}

export function isPoint(value: unknown): value is Point {
  return (
    isArrayLike(value) &&
    value.length === 2 &&
    typeof value[0] === 'number' &&
    typeof value[1] === 'number' &&
    Number.isFinite(value[0]) &&
    Number.isFinite(value[1])
  );
}

/** Asserts `value` is null or [x, y] of finite numbers. */
export function assertPointOrNull(fn: string, name: string, value: unknown): asserts value is Point | null {
  if (value === null || isPoint(value)) return;
  throw new TypeError(`${fn}: '${name}' must be null or [x, y] of finite numbers, got ${describe(value)}`);
}

export function assertPoint(fn: string, name: string, value: unknown): asserts value is Point {
  if (isPoint(value)) return;
  throw new TypeError(`${fn}: '${name}' must be [x, y] of finite numbers, got ${describe(value)}`);
}

export function assertOneOf<T extends string>(fn: string, name: string, value: unknown, allowed: readonly T[]): asserts value is T {
  if (!allowed.includes(value as T)) {
    throw new RangeError(`${fn}: '${name}' must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${describe(value)}`);
  }
}

export function assertObject(fn: string, name: string, value: unknown, shape: string): asserts value is Record<string, unknown> {
  if (value == null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`${fn}: '${name}' must be an object ${shape}, got ${describe(value)}`);
  }
}
