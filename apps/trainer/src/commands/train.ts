// `icnn train`: one network (ordinary, interpretable or a control) with the given options.
import { join } from 'node:path';
import { writeReport } from '@icnn/metrics/node';
import type { TrainerOptions } from '../config/options';
import { runReport } from '../report/runReport';
import { saveRunExtras } from '../run/saveRunExtras';
import { trainNetwork } from '../run/trainNetwork';
import { printMetrics } from './printMetrics';

export async function trainCommand(options: TrainerOptions, signal: AbortSignal): Promise<number> {
  const result = await trainNetwork(options, { signal });
  try {
    if (result.interrupted) return 130;
    if (options.out !== undefined) {
      await saveRunExtras(options.out, result);
      await writeReport(join(options.out, 'report.html'), { title: `icnn train — ${result.kind}, ${result.data.description}`, runs: [await runReport(result, result.kind, options.filters)] });
    }
    printMetrics(result.kind, result.metrics!, options.json, options.out);
    return 0;
  } finally {
    result.net.dispose();
  }
}
