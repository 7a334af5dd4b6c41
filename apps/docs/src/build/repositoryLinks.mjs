// @ts-check
// Links in docs/*.md that point into the repository (../examples/x) have no page in the site.

/**
 * A markdown link whose target is relative and leaves docs/ (`../examples/x`) would be dead in the site: it becomes
 * the repository path in code, after the link text.
 * @param {string} markdown
 */
export function rewriteRepositoryLinks(markdown) {
  return markdown.replace(/\[([^\]]+)\]\((\.\.\/[^)\s]+)\)/g, (_, text, target) => {
    const path = target.replace(/^(\.\.\/)+/, '');
    return text.includes(path) ? `${text} (in the repository)` : `${text} (repository: \`${path}\`)`;
  });
}
