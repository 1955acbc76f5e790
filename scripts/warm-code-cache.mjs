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

// V8 takes a cache only under the flags it was made with: NODE_OPTIONS of the build
// (--max-old-space-size, say) would make caches that plain runs reject.
const { NODE_OPTIONS: _buildFlags, ...plainEnv } = process.env;
const run = (argv, mode) =>
  spawnSync(process.execPath, argv, { cwd: work, env: { ...plainEnv, KHAL_PACK_CODE_CACHE: mode }, encoding: 'utf8' });

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
    const result = run(argv, 'write');
    if (result.status !== 0) throw new Error(`node ${argv.join(' ')} exited ${result.status}:\n${result.stderr}`);
  }
  // A plain run must take every cache it reads, or the build has shipped dead weight.
  for (const argv of [[cli('create-khal-pack'), path.join(work, 'pack-warm-check'), ...common, '--kind', 'full-stack'], [cli('khal-pack'), 'check', fullStack]]) {
    const unused = run(argv, 'report').stderr.split('\n').filter((line) => line.startsWith('code cache ') && !line.endsWith(': accepted'));
    if (unused.length > 0) throw new Error(`the code caches are not taken by a plain run of node ${argv.join(' ')}:\n${unused.join('\n')}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
const caches = readdirSync(path.join(root, 'dist/bundle')).filter((file) => file.endsWith('.cache'));
console.log(`wrote ${caches.length} code caches in dist/bundle/ from ${runs.length} runs`);
