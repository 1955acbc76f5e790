import { readFile, rename } from 'node:fs/promises';
import { execa } from 'execa';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PackAnswers } from '../../src/answers/schema.js';
import { CLI, scenarioAnswers, tempFolder } from '../support/generate.js';
import { checkFolder, editText, folderState, khalPack, scenarioCopy } from '../commands/support.js';
import { envDiff, expectFreshGeneration } from './support.js';

const packs = new Map<string, string>();

describe('khal-pack set on an untouched pack: a fresh generation with the new answers, byte for byte', () => {
  it.each([
    { scenario: 'full-stack-four-env', args: ['--display-name', 'Weather Board', '--description', 'Readings "live" & <fast>'], change: { displayName: 'Weather Board', description: 'Readings "live" & <fast>' } },
    { scenario: 'full-stack-four-env', args: ['--port', '9090', '--registry', 'registry.example.com/acme'], change: { port: 9090, registry: 'registry.example.com/acme' } },
    { scenario: 'full-stack-no-env', args: ['--permission', 'nats:subscribe', '--permission', 'http:fetch', '--author', 'Rui Costa'], change: { permissions: ['nats:subscribe', 'http:fetch'], author: 'Rui Costa' } },
    { scenario: 'frontend-only-minimal', args: ['--scope', '@acme'], change: { scope: '@acme' } },
    // Permissions at the kind's default follow the kind (the service subscribes to NATS).
    { scenario: 'frontend-only-minimal', args: ['--kind', 'full-stack'], change: { kind: 'full-stack', permissions: ['nats:publish', 'nats:subscribe'] } },
    { scenario: 'full-stack-no-env', args: ['--kind', 'frontend-only'], change: { kind: 'frontend-only', permissions: [] } },
    { scenario: 'frontend-only-minimal', args: ['--kind', 'full-stack', '--permission', 'nats:subscribe'], change: { kind: 'full-stack', permissions: ['nats:subscribe'] } },
  ] as { scenario: string; args: string[]; change: Partial<PackAnswers> }[])('$scenario: set $args', async ({ scenario, args, change }) => {
    const folder = await scenarioCopy(scenario, packs);
    const before = await scenarioCopy(scenario, packs);
    const run = await khalPack(['set', ...args, '--dir', folder]);
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
    await expectFreshGeneration(folder, { ...(await scenarioAnswers(scenario)), ...change });
    expect((await checkFolder(folder)).findings).toEqual([]);
    expect(await envDiff(before, folder)).toEqual([]);
  });
});

describe('khal-pack set --kind', () => {
  it('full-stack on a frontend-only pack adds the service, the chart and their workflows', async () => {
    const folder = await scenarioCopy('frontend-only-minimal', packs);
    const run = await khalPack(['set', '--kind', 'full-stack', '--dir', folder, '--json']);
    expect(run.exitCode, run.stderr).toBe(0);
    const created = JSON.parse(run.stdout).changed.filter((item: any) => item.outcome === 'created').map((item: any) => item.file);
    expect(created).toEqual(expect.arrayContaining(['service/src/index.ts', 'helm/Chart.yaml', 'helm/values.yaml', '.github/workflows/publish-image.yml', '.github/workflows/publish-chart.yml']));
    expect(JSON.parse(await readFile(path.join(folder, 'khal-app.json'), 'utf8')).backend.image).toBe('ghcr.io/khal-os/pack-notes-service');
  });

  it('frontend-only removes the service and chart files where the user has not edited them, and reports each edited one', async () => {
    const folder = await scenarioCopy('full-stack-no-env', packs);
    await editText(folder, 'service/src/index.ts', (text) => `${text}\n// our metrics hook\n`);
    await editText(folder, 'helm/values.yaml', (text) => text.replace('replicaCount: 1', 'replicaCount: 2'));
    const run = await khalPack(['set', '--kind', 'frontend-only', '--dir', folder]);
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
    const after = await folderState(folder);
    expect(after['service/src/index.ts']).toContain('// our metrics hook');
    expect(after['helm/values.yaml']).toContain('replicaCount: 2');
    expect(after['service/src/config.ts']).toBeUndefined();
    expect(after['helm/Chart.yaml']).toBeUndefined();
    expect(after['.github/workflows/publish-image.yml']).toBeUndefined();
    expect(run.stdout).toContain('Left as you have them:');
    expect(run.stdout).toContain('service/src/index.ts: the change drops this file, but you edited it, so it was kept');
    expect(run.stdout).toContain('helm/values.yaml: the change drops this file, but you edited it, so it was kept');
    expect(JSON.parse(after['khal-app.json']!).backend).toBeUndefined();
  });

  it('back to full-stack after frontend-only kept files with lines added only: left as they are, exit 0, and the pack passes its check', async () => {
    const folder = await scenarioCopy('full-stack-no-env', packs);
    await editText(folder, 'service/src/index.ts', (text) => `// our metrics hook\n${text}\n// and its end\n`);
    expect((await khalPack(['set', '--kind', 'frontend-only', '--dir', folder])).exitCode).toBe(0);

    const back = await khalPack(['set', '--kind', 'full-stack', '--dir', folder, '--json']);
    expect(back.exitCode, `${back.stdout}\n${back.stderr}`).toBe(0);
    const report = JSON.parse(back.stdout) as { left: { file: string; outcome: string }[]; conflicts: unknown[] };
    expect(report.conflicts).toEqual([]);
    expect(report.left).toContainEqual(expect.objectContaining({ file: 'service/src/index.ts', outcome: 'yours-holds-it' }));
    expect(await readFile(path.join(folder, 'service/src/index.ts'), 'utf8')).toMatch(/^\/\/ our metrics hook\n[^]*\/\/ and its end\n$/);
    expect((await checkFolder(folder)).findings).toEqual([]);
  });

  it('back to full-stack after frontend-only kept edited files: those are listed with what to do, exit 1; a needed one moved aside comes back with update', async () => {
    const folder = await scenarioCopy('full-stack-no-env', packs);
    await editText(folder, 'service/src/index.ts', (text) => `${text}\n// our metrics hook\n`);
    await editText(folder, 'helm/values.yaml', (text) => text.replace('replicaCount: 1', 'replicaCount: 2'));
    expect((await khalPack(['set', '--kind', 'frontend-only', '--dir', folder])).exitCode).toBe(0);

    const leftDiffs = JSON.parse((await khalPack(['set', '--kind', 'full-stack', '--dir', folder, '--dry-run', '--json'])).stdout).leftDiffs;
    expect(Object.keys(leftDiffs)).toEqual(['helm/values.yaml']);
    const back = await khalPack(['set', '--kind', 'full-stack', '--dir', folder]);
    expect(back.exitCode, `${back.stdout}\n${back.stderr}`).toBe(1);
    expect(back.stdout).toContain('service/src/index.ts: the change adds this file, and yours holds every line of the generated one, with lines of your own: it was left as it is');
    expect(back.stdout).toContain('helm/values.yaml: the change adds this file, and you have a file of your own there: it was left as it is; below is how yours differs from the generated one: take what you need into yours');
    // As the advice says: the one line that differs, yours against the generated.
    expect(back.stdout).toMatch(/--- helm\/values\.yaml \(yours\)\n\+\+\+ helm\/values\.yaml \(the generated one, which the change leaves to you\)\n@@ [^\n]+\n(?: [^\n]*\n)*-replicaCount: 2\n\+replicaCount: 1\n/);
    expect(back.stdout).toContain('See to the files above (exit 1), then run khal-pack check.');
    expect(await readFile(path.join(folder, 'helm/values.yaml'), 'utf8')).toContain('replicaCount: 2');

    const fresh = path.join(await tempFolder(), 'fresh');
    const made = await execa('node', [CLI, fresh, '--answers', path.join(folder, '.khal-pack.json')], { reject: false, stdin: 'ignore' });
    expect(made.exitCode, made.stderr).toBe(0);
    // A file khal-pack check needs, moved aside: update (same kit) brings it back.
    await rename(path.join(folder, 'helm/values.yaml'), path.join(folder, 'helm/values.mine.yaml'));
    const update = await khalPack(['update', folder]);
    expect(update.exitCode, `${update.stdout}\n${update.stderr}`).toBe(0);
    expect(update.stdout).toMatch(/recreated \(the pack needs it\)\s+helm\/values\.yaml/);
    expect(await readFile(path.join(folder, 'helm/values.yaml'), 'utf8')).toBe(await readFile(path.join(fresh, 'helm/values.yaml'), 'utf8'));
    expect((await checkFolder(folder)).findings).toEqual([]);
  });

  it('frontend-only on a pack with env entries is refused with what to do first', async () => {
    const folder = await scenarioCopy('full-stack-four-env', packs);
    const before = await folderState(folder);
    const run = await khalPack(['set', '--kind', 'frontend-only', '--dir', folder]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('remove them first (khal-pack env remove KEY)');
    expect(await folderState(folder)).toEqual(before);
  });

  it.each([
    ['no flag', [], 'set needs at least one of'],
    ['a bad port', ['--port', '80'], '--port'],
    ['a bad kind', ['--kind', 'backend'], 'must be one of'],
  ])('%s: exit 2, nothing changed', async (_name, args, message) => {
    const folder = await scenarioCopy('full-stack-no-env', packs);
    const before = await folderState(folder);
    const run = await khalPack(['set', ...args, '--dir', folder]);
    expect(run.exitCode, run.stdout).toBe(2);
    expect(run.stderr).toContain(message);
    expect(await folderState(folder)).toEqual(before);
  });
});

describe("khal-pack set's flags", () => {
  it("are create's flags of every answer but those other commands change (the table of answers decides)", async () => {
    const { ANSWER_NAMES, FIELDS, SETTABLE } = await import('../../src/answers/fields.js');
    const help = (await khalPack(['set', '--help'])).stdout;
    expect(SETTABLE).toContain('kind');
    for (const name of SETTABLE) expect(help).toContain(`${FIELDS[name].flag} ${FIELDS[name].placeholder}`);
    for (const name of ANSWER_NAMES.filter((answer) => !SETTABLE.includes(answer))) expect(help).not.toContain(`${FIELDS[name].flag} `);
    expect(help).toContain('full-stack (adds the service, chart and workflows)');
    expect(help).not.toContain('(default: 8080)');
  });

  it.each([
    ['--name', 'other-pack', 'set does not change the id (--name): it names every package'],
    ['--env', 'A_KEY:string', 'set does not change the env entries (--env): use khal-pack env add|remove|rename|set'],
    ['--version-number', '2.0.0', 'set does not change the version (--version-number): use khal-pack release'],
  ])('%s says which command changes that answer, and changes nothing', async (flag, value, message) => {
    const folder = await scenarioCopy('full-stack-four-env');
    const before = await folderState(folder);
    const run = await khalPack(['set', flag, value, '--kind', 'full-stack'], folder);
    expect(run.exitCode, run.stdout).toBe(2);
    expect(run.stderr).toContain(message);
    expect(await folderState(folder)).toEqual(before);
  });

  it('says what it sets with the names the summary uses', async () => {
    const folder = await scenarioCopy('full-stack-four-env');
    const run = await khalPack(['set', '--display-name', 'Weather Board', '--permission', 'nats:publish', '--dry-run'], folder);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('setting display name to "Weather Board", permissions to ["nats:publish"] would change');
  });
});
