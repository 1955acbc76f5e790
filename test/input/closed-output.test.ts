import { spawn, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, tempFolder } from '../support/generate.js';

const KHAL_PACK = CLI.replace('create-khal-pack.js', 'khal-pack.js');

/** Runs a bin whose stdout reader is gone before it writes (as `| head` or a pager quit early leaves it). */
function runWithClosedStdout(args: string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('output whose reader has gone (| head, a pager quit early)', () => {
  it('create writes the whole pack and exits 0, without an EPIPE trace', async () => {
    const cwd = await tempFolder();
    const run = await runWithClosedStdout([CLI, 'pack-weather', '--yes', '--kind', 'full-stack', '--author', 'A'], cwd);
    expect(run.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(run.code).toBe(0);
    expect(existsSync(path.join(cwd, 'pack-weather/helm/values.yaml'))).toBe(true);
  });

  it.each([[['--help']], [['env', 'diff', '--help']], [['--version']]])('khal-pack %j exits 0, without an EPIPE trace', async (args) => {
    const run = await runWithClosedStdout([KHAL_PACK, ...args], await tempFolder());
    expect(run.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(run.code).toBe(0);
  });

  it('check keeps its own exit code (1: problems found)', async () => {
    const cwd = await tempFolder();
    expect(spawnSync(process.execPath, [CLI, 'pack', '--yes', '--kind', 'full-stack', '--author', 'A'], { cwd }).status).toBe(0);
    rmSync(path.join(cwd, 'pack/helm/Chart.yaml'));
    const run = await runWithClosedStdout([KHAL_PACK, 'check', 'pack'], cwd);
    expect(run.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(run.code).toBe(1);
  });
});
