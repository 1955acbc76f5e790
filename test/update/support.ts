import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { expect } from 'vitest';
import type { PackAnswers } from '../../src/answers/schema.js';
import { generatePack, tempFolder } from '../support/generate.js';
import { KHAL_PACK, folderState, khalPack } from '../commands/support.js';

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

/** The hunks of each file in a dry run's output (`--- file`, `+++ file`, then the hunks, with any "\ No newline at end of file"). */
export function dryRunHunks(stdout: string): Record<string, string[]> {
  const hunks: Record<string, string[]> = {};
  let file: string | undefined;
  for (const line of stdout.split('\n')) {
    if (line.startsWith('--- ')) hunks[(file = line.slice(4))] = [];
    else if (line === '' || !/^[-+ @\\]/.test(line)) file = undefined;
    else if (file && !line.startsWith('+++ ')) hunks[file]!.push(line);
  }
  return hunks;
}

/**
 * Runs the built khal-pack with its own kit cache (XDG_CACHE_HOME; a new, empty one unless given)
 * and no reachable registry, unless `env` names one (npm_config_registry).
 */
export async function khalPackWithCache(args: string[], options: { cache?: string; env?: Record<string, string> } = {}) {
  const cache = options.cache ?? (await tempFolder('khal-pack-cache-'));
  return execa('node', [KHAL_PACK, ...args], {
    reject: false,
    stdin: 'ignore',
    env: { NO_COLOR: '1', XDG_CACHE_HOME: cache, npm_config_registry: 'http://127.0.0.1:9/', npm_config_fetch_retries: '0', ...options.env },
  });
}
