// CSV (RFC 4180) for any list of flat or nested records, such as `buildFilterRecords`' output.
import { assertArray, assertOneOf, describe } from './validate';

export interface CsvOptions {
  /** Line ending; default '\n' ('\r\n' is RFC 4180's). */
  eol?: '\n' | '\r\n';
}

/**
 * One header row, then one row per record. Nested objects become dotted columns (`references.random`); columns
 * appear in the order first met. null, undefined and non-finite numbers are empty cells; numbers print in full
 * precision (JavaScript's shortest round-trip form); arrays are written as JSON text. A cell is quoted when it holds
 * a comma, a double quote (doubled inside), CR or LF, or starts or ends with a space.
 */
export function recordsToCsv(records: readonly object[], options: CsvOptions = {}): string {
  const fn = 'recordsToCsv';
  assertArray(fn, 'records', records);
  const eol = options.eol ?? '\n';
  assertOneOf(fn, 'options.eol', eol, ['\n', '\r\n'] as const);
  const rows = records.map((record, n) => {
    if (record == null || typeof record !== 'object' || Array.isArray(record)) {
      throw new TypeError(`${fn}: 'records[${n}]' must be an object, got ${describe(record)}`);
    }
    const cells = new Map<string, string>();
    flatten(record as Record<string, unknown>, '', cells);
    return cells;
  });
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    for (const key of row.keys()) {
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
  }
  const lines = [columns.map(quote).join(',')];
  for (const row of rows) lines.push(columns.map((c) => quote(row.get(c) ?? '')).join(','));
  return lines.join(eol) + eol;
}

function flatten(value: Record<string, unknown>, prefix: string, out: Map<string, string>): void {
  for (const [key, v] of Object.entries(value)) {
    const name = prefix + key;
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v)) {
      flatten(v as Record<string, unknown>, `${name}.`, out);
    } else {
      out.set(name, cellText(v));
    }
  }
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v) || ArrayBuffer.isView(v)) return JSON.stringify(Array.from(v as ArrayLike<unknown>, (e) => (typeof e === 'number' && !Number.isFinite(e) ? null : e)));
  return String(v);
}

function quote(text: string): string {
  return /[",\r\n]|^ | $/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
