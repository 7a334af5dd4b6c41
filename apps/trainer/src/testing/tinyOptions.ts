// The smallest run that exercises the whole trainer in seconds: PartWorld at 16×16, a 1/16-width vgg-small.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveOptions, type TrainerOptions } from '../config/options';

export function tinyOptions(extra: string[] = []): TrainerOptions {
  return resolveOptions(['--backend', 'cpu', '--width', '0.0625', '--input-size', '16', '--partworld-images', '48', '--epochs', '2', '--batch', '8', '--hidden', '8', '--progress', 'false', '--workers', '1', ...extra]).options;
}

export function temporaryOut(): string {
  return join(mkdtempSync(join(tmpdir(), 'icnn-trainer-')), 'run');
}
