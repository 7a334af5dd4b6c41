import { describe, expect, it } from 'vitest';
import { documentSnippets, excerptMismatch, markdownLine } from './snippetPrograms';

const page = [
  '# Title', //                                 1
  '```ts', //                                   2
  "const a = 1;", //                            3
  '```', //                                     4
  '```bash', //                                 5
  'npm install', //                             6
  '```', //                                     7
  '```ts continues', //                         8
  'const b = a + 1;', //                        9
  "throw new Error('b');", //                  10
  '```', //                                    11
  '```ts typecheck-only: needs a GPU', //      12
  "await gpu();", //                           13
  '```', //                                    14
  '```ts excerpt=src/x.ts', //                 15
  'export const x = 1;', //                    16
  '```', //                                    17
].join('\n');

describe('documentSnippets', () => {
  it('joins continuing blocks into one program and maps its lines back to the markdown', () => {
    const { programs, excerpts, problems } = documentSnippets('page.md', page);
    expect(problems).toEqual([]);
    expect(programs.map((p) => [p.name, p.run])).toEqual([
      ['page.md:2', true],
      ['page.md:12', false],
    ]);
    expect(programs[0].source).toBe("const a = 1;\nconst b = a + 1;\nthrow new Error('b');");
    expect(markdownLine(programs[0], 3)).toBe('page.md:10');
    expect(markdownLine(programs[1], 1)).toBe('page.md:13');
    expect(excerpts).toEqual([{ name: 'page.md:15', path: 'src/x.ts', code: 'export const x = 1;' }]);
  });

  it('names the file and line of a fence without a language, an unknown flag, a reasonless typecheck-only', () => {
    const { problems } = documentSnippets('bad.md', ['```', 'x', '```', '```ts runs-fast', 'y', '```', '```ts typecheck-only:', 'z', '```', '```ts continues', 'w', '```'].join('\n'));
    expect(problems).toEqual([
      'bad.md:1: code block without a language (ts to run it; bash, text, … for what does not run)',
      "bad.md:4: unknown flag 'runs-fast' (known: continues, excerpt=<path>, typecheck-only: <reason>)",
      "bad.md:7: 'typecheck-only:' needs a reason after it (why the block cannot run)",
    ]);
  });

  it('refuses a block that continues nothing, and an unclosed fence', () => {
    expect(documentSnippets('c.md', '```ts continues\nx\n```').problems).toEqual(["c.md:1: 'continues' but no runnable ts/js block comes before it in c.md"]);
    expect(() => documentSnippets('d.md', 'text\n```ts\nx')).toThrow('d.md:2: code block never closed');
  });
});

describe('excerptMismatch', () => {
  const source = 'function f() {\n  const a = 1;\n  const b = 2;\n  return a + b;\n}\n';
  it('accepts lines left out and other indentation, not changed or reordered lines', () => {
    expect(excerptMismatch('function f() {\nreturn a + b;\n}', source)).toBeUndefined();
    expect(excerptMismatch('const a = 1;\n\nconst b = 2;', source)).toBeUndefined();
    expect(excerptMismatch('const a = 2;', source)).toBe('const a = 2;');
    expect(excerptMismatch('const b = 2;\nconst a = 1;', source)).toBe('const a = 1;');
  });
});
