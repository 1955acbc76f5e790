import { expect } from 'vitest';

const NO_NEWLINE = '\\ No newline at end of file';

/**
 * Applies unified-diff hunks to `before`, checking every context and removed line against it.
 * Lines are those newlines end; "\ No newline at end of file" marks the line before it as the
 * last, without one (as git and patch read it).
 */
export function applyDiff(before: string, hunks: string[]): string {
  const source = before === '' ? [] : before.split('\n');
  if (source.at(-1) === '') source.pop();
  else if (source.length > 0) source[source.length - 1] += `\n${NO_NEWLINE}`;
  const diff: string[] = [];
  for (const line of hunks) {
    if (line === NO_NEWLINE) diff[diff.length - 1] += `\n${NO_NEWLINE}`;
    else diff.push(line);
  }
  const result: string[] = [];
  let next = 0;
  for (const line of diff) {
    const header = /^@@ -(\d+),(\d+) \+\d+,\d+ @@$/.exec(line);
    if (header) {
      // A range of no lines names the line before it.
      const start = Number(header[2]) === 0 ? Number(header[1]) : Number(header[1]) - 1;
      result.push(...source.slice(next, start));
      next = start;
    } else if (line[0] === '+') result.push(line.slice(1));
    else {
      expect(source[next], `line ${next + 1}`).toBe(line.slice(1));
      if (line[0] === ' ') result.push(line.slice(1));
      next++;
    }
  }
  return [...result, ...source.slice(next)].map((line) => (line.endsWith(`\n${NO_NEWLINE}`) ? line.slice(0, -NO_NEWLINE.length - 1) : `${line}\n`)).join('');
}
