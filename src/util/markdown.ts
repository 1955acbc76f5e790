// A user's text must read back exactly as typed, and still read well where people see the
// Markdown itself (a terminal, a diff). So only what Markdown (with GitHub's tables and
// strikethrough) could take as syntax is escaped: these anywhere in a line...
const INLINE_SYNTAX = /[\\`*_[\]<>&|~$]/g;
// ...and a block marker at the start of a line: heading, quote, list item, rule, setext line.
const BLOCK_MARKER = /^(\s*)(?:([#>+=-])|(\d+)([.)]))/gm;
// GitHub turns a bare URL into a link, inside which a backslash is no escape: "https://" and
// "www." are broken up so that a URL stays text.
const AUTOLINK_START = /:(?=\/\/)|(?<=\bwww)\./gi;
// "#"s that end a line after a space would be a heading's closing sequence, and vanish.
const CLOSING_HASHES = /(^|[ \t])#(?=#*[ \t]*$)/gm;

export function markdownText(text: string): string {
  return text
    .replace(INLINE_SYNTAX, (character) => `\\${character}`)
    .replace(AUTOLINK_START, (character) => `\\${character}`)
    .replace(CLOSING_HASHES, (_hash, before: string) => `${before}\\#`)
    .replace(BLOCK_MARKER, (_line, space: string, marker?: string, digits?: string, after?: string) =>
      marker ? `${space}\\${marker}` : `${space}${digits}\\${after}`,
    );
}

/** A code span that holds `text` as is, with enough backticks around it. */
export function markdownCode(text: string): string {
  // Markdown has no empty code span: "``" would print two backticks.
  if (text === '') return '';
  const longestRun = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || text.startsWith(' ') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A code span inside a table cell: GitHub ends a cell at any "|", even in code, unless escaped. */
export function markdownCellCode(text: string): string {
  // A "\" right before a "|" would take the "\|" escape for itself, and no code span can hold
  // it: such a text goes in as Markdown text instead (found by the property test).
  if (text.includes('\\|')) return markdownText(text);
  return markdownCode(text).replace(/\|/g, '\\|');
}

export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
