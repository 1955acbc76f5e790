import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { REPO_ROOT } from '../support/generate.js';

// create and the read-only commands start no program (create runs git only for a missing
// author, through an import on first use), so loading git's runner (execa, and with it
// child_process and much of Node) would only slow every run of them: it happened once, through a
// constant shared with the merge. Their file access is synchronous, and fs/promises alone takes
// milliseconds to load. This follows the static imports from each command's module.
const COMMANDS = ['create', 'check', 'handoff', 'env-diff'];
const NOT_AT_START = ['execa', 'node:child_process', 'node:fs/promises'];
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

it.each(COMMANDS)('%s loads none of execa, child_process, fs/promises', (command) => {
  const loaded = staticImports(path.join(REPO_ROOT, 'src/commands', `${command}.ts`));
  expect(loaded.size).toBeGreaterThan(3);
  expect([...loaded].filter((module) => NOT_AT_START.includes(module))).toEqual([]);
});

it("env diff compares two manifests' env entries without loading the answers' or the contract's schemas (zod)", () => {
  const loaded = staticImports(path.join(REPO_ROOT, 'src/commands/env-diff.ts'));
  expect([...loaded].filter((module) => module.startsWith('zod'))).toEqual([]);
});

it.each(['add-env', 'env-change', 'set'])('%s loads neither execa nor child_process until a file needs a merge by lines', (command) => {
  const loaded = staticImports(path.join(REPO_ROOT, 'src/commands', `${command}.ts`));
  expect(loaded.size).toBeGreaterThan(3);
  expect([...loaded].filter((module) => module === 'execa' || module === 'node:child_process')).toEqual([]);
});
