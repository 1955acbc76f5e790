#!/usr/bin/env node
// Build step (after bundle.mjs): runs each command of the bundled CLI once with
// KHAL_PACK_CODE_CACHE=write, so every chunk gets a V8 code cache beside it (`<chunk>.cache`)
// that holds the functions real runs compile. Each run reads the caches the runs before it
// wrote and writes them back with its own functions added. See src/bin/code-cache.ts.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = (name) => path.join(root, 'dist/cli', `${name}.js`);
const work = mkdtempSync(path.join(os.tmpdir(), 'khal-pack-warm-'));
const fullStack = path.join(work, 'pack-warm-full');
const frontendOnly = path.join(work, 'pack-warm-front');
const common = ['--yes', '--author', 'Build', '--description', 'Warms the code cache'];

const runs = [
  [cli('create-khal-pack'), '--help'],
  [cli('create-khal-pack'), fullStack, ...common, '--kind', 'full-stack',
    '--env', 'API_TOKEN:secret#Token of the provider', '--env', 'BETA_UI:boolean=false#Beta UI',
    '--env', 'PROVIDER_URL:url#Base URL', '--env', 'POLL_SECONDS:number=30#Seconds between readings'],
  [cli('create-khal-pack'), frontendOnly, ...common, '--kind', 'frontend-only'],
  [cli('create-khal-pack'), path.join(work, 'pack-warm-dry'), ...common, '--dry-run'],
  [cli('khal-pack'), '--help'],
  [cli('khal-pack'), 'check', fullStack],
  [cli('khal-pack'), 'check', '--json', frontendOnly],
  [cli('khal-pack'), 'handoff', fullStack],
  [cli('khal-pack'), 'add', 'env', 'REGION', '--type', 'string', '--description', 'Region', '--default', 'eu', '--dir', fullStack],
  [cli('khal-pack'), 'env', 'diff', frontendOnly, fullStack, '--allow-breaking'],
];
try {
  for (const argv of runs) {
    const run = spawnSync(process.execPath, argv, { cwd: work, env: { ...process.env, KHAL_PACK_CODE_CACHE: 'write' }, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`node ${argv.join(' ')} exited ${run.status}:\n${run.stderr}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
const caches = readdirSync(path.join(root, 'dist/bundle')).filter((file) => file.endsWith('.cache'));
console.log(`wrote ${caches.length} code caches in dist/bundle/ from ${runs.length} runs`);
