// A feature map as text, dark to bright, with the part's cell marked: for terminals, where a PNG cannot show.
const SHADES = ' .:-=+*#%@';

export function asciiHeatmap(values: ArrayLike<number>, n: number, mark?: [number, number]): string {
  let max = 0;
  for (let i = 0; i < n * n; i++) max = Math.max(max, values[i]);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    let line = '';
    for (let j = 0; j < n; j++) {
      const shade = SHADES[Math.min(SHADES.length - 1, Math.floor((values[i * n + j] / (max || 1)) * (SHADES.length - 1)))];
      line += mark && mark[0] === i && mark[1] === j ? `[${shade}]` : ` ${shade} `;
    }
    lines.push(line);
  }
  return lines.join('\n');
}
