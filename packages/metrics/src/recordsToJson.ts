// JSON for record lists: non-finite numbers (which JSON cannot hold) become null, typed arrays plain arrays.

/** `JSON.stringify` with NaN/±Infinity → null and typed arrays → arrays; `indent` as JSON.stringify's `space`. */
export function recordsToJson(records: readonly object[], indent: number | string = 2): string {
  return JSON.stringify(
    records,
    (_, v: unknown) => {
      if (typeof v === 'number' && !Number.isFinite(v)) return null;
      if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
      return v;
    },
    indent,
  );
}
