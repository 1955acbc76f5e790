import { expect } from 'vitest';

/** Applies unified-diff hunks to `before`, checking every context and removed line against it. */
export function applyDiff(before: string, hunks: string[]): string {
  const source = before.split('\n');
  const result: string[] = [];
  let next = 0;
  for (const line of hunks) {
    const header = /^@@ -(\d+),\d+ \+\d+,\d+ @@$/.exec(line);
    if (header) {
      const start = Number(header[1]) - 1;
      result.push(...source.slice(next, start));
      next = start;
    } else if (line[0] === '+') result.push(line.slice(1));
    else {
      expect(source[next], `line ${next + 1}`).toBe(line.slice(1));
      if (line[0] === ' ') result.push(line.slice(1));
      next++;
    }
  }
  return [...result, ...source.slice(next)].join('\n');
}
