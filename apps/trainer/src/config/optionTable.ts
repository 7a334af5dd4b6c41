// Every trainer option in one table: its type, what is allowed, its default and a one-line help. Flags, config
// files, `icnn --help` and the TrainerOptions type all come from this table, so they cannot disagree.

export type OptionKind = 'string' | 'number' | 'integer' | 'boolean' | 'list';

export interface OptionSpec {
  kind: OptionKind;
  help: string;
  /** Allowed values (strings) for an enumerated option. */
  allowed?: readonly string[];
  /** Numbers: inclusive lower bound, or exclusive when `above` is set. */
  min?: number;
  above?: number;
  max?: number;
  default?: unknown;
}

export const OPTION_TABLE = {
  config: { kind: 'string', help: 'JSON file of options (flags override it)' },
  backend: { kind: 'string', allowed: ['wasm', 'cpu', 'tensorflow', 'webgpu', 'auto'], default: 'wasm', help: 'compute backend (wasm: embedded, no GPU)' },
  backbone: { kind: 'string', default: 'vgg-small', help: 'registered backbone: vgg-small, vgg16, vgg-m, vgg-s, alexnet, resnet18/34/50' },
  width: { kind: 'number', above: 0, max: 4, default: 0.25, help: 'channel width multiplier of the backbone' },
  inputSize: { kind: 'integer', min: 16, max: 1024, default: 64, help: 'input side in pixels' },
  tap: { kind: 'string', help: 'backbone layer the interpretable layers follow (default: its top conv; ResNets: layer3)' },
  dataset: { kind: 'string', allowed: ['partworld', 'ilsvrc'], default: 'partworld', help: 'partworld (synthetic, built in) or ilsvrc (Animal-Part)' },
  category: { kind: 'list', help: 'category (ILSVRC wnid or PartWorld name); several for multi-category' },
  imagesRoot: { kind: 'string', help: 'ILSVRC Animal-Part images root (<wnid>_obj/img/...)' },
  partsRoot: { kind: 'string', help: 'ILSVRC Animal-Part parts root (<wnid>/truth_part0N.mat)' },
  negatives: { kind: 'string', help: 'folder of negative images (single category)' },
  imageFolder: { kind: 'string', help: 'pretrain: image-folder root (<class>/<image>; --category picks classes)' },
  maxPerClass: { kind: 'integer', min: 1, help: 'pretrain: at most this many images per class, the first by name' },
  initFrom: { kind: 'string', help: "train/compare: start the backbone from a pretrained one (an 'icnn pretrain' --out)" },
  backboneLr: { kind: 'number', min: 0, default: 1, help: "learning-rate multiplier of the backbone's layers (0 freezes them)" },
  biasLr: { kind: 'number', min: 0, default: 1, help: 'learning-rate multiplier of every bias (the paper fine-tunes at 2)' },
  maxBadImages: { kind: 'number', min: 0, default: 0.01, help: 'unreadable images a run skips (naming each) before it stops: below 1 a share of its images (0.01 = 1%), from 1 a count' },
  maxNegatives: { kind: 'integer', min: 1, default: 500, help: 'use at most this many negatives, the first by name (CPU scale; the authors used all 1000)' },
  positiveShare: { kind: 'number', above: 0, max: 0.99, help: "share of positives in the single-category set (authors: 0.75); default: each positive and its mirror once" },
  partworldImages: { kind: 'integer', min: 8, default: 1200, help: 'PartWorld images' },
  partworldCategories: { kind: 'integer', min: 2, max: 12, default: 3, help: 'PartWorld categories (single category: the first vs the rest)' },
  loss: { kind: 'string', allowed: ['logistic', 'softmax'], default: 'logistic', help: 'classification loss' },
  interpretable: { kind: 'boolean', default: true, help: 'false trains the ordinary baseline' },
  variant: { kind: 'string', allowed: ['paper', 'authors'], default: 'authors', help: 'mask and gradient: the released code (authors) or the paper' },
  gradient: { kind: 'string', allowed: ['exact', 'paper', 'authors'], help: 'filter-loss gradient (default: the variant)' },
  lossPoints: { kind: 'string', allowed: ['newConv', 'afterPool'], help: 'place of the second filter loss (default: variant)' },
  filterLosses: { kind: 'boolean', default: true, help: 'false keeps the masks without filter losses (a control)' },
  maskPlacement: { kind: 'string', allowed: ['peak', 'centre'], default: 'peak', help: 'centre fixes the masks at the map centre (a control)' },
  filterLossScale: { kind: 'number', min: 0, default: 1, help: 'multiplies the filter-loss weight (1/B with the batch-mean classification loss)' },
  epochs: { kind: 'integer', min: 1, default: 10, help: 'training epochs' },
  batch: { kind: 'integer', min: 1, default: 32, help: 'batch size' },
  lrSchedule: { kind: 'string', allowed: ['cosine', 'constant', 'logspace', 'step'], default: 'cosine', help: 'learning-rate schedule' },
  lr: { kind: 'number', above: 0, default: 0.01, help: 'learning rate (logspace: the first)' },
  lrFinal: { kind: 'number', min: 0, help: 'last rate (cosine default 0; logspace default lr/10)' },
  lrWarmup: { kind: 'number', min: 0, default: 0, help: 'cosine: warm-up epochs' },
  lrStepEvery: { kind: 'integer', min: 1, default: 10, help: 'step: epochs between drops' },
  lrStepFactor: { kind: 'number', above: 0, default: 0.1, help: 'step: factor per drop' },
  momentum: { kind: 'number', min: 0, max: 0.999, default: 0.9, help: 'SGD momentum (SPEC §4: 0.9)' },
  weightDecay: { kind: 'number', min: 0, default: 5e-4, help: 'weight decay (SPEC §4: 5e-4; none on biases and β)' },
  init: { kind: 'string', allowed: ['he', 'paper'], default: 'he', help: "new layers' initial weights: he (√(2/fan-in), for training from scratch) or paper (σ 0.01, for a pretrained backbone)" },
  hidden: { kind: 'integer', min: 1, default: 256, help: 'channels of the two hidden head layers (paper: 4096)' },
  dropout: { kind: 'number', min: 0, max: 0.99, default: 0.5, help: 'dropout of the head' },
  trainJitter: { kind: 'boolean', default: false, help: 'jitter training boxes as the shifted evaluation does (1.5×, ±25%), new offsets each epoch' },
  seed: { kind: 'integer', min: 0, default: 0, help: 'seed of weights, split, shuffling and dropout' },
  evalSeed: { kind: 'integer', min: 0, default: 0, help: "seed of the shifted evaluation's box offsets" },
  workers: { kind: 'integer', min: 1, max: 64, help: 'training threads, each taking a share of every batch (default: the cores, at most 8, on wasm/cpu; 1 on a GPU)' },
  out: { kind: 'string', help: 'output folder (log.jsonl, checkpoint/, metrics.json, report.html)' },
  resume: { kind: 'boolean', default: false, help: 'continue from the checkpoint in --out' },
  cacheDir: { kind: 'string', help: 'disk cache of decoded crops (default <out>/../.crop-cache)' },
  json: { kind: 'boolean', default: false, help: 'print the result as one JSON object' },
  progress: { kind: 'boolean', help: 'progress bar (default: when stderr is a terminal)' },
  image: { kind: 'list', help: 'explain: image files to explain' },
  checkpoint: { kind: 'string', help: 'eval/explain: folder of a trained run (its --out)' },
  filters: { kind: 'integer', min: 1, default: 8, help: 'explain/report: filters shown' },
  runs: { kind: 'list', help: 'report: run folders to put in one report' },
  bench: { kind: 'list', help: 'bench: backbones to time' },
  steps: { kind: 'integer', min: 1, default: 4, help: 'bench: timed steps' },
  controls: { kind: 'boolean', default: true, help: 'compare: also train the mask-only and fixed-centre controls' },
} as const satisfies Record<string, OptionSpec>;

export type OptionName = keyof typeof OPTION_TABLE;

type Table = typeof OPTION_TABLE;

/** What an option holds once checked: one of its allowed strings, a number, a boolean, a list or a string. */
type OptionValue<S> = S extends { allowed: readonly (infer A)[] }
  ? A
  : S extends { kind: 'boolean' }
    ? boolean
    : S extends { kind: 'number' | 'integer' }
      ? number
      : S extends { kind: 'list' }
        ? string[]
        : string;

type WithDefault = { [K in OptionName]: Table[K] extends { default: unknown } ? K : never }[OptionName];

/** The trainer's options as the commands read them: a field per table row, always set where the row has a default. */
export type TrainerOptions = {
  [K in OptionName as K extends WithDefault ? K : never]: OptionValue<Table[K]>;
} & {
  [K in OptionName as K extends WithDefault ? never : K]?: OptionValue<Table[K]>;
};

/** What a row allows, in words, for error messages: "one of 'paper', 'authors'", "an integer ≥ 1". */
export function allowedText(spec: OptionSpec): string {
  if (spec.allowed) return `one of ${spec.allowed.map((a) => `'${a}'`).join(', ')}`;
  if (spec.kind === 'boolean') return 'true or false';
  if (spec.kind === 'list') return 'a list of strings (repeat the flag or separate with commas)';
  if (spec.kind === 'string') return 'a string';
  const bounds = [spec.min !== undefined ? `≥ ${spec.min}` : '', spec.above !== undefined ? `> ${spec.above}` : '', spec.max !== undefined ? `≤ ${spec.max}` : ''].filter(Boolean);
  return `${spec.kind === 'integer' ? 'an integer' : 'a number'}${bounds.length ? ' ' + bounds.join(' and ') : ''}`;
}

/** The flag of an option: inputSize → --input-size. */
export function flagName(key: OptionName): string {
  return `--${key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}`;
}
