import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { REPO_ROOT } from '../support/generate.js';

// The read-only commands start no program, so loading git's runner (execa, and with it
// child_process and much of Node) would only slow every run of them: it happened once, through a
// constant shared with the merge. This follows the static imports from each command's module.
const READ_ONLY = ['check', 'handoff', 'env-diff'];
const STATIC_IMPORT = /^\s*import\s+(?!type\b)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

function staticImports(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const [, specifier] of source.matchAll(STATIC_IMPORT)) {
      if (specifier!.startsWith('.')) visit(path.resolve(path.dirname(file), specifier!.replace(/\.js$/, '.ts')));
      else seen.add(specifier!);
    }
  };
  visit(entry);
  return seen;
}

it.each(READ_ONLY)('khal-pack %s loads neither execa nor child_process', (command) => {
  const loaded = staticImports(path.join(REPO_ROOT, 'src/commands', `${command}.ts`));
  expect(loaded.size).toBeGreaterThan(3);
  expect([...loaded].filter((module) => module === 'execa' || module === 'node:child_process')).toEqual([]);
});
