// CommonMark lets a backslash escape any ASCII punctuation, so escaping all of it keeps a
// user's text exactly as typed when the Markdown is read back.
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/g;

export function markdownText(text: string): string {
  return text.replace(ASCII_PUNCTUATION, (character) => `\\${character}`);
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

export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
