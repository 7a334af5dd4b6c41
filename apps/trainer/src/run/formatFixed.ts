// A figure for a progress or summary line: fixed digits when finite, else NaN or ±Infinity as they are (a diverging
// loss must show, not read as a number).
export function formatFixed(value: number, digits = 4): string {
  return Number.isFinite(value) ? value.toFixed(digits) : String(value);
}
