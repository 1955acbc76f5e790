import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../support/generate.js';

// The generated pack's CI runs on Node 24 (its tools need Node 22.18 or newer: vitest 5,
// tsdown, jsdom 31), so the end-to-end test runs the pack's commands on Node 24 too, whatever
// Node runs the kit: the official binary that scripts/fetch-node.mjs fetches and hash-checks.

/** The folder of a Node 24 binary: the running one when it is 24, else the pinned one, fetched once. */
export function packNodeFolder(): string {
  if (process.versions.node.split('.')[0] === '24') return path.dirname(process.execPath);
  const node = execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts/fetch-node.mjs'), '24'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return path.dirname(node.trim());
}
