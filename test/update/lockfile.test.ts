import { writeFile } from 'node:fs/promises';
import { execa } from 'execa';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { readText, tempFolder } from '../support/generate.js';
import { khalPack, scenarioCopy } from '../commands/support.js';

// A change that edits what bun.lock records of a package.json says so (the pack's CI installs
// with --frozen-lockfile), and template-update.yml brings the lockfile along on that signal.
// Measured with bun 1.4.5: `bun install --frozen-lockfile` refuses a workspace renamed or a
// dependency changed, and takes a version bump or a new description.

const packs = new Map<string, string>();
// The kit only looks for the file: bun's own lockfile needs the registry, and the kit is not on it yet.
const withLockfile = async (scenario: string) => {
  const folder = await scenarioCopy(scenario, packs);
  await writeFile(path.join(folder, 'bun.lock'), '{\n  "lockfileVersion": 1,\n}\n');
  return folder;
};

describe('a change that leaves bun.lock behind its package.json files', () => {
  it('set --scope renames the frontend package: the report says to run bun install (text, --json, --dry-run)', async () => {
    const folder = await withLockfile('frontend-only-minimal');
    const dry = await khalPack(['set', '--scope', '@acme', '--dir', folder, '--dry-run']);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('This change would edit what bun.lock records of package/package.json: after it, run bun install and commit bun.lock');
    const run = await khalPack(['set', '--scope', '@acme', '--dir', folder, '--json']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).staleLockfile).toEqual({ lockfile: 'bun.lock', packages: ['package/package.json'] });
  });

  it('set --kind full-stack adds a workspace: the root and the service package.json', async () => {
    const folder = await withLockfile('frontend-only-minimal');
    const run = await khalPack(['set', '--kind', 'full-stack', '--dir', folder, '--yes']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('This change edited what bun.lock records of package.json, service/package.json: run bun install and commit bun.lock');
  });

  it('says nothing when the change leaves those fields alone, or the pack has no lockfile', async () => {
    const locked = await withLockfile('full-stack-four-env');
    const description = await khalPack(['set', '--description', 'Readings, live', '--dir', locked, '--json']);
    expect(JSON.parse(description.stdout).changed).toContainEqual({ file: 'package/package.json', outcome: 'updated' });
    expect(JSON.parse(description.stdout)).not.toHaveProperty('staleLockfile');
    const unlocked = await scenarioCopy('frontend-only-minimal', packs);
    const scope = await khalPack(['set', '--scope', '@acme', '--dir', unlocked]);
    expect(scope.exitCode, scope.stderr).toBe(0);
    expect(scope.stdout).not.toContain('bun.lock');
  });
});

describe('template-update.yml', () => {
  type Step = { id?: string; run?: string; uses?: string; if?: string };
  const steps = async (folder: string) => (parseYaml(await readText(folder, '.github/workflows/template-update.yml')) as { jobs: { update: { steps: Step[] } } }).jobs.update.steps;

  /** Runs a step's script with `npx` and `bun` stand-ins first on PATH; returns what it wrote to GITHUB_OUTPUT. */
  async function runStep(folder: string, step: Step, tools: Record<string, string>) {
    const temp = await tempFolder();
    for (const [name, script] of Object.entries(tools)) await writeFile(path.join(temp, name), `#!/usr/bin/env bash\n${script}\n`, { mode: 0o755 });
    await writeFile(path.join(temp, 'output'), '');
    await execa('bash', ['-e', '-c', step.run!], { cwd: folder, env: { GITHUB_OUTPUT: path.join(temp, 'output'), RUNNER_TEMP: temp, KIT: 'latest', PATH: `${temp}:${process.env.PATH}` } });
    return readText(temp, 'output');
  }

  it.runIf(process.platform !== 'win32')('reads the stale lockfile from the update, and runs bun install --lockfile-only only then', async () => {
    const folder = await withLockfile('full-stack-four-env');
    const all = await steps(folder);
    const update = all.find((step) => step.id === 'update')!;
    const report = (extra: object) => `echo '${JSON.stringify({ to: 'create-khal-pack@0.2.0', conflicts: [], changed: [], ...extra })}'`;
    expect(await runStep(folder, update, { npx: report({ staleLockfile: { lockfile: 'bun.lock', packages: ['service/package.json'] } }) })).toContain('lockfile=bun.lock\n');
    expect(await runStep(folder, update, { npx: report({}) })).toContain('lockfile=\n');
    const lockfile = all.find((step) => step.id === 'lockfile')!;
    const setup = all[all.indexOf(lockfile) - 1]!;
    expect([setup.uses?.split('@')[0], setup.if, lockfile.if]).toEqual(['oven-sh/setup-bun', "steps.update.outputs.lockfile != ''", "steps.update.outputs.lockfile != ''"]);
    expect(await runStep(folder, lockfile, { bun: '[ "$*" = "install --lockfile-only" ]' })).toBe('refreshed=yes\n');
    expect(await runStep(folder, lockfile, { bun: 'exit 1' })).toBe('refreshed=no\n');
  });
});
