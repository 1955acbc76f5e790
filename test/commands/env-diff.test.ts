import { copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { type EnvEntryLike, diffEnv, envChangesMarkdown } from '../../src/checks/env-changes.js';
import { tempFolder } from '../support/generate.js';
import { EXAMPLES, editJson, khalPack, scenarioCopy } from './support.js';

const API_KEY: EnvEntryLike = { key: 'API_KEY', description: 'API key of the provider', required: true, type: 'secret' };
const POLL: EnvEntryLike = { key: 'POLL_SECONDS', description: 'Seconds between polls', required: false, type: 'number', default: '30' };
const BASE = [API_KEY, POLL];
const kinds = (before: EnvEntryLike[], after: EnvEntryLike[]) => diffEnv(before, after).map((change) => `${change.level} ${change.kind} ${change.key}`);

describe('env diff classifies each change', () => {
  it.each([
    ['a key removed', [API_KEY], ['breaking removed POLL_SECONDS']],
    ['a key added as required without default', [...BASE, { key: 'REGION', description: 'Region', required: true, type: 'string' }], ['breaking added-required REGION']],
    ['an optional entry made required', [API_KEY, { ...POLL, required: true, default: undefined }], ['breaking made-required POLL_SECONDS', 'notice default-removed POLL_SECONDS']],
    ['a type changed', [API_KEY, { ...POLL, type: 'string' }], ['breaking type-changed POLL_SECONDS']],
    ['a secret made config', [{ ...API_KEY, type: 'string' }, POLL], ['breaking secret-to-config API_KEY']],
    ['a config made secret', [API_KEY, { ...POLL, type: 'secret', default: undefined }], ['breaking config-to-secret POLL_SECONDS', 'notice default-removed POLL_SECONDS']],
    ['a default changed', [API_KEY, { ...POLL, default: '60' }], ['notice default-changed POLL_SECONDS']],
    ['a default removed', [API_KEY, { ...POLL, default: undefined }], ['notice default-removed POLL_SECONDS']],
    ['a description changed', [API_KEY, { ...POLL, description: 'Seconds between two polls' }], ['notice description-changed POLL_SECONDS']],
    ['an optional key added', [...BASE, { key: 'BETA', description: 'Beta UI', required: false, type: 'boolean', default: 'false' }], ['compatible added-optional BETA']],
    ['a required entry made optional', [{ ...API_KEY, required: false }, POLL], ['compatible made-optional API_KEY']],
    ['nothing', BASE, []],
  ] as [string, EnvEntryLike[], string[]][])('%s', (_name, after, expected) => {
    expect(kinds(BASE, after)).toEqual(expected);
  });

  it('shows a rename as a removal plus an addition, and says so', () => {
    const changes = diffEnv(BASE, [{ ...API_KEY, key: 'PROVIDER_API_KEY' }, POLL]);
    expect(changes.map((change) => `${change.kind} ${change.key}`)).toEqual(['removed API_KEY', 'added-required PROVIDER_API_KEY']);
    expect(changes[0]).toMatchObject({ renamedTo: 'PROVIDER_API_KEY' });
    expect(changes[1]).toMatchObject({ renamedFrom: 'API_KEY' });
    expect(changes[0]!.summary).toContain('looks renamed to PROVIDER_API_KEY (same type and description)');
    expect(changes[0]!.action).toContain('Set PROVIDER_API_KEY in the secret store to the value API_KEY had');
  });

  it('does not call unrelated keys a rename', () => {
    const changes = diffEnv(BASE, [API_KEY, { key: 'MAP_STYLE', description: 'Map style name', required: false, type: 'string' }]);
    expect(changes.some((change) => change.renamedTo || change.renamedFrom)).toBe(false);
  });

  it('writes release notes with breaking changes first, each with an admin action', () => {
    const markdown = envChangesMarkdown(diffEnv(BASE, [{ ...API_KEY, description: 'Key' }, { key: 'REGION', description: 'Region', required: true, type: 'string' }]), { from: 'v1.0.0', to: 'v1.1.0' });
    const breaking = markdown.indexOf('### Breaking');
    expect(breaking).toBeGreaterThan(0);
    expect(markdown.indexOf('### Notices')).toBeGreaterThan(breaking);
    expect(markdown).toContain('- `REGION` added as required (`string`, no default)\n  - Admin action: Supply `REGION` before upgrading');
    expect(markdown).toContain('- `POLL_SECONDS` removed\n  - Admin action:');
  });

  it('an optional entry added with no default says "no default", as a required one does', () => {
    const added = [...BASE, { key: 'LOG_LEVEL', description: 'Level', required: false, type: 'secret' as const }, { key: 'ZONE', description: 'Zone', required: false, type: 'string' as const }];
    const markdown = envChangesMarkdown(diffEnv(BASE, added), { from: 'v1.0.0', to: 'v1.1.0' });
    expect(markdown).toContain('- `LOG_LEVEL` added as optional (`secret`, no default)');
    expect(markdown).toContain('- `ZONE` added as optional (`string`, no default)');
  });
});

describe('khal-pack env diff', () => {
  it('compares two manifest files: Markdown, exit 1 on breaking, 0 with --allow-breaking', async () => {
    const folder = await tempFolder();
    const old = path.join(folder, 'old.json');
    const next = path.join(folder, 'new.json');
    await writeFile(old, JSON.stringify({ env: BASE }));
    await writeFile(next, JSON.stringify({ env: [API_KEY] }));
    const run = await khalPack(['env', 'diff', old, next]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('### Breaking: a customer admin must act before upgrading');
    expect(run.stderr).toContain('--allow-breaking');
    expect((await khalPack(['env', 'diff', old, next, '--allow-breaking'])).exitCode).toBe(0);
    const json = JSON.parse((await khalPack(['env', 'diff', old, next, '--json', '--allow-breaking'])).stdout);
    expect(json).toMatchObject({ breaking: true, counts: { breaking: 1, notice: 0, compatible: 0 } });
    expect(json.changes[0]).toMatchObject({ kind: 'removed', key: 'POLL_SECONDS' });
    // With --json there is no Markdown section to point at.
    const refused = await khalPack(['env', 'diff', old, next, '--json']);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('1 breaking change(s) to env[]: list them in the release notes (the changes with "level": "breaking")');
    expect(refused.stderr).not.toContain('section above');
  });

  it('names the line and column of a manifest that is not JSON, and refuses a pack file that is not the manifest', async () => {
    const folder = await tempFolder();
    await writeFile(path.join(folder, 'old.khal-app.json'), '{\n  "id": "weather",\n}\n');
    const broken = await khalPack(['env', 'diff', path.join(folder, 'old.khal-app.json'), path.join(EXAMPLES, 'pack-notes.khal-app.json')]);
    expect(broken.stderr).toContain('old.khal-app.json is not valid JSON: line 3, column 1');
    const pack = await scenarioCopy('full-stack-four-env');
    for (const command of [['check'], ['handoff'], ['env', 'diff', path.join(EXAMPLES, 'pack-notes.khal-app.json')]]) {
      const run = await khalPack([...command, path.join(pack, 'package/package.json')]);
      expect(run.exitCode, command.join(' ')).toBe(2);
      expect(run.stderr).toContain(`package.json is not a manifest: give the pack folder, or its khal-app.json (${path.join(pack, 'package', '..', 'khal-app.json')}?)`);
    }
    const root = await khalPack(['check', path.join(pack, 'package.json')]);
    expect(root.stderr).toContain(`(${path.join(pack, 'khal-app.json')}?)`);
  });

  it('compares two pack folders, and exits 0 when only compatible', async () => {
    const before = await scenarioCopy('full-stack-four-env');
    const after = await scenarioCopy('full-stack-four-env');
    await editJson(after, 'khal-app.json', (manifest) =>
      manifest.env.push({ key: 'BETA', description: 'Beta', required: false, type: 'boolean', default: 'true', visibility: 'config' }),
    );
    const run = await khalPack(['env', 'diff', before, after, '--json']);
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout).changes.map((change: { kind: string; key: string }) => `${change.kind} ${change.key}`)).toEqual(['added-optional BETA']);
  });

  it('compares git revisions of the current pack (--from, --to, and the working tree)', async () => {
    const folder = await scenarioCopy('full-stack-four-env');
    const git = (...args: string[]) => execa('git', args, { cwd: folder, env: { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
    await git('init', '-q');
    await git('add', '.');
    await git('commit', '-qm', 'v1.2.0');
    await git('tag', 'v1.2.0');
    await editJson(folder, 'khal-app.json', (manifest) => (manifest.env = manifest.env.filter((entry: EnvEntryLike) => entry.key !== 'POLL_SECONDS')));
    const workingTree = await khalPack(['env', 'diff', '--from', 'v1.2.0', '--json'], folder);
    expect(workingTree.exitCode).toBe(1);
    expect(JSON.parse(workingTree.stdout)).toMatchObject({ from: 'v1.2.0', to: 'khal-app.json (working tree)', changes: [{ kind: 'removed', key: 'POLL_SECONDS' }] });
    await git('commit', '-qam', 'drop POLL_SECONDS');
    const revisions = await khalPack(['env', 'diff', '--from', 'v1.2.0', '--to', 'HEAD', folder]);
    expect(revisions.exitCode).toBe(1);
    expect(revisions.stdout).toContain('`POLL_SECONDS` removed');
    const unknown = await khalPack(['env', 'diff', '--from', 'v9.9.9'], folder);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('Cannot read khal-app.json at revision "v9.9.9"');
  });

  it('diffs real manifests: the docs example without env against the one with a secret', async () => {
    const run = await khalPack([
      'env', 'diff',
      path.join(EXAMPLES, 'docs-legacy-pack-terminal.khal-app.json'),
      path.join(EXAMPLES, 'docs-legacy-complete-example-my-pack.khal-app.json'),
      '--json',
    ]);
    expect(run.exitCode).toBe(1);
    expect(JSON.parse(run.stdout).changes).toMatchObject([{ level: 'breaking', kind: 'added-required', key: 'MY_API_KEY' }]);
  });

  it('refuses bad usage with exit 2', async () => {
    expect((await khalPack(['env', 'diff', 'only-one.json'])).exitCode).toBe(2);
    expect((await khalPack(['env', 'diff', '--to', 'HEAD'])).exitCode).toBe(2);
    const missing = await khalPack(['env', 'diff', 'nope.json', path.join(EXAMPLES, 'pack-notes.khal-app.json')]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('nope.json does not exist');
  });

  it('two revisions given as paths: names the options that compare them', async () => {
    for (const [old, next] of [['v0.1.0', 'v1.0.0'], ['3f9a2c1', path.join(EXAMPLES, 'pack-notes.khal-app.json')]]) {
      const run = await khalPack(['env', 'diff', old!, next!]);
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain(`"${old}" is no file or folder here. To compare git revisions of the pack, give them as options, in the pack folder: khal-pack env diff --from ${old} --to `);
    }
  });

  it('fails (exit 1) on a manifest whose env entry has no key', async () => {
    const folder = await tempFolder();
    await copyFile(path.join(EXAMPLES, 'pack-notes.khal-app.json'), path.join(folder, 'a.json'));
    await writeFile(path.join(folder, 'b.json'), JSON.stringify({ env: [{ type: 'string' }] }));
    const run = await khalPack(['env', 'diff', path.join(folder, 'a.json'), path.join(folder, 'b.json')]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('env[0] has no key');
  });

  it('hands a --from or --to value to git as data, never as an option (git writes no file)', async () => {
    const folder = await scenarioCopy('full-stack-four-env');
    const git = (...args: string[]) => execa('git', args, { cwd: folder, env: { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
    await git('init', '-q');
    await git('add', '.');
    await git('commit', '-qm', 'first');
    for (const value of ['-x', '--output=written-by-git', '-ooutput']) {
      for (const flag of ['--from', '--to']) {
        const args = flag === '--from' ? ['env', 'diff', `--from=${value}`, folder] : ['env', 'diff', '--from', 'HEAD', `--to=${value}`, folder];
        const run = await khalPack(args);
        expect(run.exitCode, `${flag} ${value}: ${run.stderr}`).toBe(2);
        expect(run.stderr).toContain(`${JSON.stringify(value)} is not a revision: a revision is a tag, branch or commit, and never starts with "-"`);
      }
    }
    expect((await git('status', '--porcelain')).stdout).toBe('');
  });
});

describe('a secret value is hidden in every output of env diff', () => {
  it("an old and a new release that give a secret a default: text and --json show neither", async () => {
    const folder = await tempFolder();
    const manifest = (secretDefault: string) => ({
      id: 'x',
      env: [{ ...API_KEY, required: false, default: secretDefault }, { ...POLL, default: secretDefault === 'sk-canary-old' ? '30' : '60' }],
    });
    await writeFile(path.join(folder, 'old.json'), JSON.stringify(manifest('sk-canary-old')));
    await writeFile(path.join(folder, 'new.json'), JSON.stringify(manifest('sk-canary-new')));
    const text = await khalPack(['env', 'diff', 'old.json', 'new.json'], folder);
    const json = await khalPack(['env', 'diff', 'old.json', 'new.json', '--json'], folder);
    expect(text.stdout).toContain('`API_KEY` default changed from (hidden: a secret value) to (hidden: a secret value)');
    expect(text.stdout).toContain('default changed from `30` to `60`');
    expect(JSON.parse(json.stdout).changes.find((change: { key: string }) => change.key === 'API_KEY')).toMatchObject({
      before: { default: '(hidden: a secret value)' },
      after: { default: '(hidden: a secret value)' },
    });
    for (const run of [text, json]) expect(run.stdout + run.stderr).not.toMatch(/sk-canary/);
  });
});

