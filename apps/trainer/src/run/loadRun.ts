// A trained run read back from its folder (`--checkpoint`): its options (config.json), the net with its weights.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { InterpretableNet } from '@icnn/model';
import { ConfigError, type TrainerOptions } from '../config/options';
import { buildNet } from './buildNet';
import { readJsonFile } from './readJsonFile';
import { loadNetWeights } from './runCheckpoint';

export interface LoadedRun {
  options: TrainerOptions;
  net: InterpretableNet;
  classes: number;
}

export async function loadRun(dir: string): Promise<LoadedRun> {
  const configPath = join(dir, 'config.json');
  if (!existsSync(configPath)) throw new ConfigError(`${dir}: not a run folder (no config.json); pass the --out of an 'icnn train' run`);
  const options = readJsonFile(configPath) as TrainerOptions;
  const classes = options.category && options.category.length > 1 ? options.category.length : 1;
  const net = buildNet(options, classes);
  try {
    await loadNetWeights(dir, net);
  } catch (error) {
    net.dispose();
    throw error;
  }
  return { options, net, classes };
}
