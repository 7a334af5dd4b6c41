// A trained run read back from its folder (`--checkpoint`): its options (config.json), the net with its weights.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { InterpretableNet } from '@icnn/model';
import { ConfigError, savedOptions, type TrainerOptions } from '../config/options';
import { buildNet } from './buildNet';
import { plannedClasses } from './checkNetworks';
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
  const options = savedOptions(readJsonFile(configPath), configPath);
  const classes = plannedClasses(options);
  let net: InterpretableNet;
  try {
    net = buildNet(options, classes);
  } catch (error) {
    throw new ConfigError(`${configPath}: its options build no network (${(error as Error).message})`, { cause: error });
  }
  try {
    await loadNetWeights(dir, net);
  } catch (error) {
    net.dispose();
    throw error;
  }
  return { options, net, classes };
}
