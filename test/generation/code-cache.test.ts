import { cp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { codeCacheMode } from '../../src/bin/code-cache.js';
import { CLI, REPO_ROOT, SCENARIOS_DIR, readText, tempFolder } from '../support/generate.js';
import { filesUnder } from '../../src/util/files.js';

// The shipped bins compile the bundle's chunks with V8 code caches written by the build
// (src/bin/code-cache.ts, scripts/warm-code-cache.mjs). A cache is only ever a shortcut: a
// missing or damaged one must give the same pack, only slower.
const KHAL_PACK = path.join(REPO_ROOT, 'dist/cli/khal-pack.js');
const ANSWERS = path.join(SCENARIOS_DIR, 'full-stack-four-env', 'answers.json');

type CacheReport = Record<string, string>;

function parseReport(stderr: string): CacheReport {
  const report: CacheReport = {};
  for (const match of stderr.matchAll(/^code cache (\S+): (\w+)$/gm)) report[match[1]!] = match[2]!;
  return report;
}

async function scaffold(cli: string, env: Record<string, string> = {}) {
  const cwd = await tempFolder();
  const result = await execa('node', [cli, 'pack', '--answers', ANSWERS], { cwd, reject: false, env });
  expect(result.exitCode, result.stderr).toBe(0);
  return { folder: path.join(cwd, 'pack'), report: parseReport(result.stderr) };
}

async function expectSamePack(folder: string, reference: string) {
  const files = filesUnder(reference);
  expect(filesUnder(folder)).toEqual(files);
  for (const file of files) expect(await readText(folder, file), file).toBe(await readText(reference, file));
}

/** A copy of the shipped CLI (bins, bundle, templates) whose caches a test may damage. */
async function shippedCopy(): Promise<string> {
  const root = await tempFolder('khal-pack-shipped-');
  for (const part of ['dist/cli', 'dist/bundle', 'templates', 'package.json'])
    await cp(path.join(REPO_ROOT, part), path.join(root, part), { recursive: true, preserveTimestamps: true });
  return root;
}

describe('the code cache of the shipped CLI', () => {
  it('is accepted by V8 for every chunk a scaffold and a check load', async () => {
    const { folder, report } = await scaffold(CLI, { KHAL_PACK_CODE_CACHE: 'report' });
    expect(Object.keys(report).length).toBeGreaterThan(5);
    expect(Object.entries(report).filter(([, state]) => state !== 'accepted')).toEqual([]);

    const check = await execa('node', [KHAL_PACK, 'check', folder], { reject: false, env: { KHAL_PACK_CODE_CACHE: 'report' } });
    expect(check.exitCode, check.stdout).toBe(0);
    const checkReport = parseReport(check.stderr);
    expect(Object.keys(checkReport).length).toBeGreaterThan(3);
    expect(Object.entries(checkReport).filter(([, state]) => state !== 'accepted')).toEqual([]);
  });

  it('gives the same pack with the caches off, damaged or missing', async () => {
    const { folder: reference } = await scaffold(CLI);
    const { folder: uncached, report: offReport } = await scaffold(CLI, { KHAL_PACK_CODE_CACHE: 'off' });
    expect(offReport).toEqual({});
    await expectSamePack(uncached, reference);

    const root = await shippedCopy();
    const caches = (await readdir(path.join(root, 'dist/bundle'))).filter((file) => file.endsWith('.cache'));
    const [damaged, removed] = caches.sort((a, b) => a.localeCompare(b)).filter((file) => /^(render-pack|run)-/.test(file));
    await writeFile(path.join(root, 'dist/bundle', damaged!), 'not a V8 code cache');
    await rm(path.join(root, 'dist/bundle', removed!));
    const { folder, report } = await scaffold(path.join(root, 'dist/cli/create-khal-pack.js'), { KHAL_PACK_CODE_CACHE: 'report' });
    await expectSamePack(folder, reference);
    expect(report[damaged!.replace(/\.cache$/, '')]).toBe('rejected');
    expect(report[removed!.replace(/\.cache$/, '')]).toBe('missing');
  });

  it('is rewritten whole by a run in write mode, with no temporary file left', async () => {
    const root = await shippedCopy();
    const bundle = path.join(root, 'dist/bundle');
    for (const file of (await readdir(bundle)).filter((name) => name.endsWith('.cache'))) await rm(path.join(bundle, file));
    await scaffold(path.join(root, 'dist/cli/create-khal-pack.js'), { KHAL_PACK_CODE_CACHE: 'write' });
    const { report } = await scaffold(path.join(root, 'dist/cli/create-khal-pack.js'), { KHAL_PACK_CODE_CACHE: 'report' });
    expect(Object.entries(report).filter(([, state]) => state !== 'accepted')).toEqual([]);
    expect((await readdir(bundle)).filter((name) => /\.cache\.\d+$/.test(name))).toEqual([]);
  });

  it('leaves out the cache of a chunk edited after the build (V8 compares only the length)', async () => {
    const root = await shippedCopy();
    const entry = path.join(root, 'dist/bundle/khal-pack.js');
    const source = await readFile(entry, 'utf8');
    expect(source).toContain('honest');
    await writeFile(entry, source.replace('honest', 'HONEST'));
    const run = await execa('node', [path.join(root, 'dist/cli/khal-pack.js'), '--help'], { env: { KHAL_PACK_CODE_CACHE: 'report' } });
    expect(run.stdout).toContain('HONEST');
    expect(parseReport(run.stderr)['khal-pack.js']).toBe('stale');
  });

  it('reads the mode from KHAL_PACK_CODE_CACHE, reading the caches by default', () => {
    expect(codeCacheMode(undefined)).toBe('read');
    expect(codeCacheMode('')).toBe('read');
    expect(codeCacheMode('write')).toBe('write');
    expect(codeCacheMode('off')).toBe('off');
    expect(codeCacheMode('report')).toBe('report');
    expect(codeCacheMode('WRITE')).toBe('read');
  });
});
