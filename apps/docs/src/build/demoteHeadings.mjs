// @ts-check
// A document included under a page's own title: its headings one level down (# → ##), code blocks untouched.

/** @param {string} markdown */
export function demoteHeadings(markdown) {
  let fenced = false;
  return markdown
    .split('\n')
    .map((line) => {
      if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
      return !fenced && /^#{1,5} /.test(line) ? `#${line}` : line;
    })
    .join('\n');
}
