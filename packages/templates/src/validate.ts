/** Throws a RangeError naming `name` unless `value` is a finite number passing `ok`. */
export function assertNumber(name: string, value: unknown, ok: (v: number) => boolean, expectation: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) {
    throw new RangeError(`createTemplates: '${name}' must be ${expectation}, got ${String(value)}`);
  }
}
