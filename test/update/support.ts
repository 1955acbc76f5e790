import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import type { PackAnswers } from '../../src/answers/schema.js';
import { generatePack } from '../support/generate.js';
import { folderState, khalPack } from '../commands/support.js';

/** The pack in `folder` holds exactly the files a fresh generation with `answers` makes, byte for byte. */
export async function expectFreshGeneration(folder: string, answers: PackAnswers): Promise<void> {
  const fresh = await generatePack(answers);
  const { '..': _parent, ...state } = await folderState(folder);
  // A pack in a git repository: its .git folder is not the pack's.
  const files = Object.fromEntries(Object.entries(state).filter(([file]) => !file.startsWith('.git/')));
  expect(Object.keys(files).sort()).toEqual([...fresh.files].sort());
  for (const file of fresh.files) expect(files[file], file).toBe(await readFile(path.join(fresh.folder, file), 'utf8'));
}

/** The env diff between two pack folders, as JSON. */
export async function envDiff(before: string, after: string): Promise<{ kind: string; key: string; level: string; renamedTo?: string }[]> {
  const run = await khalPack(['env', 'diff', before, after, '--json', '--allow-breaking']);
  expect(run.exitCode, run.stderr).toBe(0);
  return JSON.parse(run.stdout).changes;
}

/** The hunks of each file in a dry run's output (`--- file`, `+++ file`, then the hunks). */
export function dryRunHunks(stdout: string): Record<string, string[]> {
  const hunks: Record<string, string[]> = {};
  let file: string | undefined;
  for (const line of stdout.split('\n')) {
    if (line.startsWith('--- ')) hunks[(file = line.slice(4))] = [];
    else if (line === '' || !/^[-+ @]/.test(line)) file = undefined;
    else if (file && !line.startsWith('+++ ')) hunks[file]!.push(line);
  }
  return hunks;
}
