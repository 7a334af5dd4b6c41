// A checkpoint folder loaded for a command (eval, explain, report, --resume, --init-from): damaged or non-finite
// weights are the user's error (exit 2, the file and the weight named, no stack trace), and a checkpoint written
// before weight digests still loads, with a warning that it was not verified.
import { join } from 'node:path';
import { loadCheckpoint, type HasVariables, type LoadCheckpointOptions } from '@icnn/model';
import { fileSystemHandler, MODEL_FILE } from '@icnn/model/node';
import { ConfigError } from '../config/options';

export async function loadCheckedCheckpoint(model: HasVariables, dir: string, options: LoadCheckpointOptions = {}): Promise<void> {
  let verified: boolean;
  try {
    ({ verified } = await loadCheckpoint(model, fileSystemHandler(dir), options));
  } catch (error) {
    // The model's messages name the file and the weight already.
    throw new ConfigError((error as Error).message);
  }
  if (!verified) process.stderr.write(`icnn: warning: ${join(dir, MODEL_FILE)} has no weight digests (saved before icnn wrote them); its weights were loaded unverified\n`);
}
