// Turns a markdown file's ts/js blocks into programs to typecheck and run, and excerpts to compare with their source.
import { markdownBlocks, type MarkdownBlock } from './markdownBlocks';

const SCRIPT_LANGUAGES = new Set(['ts', 'typescript', 'js', 'javascript', 'mjs']);

export interface SnippetProgram {
  /** `file:line` of the first block: how failures name the program. */
  name: string;
  file: string;
  line: number;
  /** False for `typecheck-only` blocks (and programs that contain one). */
  run: boolean;
  source: string;
  /** lineMap[i]: the markdown line of the program's line i + 1. */
  lineMap: number[];
}

export interface SnippetExcerpt {
  name: string;
  /** Repository path the block is quoted from. */
  path: string;
  code: string;
}

export interface DocumentSnippets {
  programs: SnippetProgram[];
  excerpts: SnippetExcerpt[];
  /** Malformed fences and flags, each naming `file:line`. */
  problems: string[];
}

interface BlockFlags {
  continues: boolean;
  excerpt?: string;
  typecheckOnly?: string;
}

function parseFlags(block: MarkdownBlock, where: string, problems: string[]): BlockFlags {
  const tokens = block.flags.split(/\s+/).filter(Boolean);
  const flags: BlockFlags = { continues: tokens[0] === 'continues' };
  if (flags.continues) tokens.shift();
  const [first, ...rest] = tokens;
  if (first === undefined) return flags;
  if (first.startsWith('excerpt=')) flags.excerpt = first.slice('excerpt='.length);
  else if (first === 'typecheck-only:') {
    flags.typecheckOnly = rest.join(' ');
    if (flags.typecheckOnly === '') problems.push(`${where}: 'typecheck-only:' needs a reason after it (why the block cannot run)`);
    return flags;
  } else problems.push(`${where}: unknown flag '${first}' (known: continues, excerpt=<path>, typecheck-only: <reason>)`);
  if (rest.length > 0) problems.push(`${where}: unexpected '${rest.join(' ')}' after '${first}'`);
  return flags;
}

export function documentSnippets(file: string, text: string): DocumentSnippets {
  const result: DocumentSnippets = { programs: [], excerpts: [], problems: [] };
  let previous: SnippetProgram | undefined;
  for (const block of markdownBlocks(text, file)) {
    const where = `${file}:${block.line}`;
    if (block.language === '') {
      result.problems.push(`${where}: code block without a language (ts to run it; bash, text, … for what does not run)`);
      continue;
    }
    if (!SCRIPT_LANGUAGES.has(block.language)) continue;
    const flags = parseFlags(block, where, result.problems);
    if (flags.excerpt !== undefined) {
      if (flags.continues) result.problems.push(`${where}: an excerpt cannot continue a program`);
      result.excerpts.push({ name: where, path: flags.excerpt, code: block.code });
      continue;
    }
    const lines = block.code.split('\n');
    const lineMap = lines.map((_, k) => block.line + 1 + k);
    if (flags.continues) {
      if (previous === undefined) {
        result.problems.push(`${where}: 'continues' but no runnable ts/js block comes before it in ${file}`);
        continue;
      }
      previous.source += `\n${block.code}`;
      previous.lineMap.push(...lineMap);
      previous.run &&= flags.typecheckOnly === undefined;
      continue;
    }
    previous = { name: where, file, line: block.line, run: flags.typecheckOnly === undefined, source: block.code, lineMap };
    result.programs.push(previous);
  }
  return result;
}

/** Maps a line of a program to `file:line` in its markdown (the program's first block where it is past the end). */
export function markdownLine(program: SnippetProgram, programLine: number): string {
  return `${program.file}:${program.lineMap[programLine - 1] ?? program.line}`;
}

/**
 * Where an excerpt stops matching its source: the first of its non-blank lines that does not appear, in order,
 * among the source's lines, indentation aside (an excerpt may leave lines out, not change them). Undefined when it matches.
 */
export function excerptMismatch(code: string, source: string): string | undefined {
  const sourceLines = source.split('\n').map((line) => line.trim());
  let at = 0;
  for (const line of code.split('\n')) {
    if (line.trim() === '') continue;
    const found = sourceLines.indexOf(line.trim(), at);
    if (found < 0) return line;
    at = found + 1;
  }
  return undefined;
}
