import { describe, expect, it } from 'vitest';
import { demoteHeadings } from './demoteHeadings.mjs';

describe('demoteHeadings', () => {
  it('moves every heading one level down, but not lines in code blocks or six-level headings', () => {
    const text = ['# Results', 'text # not a heading', '## Table', '```bash', '# a comment', '```', '###### deepest'].join('\n');
    expect(demoteHeadings(text)).toBe(['## Results', 'text # not a heading', '### Table', '```bash', '# a comment', '```', '###### deepest'].join('\n'));
  });
});
