// The fenced code blocks of a markdown file, with the line each opens on and the flags of its info string.
//
// A ts/js block runs as written unless its info string says otherwise, after the language:
// - `continues`: the block goes on from the previous ts/js block of the same file (one program, one module);
// - `excerpt=<path>`: the block is a verbatim excerpt of that repository file (typechecked and tested where it lives);
// - `typecheck-only: <reason>`: typechecked, not run (it needs what a test machine lacks: a GPU, a browser, data).
// Blocks in other languages (bash, sh, text, …) are not run; a fence without a language is an error, so that code
// cannot slip past the check by leaving its language out.

export interface MarkdownBlock {
  /** 1-based line of the opening fence. */
  line: number;
  language: string;
  /** The info string after the language, trimmed. */
  flags: string;
  code: string;
}

const FENCE = /^(\s*)(`{3,}|~{3,})(.*)$/;

export function markdownBlocks(text: string, file: string): MarkdownBlock[] {
  const lines = text.split('\n');
  const blocks: MarkdownBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, info] = open;
    const [language = '', ...rest] = info.trim().split(/\s+/);
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = FENCE.exec(lines[j]);
      if (close && close[2][0] === fence[0] && close[2].length >= fence.length && close[3].trim() === '') break;
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j]);
    }
    if (j === lines.length) throw new Error(`${file}:${i + 1}: code block never closed`);
    blocks.push({ line: i + 1, language, flags: rest.join(' '), code: body.join('\n') });
    i = j;
  }
  return blocks;
}
