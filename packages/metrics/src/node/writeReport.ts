// The HTML report to a file (its figures' PNGs inlined as data: URIs; encodePng compresses them).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { htmlReport, type ReportOptions } from '../render/htmlReport';

/** Renders `options` with `htmlReport` and writes it to `path`; resolves to the HTML. */
export async function writeReport(path: string, options: ReportOptions): Promise<string> {
  if (typeof path !== 'string' || path.length === 0) throw new TypeError(`writeReport: 'path' must be a non-empty string, got ${String(path)}`);
  const html = htmlReport(options);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, html, 'utf8');
  return html;
}
