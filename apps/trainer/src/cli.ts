#!/usr/bin/env node
// The `icnn` command line. Options come from flags and an optional --config JSON file (see `icnn --help`); a bad
// option exits with code 2 and a message naming it; Ctrl-C stops after the current batch, saves the checkpoint and
// exits with 130 (a second Ctrl-C exits at once).
import { initBackend } from '@icnn/runtime';
import { ConfigError, optionsHelp, parseFlags, resolveOptions } from './config/options';
import { benchCommand } from './commands/bench';
import { compareCommand } from './commands/compare';
import { demoCommand } from './commands/demo';
import { evalCommand } from './commands/evaluate';
import { explainCommand } from './commands/explain';
import { plannedNetworks } from './commands/plannedNetworks';
import { pretrainCommand } from './commands/pretrain';
import { cliFailure } from './cliFailure';
import { checkNetworks } from './run/checkNetworks';
import { checkInitFrom } from './run/pretrainedBackbone';
import { reportCommand } from './commands/report';
import { trainCommand } from './commands/train';

const COMMANDS = {
  train: 'train one network (ordinary with --no-interpretable; controls with --no-filter-losses / --mask-placement centre)',
  eval: 'evaluate a trained run again (--checkpoint <run folder>)',
  explain: 'heat maps of the most part-like filters on given images (--checkpoint, --image)',
  report: 'the HTML report of trained runs (--runs a,b)',
  pretrain: 'teach a backbone to classify an image folder (--image-folder), for --init-from',
  compare: 'ordinary vs interpretable (and two controls) on the same data: a side-by-side table, --json for one object',
  bench: 'training images/s, ordinary vs interpretable, per backbone (--bench vgg-small,vgg16)',
  demo: 'compare on PartWorld on the embedded WASM backend (what npm start runs)',
} as const;

function usage(): string {
  return [
    'usage: icnn <command> [options]',
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([name, help]) => `  ${name.padEnd(8)} ${help}`),
    '',
    'options (flags override --config file values):',
    optionsHelp(),
    '',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(usage());
    return command === undefined ? 2 : 0;
  }
  if (!(command in COMMANDS)) {
    process.stderr.write(`icnn: unknown command '${command}' (one of ${Object.keys(COMMANDS).join(', ')})\n`);
    return 2;
  }
  const { options, positional } = resolveOptions(rest);
  if (positional.length > 0) throw new ConfigError(`unexpected argument '${positional[0]}' (options are written --name value)`);
  // A wrong --init-from is a user error: say so before any data is read.
  if (options.initFrom !== undefined && command !== 'pretrain') checkInitFrom(options);
  const controller = new AbortController();
  let interrupts = 0;
  process.on('SIGINT', () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    process.stderr.write('\nicnn: stopping after the current batch (Ctrl-C again to quit at once)\n');
    controller.abort();
  });
  const info = await initBackend(options.backend);
  process.stderr.write(`icnn: backend ${info.backend}${info.device ? ` (${info.device})` : ''}${info.threads ? `, ${info.threads} thread(s)` : ''}\n`);
  const given = new Set(Object.keys(parseFlags(rest).flags));
  checkNetworks(plannedNetworks(command, options, given));
  switch (command as keyof typeof COMMANDS) {
    case 'train':
      return trainCommand(options, controller.signal);
    case 'eval':
      return evalCommand(options);
    case 'explain':
      return explainCommand(options);
    case 'report':
      return reportCommand(options);
    case 'compare':
      return compareCommand(options, controller.signal);
    case 'pretrain':
      return pretrainCommand(options, controller.signal);
    case 'bench':
      return benchCommand(options);
    case 'demo':
      return demoCommand(options, given, controller.signal);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const { code, text } = cliFailure(error);
    process.stderr.write(text);
    process.exit(code);
  },
);
