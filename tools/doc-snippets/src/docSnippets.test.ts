// Every ts/js code block of the READMEs and docs pages, typechecked against the built packages and run on WASM as
// written. A failure names the markdown file and line of the block.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { documentedFiles } from './documentedFiles';
import { documentSnippets, excerptMismatch, markdownLine, type SnippetProgram } from './snippetPrograms';
import { programFile, typecheckPrograms, writePrograms } from './typecheckPrograms';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(packageDir, '../..');
const outDir = join(packageDir, '.snippets');

const documents = documentedFiles(repoRoot).map((file) => documentSnippets(file, readFileSync(join(repoRoot, file), 'utf8')));
const programs = documents.flatMap((document) => document.programs);
const byFile = writePrograms(outDir, programs);

/** The markdown line of the innermost stack frame inside the program's file, else the program's first line. */
function failedLine(program: SnippetProgram, file: string, error: unknown): string {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  const frame = new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+)`).exec(stack);
  return markdownLine(program, frame ? Number(frame[1]) : 0);
}

describe('code blocks in READMEs and docs pages', () => {
  it('finds the blocks (the root README, the packages, the site)', () => {
    const names = programs.map((program) => program.name);
    expect(names.some((name) => name.startsWith('README.md:'))).toBe(true);
    expect(names.some((name) => name.startsWith('packages/model/README.md'))).toBe(true);
    expect(names.some((name) => name.startsWith('apps/docs/site/guides/'))).toBe(true);
  });

  it('every fence has a language and only known flags', () => {
    expect(documents.flatMap((document) => document.problems)).toEqual([]);
  });

  it('every excerpt quotes the file it names (lines may be left out, not changed)', () => {
    const stale = documents.flatMap((document) =>
      document.excerpts.flatMap((excerpt) => {
        const line = excerptMismatch(excerpt.code, readFileSync(join(repoRoot, excerpt.path), 'utf8'));
        return line === undefined ? [] : [`${excerpt.name}: '${line.trim()}' is not in ${excerpt.path} (in this order)`];
      }),
    );
    expect(stale).toEqual([]);
  });

  it('every package a block imports is built before this test runs (nx implicitDependencies)', () => {
    const built = new Set<string>(JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).nx.implicitDependencies);
    const missing = programs.flatMap((program) =>
      [...program.source.matchAll(/from '(@icnn\/[^/']+)/g)]
        .map((match) => match[1])
        .filter((name) => !built.has(name))
        .map((name) => `${program.name}: imports ${name}; add it to tools/doc-snippets' nx.implicitDependencies`),
    );
    expect(missing).toEqual([]);
  });

  it('every block typechecks', () => {
    expect(typecheckPrograms(packageDir, join(repoRoot, 'tsconfig.base.json'), byFile)).toEqual([]);
  });

  for (const program of programs.filter((p) => p.run)) {
    it(`${program.name} runs`, async () => {
      const file = programFile(outDir, program);
      try {
        await import(pathToFileURL(file).href);
      } catch (error) {
        throw new Error(`${failedLine(program, file, error)}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    });
  }
});
