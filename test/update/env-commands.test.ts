import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { scenarioAnswers } from '../support/generate.js';
import { checkFolder, editJson, editText, folderState, khalPack, scenarioCopy } from '../commands/support.js';
import { applyDiff } from '../support/apply-diff.js';
import { dryRunHunks, envDiff, expectFreshGeneration } from './support.js';

const SCENARIO = 'full-stack-four-env';
const packs = new Map<string, string>();

describe('khal-pack env remove | rename | set on an untouched pack: a fresh generation with the new answers, byte for byte', () => {
  const cases = [
    {
      name: 'remove POLL_SECONDS',
      args: ['env', 'remove', 'POLL_SECONDS'],
      change: (env: any[]) => env.filter((entry) => entry.key !== 'POLL_SECONDS'),
      diff: [{ kind: 'removed', key: 'POLL_SECONDS', level: 'breaking' }],
    },
    {
      name: 'rename POLL_SECONDS to POLL_INTERVAL_SECONDS',
      args: ['env', 'rename', 'POLL_SECONDS', 'POLL_INTERVAL_SECONDS'],
      change: (env: any[]) => env.map((entry) => (entry.key === 'POLL_SECONDS' ? { ...entry, key: 'POLL_INTERVAL_SECONDS' } : entry)),
      diff: [
        { kind: 'removed', key: 'POLL_SECONDS', level: 'breaking', renamedTo: 'POLL_INTERVAL_SECONDS' },
        { kind: 'added-optional', key: 'POLL_INTERVAL_SECONDS', level: 'compatible' },
      ],
    },
    {
      name: 'set PROVIDER_URL --optional --default',
      args: ['env', 'set', 'PROVIDER_URL', '--optional', '--default', 'https://api.example.com'],
      change: (env: any[]) => env.map((entry) => (entry.key === 'PROVIDER_URL' ? { ...entry, required: false, default: 'https://api.example.com' } : entry)),
      diff: [
        { kind: 'made-optional', key: 'PROVIDER_URL', level: 'compatible' },
        { kind: 'default-added', key: 'PROVIDER_URL', level: 'notice' },
      ],
    },
    {
      name: 'set POLL_SECONDS --type string --description',
      args: ['env', 'set', 'POLL_SECONDS', '--type', 'string', '--description', 'Poll "cadence" # seconds'],
      change: (env: any[]) => env.map((entry) => (entry.key === 'POLL_SECONDS' ? { ...entry, type: 'string', description: 'Poll "cadence" # seconds' } : entry)),
      diff: [
        { kind: 'type-changed', key: 'POLL_SECONDS' },
        { kind: 'description-changed', key: 'POLL_SECONDS' },
      ],
    },
    {
      name: 'set FEATURE_BETA_UI --required (drops its default)',
      args: ['env', 'set', 'FEATURE_BETA_UI', '--required'],
      change: (env: any[]) => env.map(({ default: _default, ...entry }) => (entry.key === 'FEATURE_BETA_UI' ? { ...entry, required: true } : { ...entry, ...(_default === undefined ? {} : { default: _default }) })),
      diff: [
        { kind: 'made-required', key: 'FEATURE_BETA_UI', level: 'breaking' },
        { kind: 'default-removed', key: 'FEATURE_BETA_UI' },
      ],
    },
  ];

  it.each(cases)('$name', async ({ args, change, diff }) => {
    const folder = await scenarioCopy(SCENARIO, packs);
    const before = await scenarioCopy(SCENARIO, packs);
    const run = await khalPack([...args, '--dir', folder]);
    expect(run.exitCode, run.stderr).toBe(0);
    const answers = await scenarioAnswers(SCENARIO);
    await expectFreshGeneration(folder, { ...answers, env: change(answers.env) });
    expect((await checkFolder(folder)).findings).toEqual([]);
    const changes = await envDiff(before, folder);
    expect(changes).toHaveLength(diff.length);
    expect(changes).toEqual(expect.arrayContaining(diff.map((item) => expect.objectContaining(item))));
  });
});

describe('khal-pack env: what it says and what it refuses', () => {
  it('rename prints the customer impact: a breaking change', async () => {
    const folder = await scenarioCopy(SCENARIO, packs);
    const run = await khalPack(['env', 'rename', 'POLL_SECONDS', 'POLL_INTERVAL', '--dir', folder]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('### Breaking: a customer admin must act before upgrading');
    expect(run.stdout).toContain('This is a breaking change for customers');
    expect(run.stdout).toMatch(/^Renaming the env entry POLL_SECONDS to POLL_INTERVAL: changed \d+ files:$/m);
  });

  it.each([
    ['a key that is not an entry', ['env', 'remove', 'NOPE'], 'NOPE is not an env entry of weather-station: its entries are WEATHER_API_KEY, FEATURE_BETA_UI, PROVIDER_URL, POLL_SECONDS'],
    ['a rename onto an existing key', ['env', 'rename', 'POLL_SECONDS', 'PROVIDER_URL'], 'is already an env entry'],
    ['a rename to a reserved key', ['env', 'rename', 'POLL_SECONDS', 'KHAL_POLL'], 'reserved'],
    ['set without a change', ['env', 'set', 'POLL_SECONDS'], 'needs at least one of --type'],
    ['set --required with --default', ['env', 'set', 'POLL_SECONDS', '--required', '--default', '5'], 'is only for optional entries'],
    ['set to a default that does not fit the type', ['env', 'set', 'POLL_SECONDS', '--default', 'often'], 'finite number'],
    ['set a url entry to a default that is not a URL: named by its flag', ['env', 'set', 'PROVIDER_URL', '--default', 'notaurl'], '- --default "notaurl": must be an absolute URL'],
    ['set a default on a secret: named by its flag', ['env', 'set', 'WEATHER_API_KEY', '--default', 'x'], '- --default "x": is not allowed: a secret never has a default'],
    ['set a type its kept default does not fit: named as the kept default', ['env', 'set', 'POLL_SECONDS', '--type', 'boolean'], `- POLL_SECONDS's default (kept: change it with --default) "30": must be true or false`],
    ['a rename to its own name', ['env', 'rename', 'POLL_SECONDS', 'POLL_SECONDS'], `NEW_KEY "POLL_SECONDS": is POLL_SECONDS's name already: give the new name`],
  ])('%s: exit 2, nothing changed', async (_name, args, message) => {
    const folder = await scenarioCopy(SCENARIO, packs);
    const before = await folderState(folder);
    const run = await khalPack([...args, '--dir', folder]);
    expect(run.exitCode, run.stdout).toBe(2);
    expect(run.stderr).toContain(message);
    expect(await folderState(folder)).toEqual(before);
  });

  it('--dry-run changes nothing and prints each file\'s diff: exactly what the real run makes', async () => {
    const folder = await scenarioCopy(SCENARIO, packs);
    const before = await folderState(folder);
    const dry = await khalPack(['env', 'rename', 'POLL_SECONDS', 'POLL_INTERVAL', '--dir', folder, '--dry-run']);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('(nothing was changed)');
    expect(await folderState(folder)).toEqual(before);
    const hunks = dryRunHunks(dry.stdout);
    expect((await khalPack(['env', 'rename', 'POLL_SECONDS', 'POLL_INTERVAL', '--dir', folder])).exitCode).toBe(0);
    const after = await folderState(folder);
    const changed = Object.keys(after).filter((file) => after[file] !== before[file]);
    expect(Object.keys(hunks).sort()).toEqual(changed.sort());
    for (const file of changed) expect(applyDiff(before[file]!, hunks[file]!), file).toBe(after[file]);
  });

  it('--json lists the changed files, the conflicts, the findings and the env changes', async () => {
    const folder = await scenarioCopy(SCENARIO, packs);
    const run = await khalPack(['env', 'remove', 'FEATURE_BETA_UI', '--dir', folder, '--json']);
    expect(run.exitCode, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.written).toBe(true);
    expect(report.changed).toContainEqual({ file: 'helm/values.yaml', outcome: 'updated' });
    expect(report.conflicts).toEqual([]);
    expect(report.findings).toEqual([]);
    expect(report.envChanges).toMatchObject([{ kind: 'removed', key: 'FEATURE_BETA_UI' }]);
  });

  it('keeps hand edits: a comment and a key of the user in values.yaml, code in config.ts, the README', async () => {
    const folder = await scenarioCopy(SCENARIO, packs);
    await editText(folder, 'helm/values.yaml', (text) => text.replace('replicaCount: 1', 'replicaCount: 3 # three for HA').replace('imagePullSecrets: []', 'imagePullSecrets: []\npodAnnotations:\n  team: weather'));
    await editText(folder, 'service/src/config.ts', (text) => `// Reviewed by the platform team.\n${text}`);
    await editText(folder, 'README.md', (text) => text.replace(/^# (.*)$/m, '# $1\n\nOwned by the weather team.'));
    const run = await khalPack(['env', 'rename', 'POLL_SECONDS', 'POLL_INTERVAL', '--dir', folder]);
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
    const values = await readFile(path.join(folder, 'helm/values.yaml'), 'utf8');
    expect(values).toContain('replicaCount: 3 # three for HA');
    expect(values).toContain('# Values of the chart.');
    const parsed = parseYaml(values);
    expect(parsed.podAnnotations).toEqual({ team: 'weather' });
    expect(Object.keys(parsed.env.config)).toEqual(['FEATURE_BETA_UI', 'PROVIDER_URL', 'POLL_INTERVAL']);
    const config = await readFile(path.join(folder, 'service/src/config.ts'), 'utf8');
    expect(config).toMatch(/^\/\/ Reviewed by the platform team\.\n/);
    expect(config).toContain('"key": "POLL_INTERVAL"');
    expect(config).not.toContain('POLL_SECONDS');
    const readme = await readFile(path.join(folder, 'README.md'), 'utf8');
    expect(readme).toContain('Owned by the weather team.');
    expect(readme).toContain('`POLL_INTERVAL`');
    expect(run.stdout).toMatch(/merged \(your edits kept\)\s+helm\/values\.yaml/);
    expect((await checkFolder(folder)).findings.filter((finding) => finding.severity === 'error')).toEqual([]);
  });

  it('a note the user wrote under an entry of .env.example: a later change to the next entry merges, the note kept', async () => {
    const folder = await scenarioCopy(SCENARIO, packs);
    await editText(folder, 'service/.env.example', (text) => text.replace('PROVIDER_URL=\n', 'PROVIDER_URL=\n# ours: https://weather.internal\n'));
    for (const args of [['set', 'POLL_SECONDS', '--description', 'Seconds between readings'], ['rename', 'POLL_SECONDS', 'POLL_INTERVAL']]) {
      const run = await khalPack(['env', ...args, '--dir', folder, '--yes']);
      expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
      expect(run.stdout).toMatch(/merged \(your edits kept\)\s+service\/\.env\.example/);
    }
    const example = await readFile(path.join(folder, 'service/.env.example'), 'utf8');
    expect(example).toContain('PROVIDER_URL=\n# ours: https://weather.internal\n# Seconds between readings (number, optional)\nPOLL_INTERVAL=30\n');
    expect((await checkFolder(folder)).findings.filter((finding) => finding.severity === 'error')).toEqual([]);
  });

  it('an edit on the very lines the change rewrites: conflict markers, listed with what to do, exit 1', async () => {
    const folder = await scenarioCopy(SCENARIO, packs);
    await editText(folder, 'service/.env.example', (text) => text.replace('POLL_SECONDS=30', 'POLL_SECONDS=10'));
    const run = await khalPack(['env', 'rename', 'POLL_SECONDS', 'POLL_INTERVAL', '--dir', folder]);
    expect(run.exitCode, run.stderr).toBe(1);
    const example = await readFile(path.join(folder, 'service/.env.example'), 'utf8');
    expect(example).toMatch(/<<<<<<< yours\n[\s\S]*POLL_SECONDS=10\n[\s\S]*\|\|\|\|\|\|\| as generated\n[\s\S]*=======\n[\s\S]*POLL_INTERVAL=30\n[\s\S]*>>>>>>> the change\n/);
    expect(run.stdout).toContain('Needs your hand:');
    expect(run.stdout).toMatch(/service\/\.env\.example \(1 place\): both you and the change edited the same lines/);
    // Everything else went in.
    expect(JSON.parse(await readFile(path.join(folder, 'khal-app.json'), 'utf8')).env.map((entry: any) => entry.key)).toContain('POLL_INTERVAL');
  });

  it('a file kept with CRLF line ends (an editor on Windows) takes the change line by line, and keeps its CRLF', async () => {
    const folder = await scenarioCopy(SCENARIO, packs);
    const files = ['service/.env.example', 'README.md', 'helm/values.yaml', 'khal-app.json'];
    for (const file of files) await editText(folder, file, (text) => text.replaceAll('\n', '\r\n'));
    const run = await khalPack(['env', 'add', 'REGION', '--type', 'string', '--description', 'Region', '--default', 'eu', '--dir', folder]);
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).not.toContain('conflict');
    const fresh = await scenarioCopy(SCENARIO);
    expect((await khalPack(['env', 'add', 'REGION', '--type', 'string', '--description', 'Region', '--default', 'eu', '--dir', fresh])).exitCode).toBe(0);
    for (const file of files) {
      const text = await readFile(path.join(folder, file), 'utf8');
      expect(text.replaceAll('\r\n', ''), file).not.toContain('\n');
      expect(text.replaceAll('\r\n', '\n'), file).toBe(await readFile(path.join(fresh, file), 'utf8'));
    }
  });

  it("in a hand-edited values.yaml, each entry's comment follows the entry (set, rename, remove, add): the pack is a fresh one but for the user's edit", async () => {
    const folder = await scenarioCopy(SCENARIO, packs);
    await editText(folder, 'helm/values.yaml', (text) => text.replace('replicaCount: 1', 'replicaCount: 2').replace('# Values of the chart.', '# Ours: two replicas.\n# Values of the chart.'));
    const steps = [
      ['env', 'set', 'PROVIDER_URL', '--optional', '--default', 'https://api.example.com', '--description', 'Where the provider is'],
      ['env', 'rename', 'PROVIDER_URL', 'API_BASE_URL'],
      ['env', 'remove', 'POLL_SECONDS'],
      ['env', 'add', 'TIMEOUT', '--type', 'number', '--optional', '--default', '5', '--description', 'Timeout in seconds'],
    ];
    for (const step of steps) {
      const run = await khalPack([...step, '--dir', folder]);
      expect(run.exitCode, `${step.join(' ')}\n${run.stdout}\n${run.stderr}`).toBe(0);
      const answers = JSON.parse(await readFile(path.join(folder, '.khal-pack.json'), 'utf8'));
      const values = await readFile(path.join(folder, 'helm/values.yaml'), 'utf8');
      expect(values, step.join(' ')).toContain('# Ours: two replicas.\n');
      const comments = (text: string) => text.split('\n').filter((line) => /^\s+# .*\((string|number|boolean|url|secret), (required|optional)\)$/.test(line));
      const entries = answers.env.filter((entry: { type: string }) => entry.type !== 'secret');
      expect(comments(values), step.join(' ')).toEqual(entries.map((entry: { description: string; type: string; required: boolean }) => `    # ${entry.description} (${entry.type}, ${entry.required ? 'required' : 'optional'})`));
    }
    await editText(folder, 'helm/values.yaml', (text) => text.replace('replicaCount: 2', 'replicaCount: 1').replace('# Ours: two replicas.\n', ''));
    const { $generator: _kit, ...answers } = JSON.parse(await readFile(path.join(folder, '.khal-pack.json'), 'utf8'));
    await expectFreshGeneration(folder, answers);
  });

  it("keeps the permissions the user gave a file it changes (read-only, private), and a merged file's executable bit", async () => {
    const folder = await scenarioCopy(SCENARIO, packs);
    await chmod(path.join(folder, 'service/.env.example'), 0o444);
    await chmod(path.join(folder, 'service/src/config.ts'), 0o600);
    await editText(folder, 'README.md', (text) => `${text}\nOur notes.\n`);
    await chmod(path.join(folder, 'README.md'), 0o755);
    const run = await khalPack(['env', 'add', 'REGION', '--type', 'string', '--description', 'Region', '--default', 'eu', '--dir', folder]);
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
    const modeOf = async (file: string) => (await stat(path.join(folder, file))).mode & 0o777;
    expect(await modeOf('service/.env.example')).toBe(0o444);
    expect(await modeOf('service/src/config.ts')).toBe(0o600);
    expect(await modeOf('README.md')).toBe(0o755);
    expect(await readFile(path.join(folder, 'service/.env.example'), 'utf8')).toContain('REGION=eu');
    expect(await modeOf('service/healthcheck.sh')).toBe(0o755);
  });

  it('a change that would merge into a file still holding an earlier conflict is refused, naming it, until it is resolved', async () => {
    const folder = await scenarioCopy(SCENARIO, packs);
    await editText(folder, 'service/.env.example', (text) => text.replace('POLL_SECONDS=30', 'POLL_SECONDS=10'));
    expect((await khalPack(['env', 'rename', 'POLL_SECONDS', 'POLL_INTERVAL', '--dir', folder])).exitCode).toBe(1);
    const marked = await folderState(folder);
    const next = ['env', 'add', 'REGION', '--type', 'string', '--description', 'Region', '--default', 'eu', '--dir', folder];
    for (const args of [[...next, '--dry-run'], next]) {
      const run = await khalPack(args);
      expect(run.exitCode, run.stdout).toBe(1);
      expect(run.stderr).toMatch(/service\/\.env\.example still holds a marked conflict, from an earlier change or a git merge \(service\/\.env\.example line \d+\), and this change would merge into it: resolve it first/);
      expect(await folderState(folder)).toEqual(marked);
    }
    // Resolved (the change's side taken), the same command goes in.
    await editText(folder, 'service/.env.example', (text) => text.replace(/<<<<<<< yours\n[^]*?>>>>>>> the change\n/, 'POLL_INTERVAL=30\n'));
    const after = await khalPack(next);
    expect(after.exitCode, `${after.stdout}\n${after.stderr}`).toBe(0);
    expect(await readFile(path.join(folder, 'service/.env.example'), 'utf8')).not.toContain('<<<<<<<');
  });

  it('a file the user added is never touched; a generated file the user deleted is reported, not recreated', async () => {
    const folder = await scenarioCopy(SCENARIO, packs);
    await writeFile(path.join(folder, 'helm/values-prod.yaml'), 'env:\n  config:\n    "POLL_SECONDS": "5"\n');
    const { rm } = await import('node:fs/promises');
    await rm(path.join(folder, 'README.md'));
    const run = await khalPack(['env', 'remove', 'POLL_SECONDS', '--dir', folder, '--json']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(await readFile(path.join(folder, 'helm/values-prod.yaml'), 'utf8')).toBe('env:\n  config:\n    "POLL_SECONDS": "5"\n');
    const report = JSON.parse(run.stdout);
    expect(report.left).toEqual([expect.objectContaining({ file: 'README.md', outcome: 'deleted-by-you' })]);
    expect(report.leftDiffs['README.md'].filter((line: string) => line.startsWith('+')).join('\n')).not.toContain('POLL_SECONDS');
    await expect(readFile(path.join(folder, 'README.md'))).rejects.toThrow();
    // As its advice says, the report shows what the change would put there.
    const next = await khalPack(['env', 'remove', 'FEATURE_BETA_UI', '--dir', folder, '--yes']);
    expect(next.stdout).toContain('README.md: you deleted this file and the change updates it: it was not recreated (below is what the change would put there)');
    expect(next.stdout).toContain('--- README.md (yours)\n+++ README.md (the generated one, which the change leaves to you)\n@@ -0,0 +1,');
  });

  it('after env[] was edited by hand in khal-app.json, an env command brings every other file to it: a fresh generation', async () => {
    const folder = await scenarioCopy(SCENARIO, packs);
    await editJson(folder, 'khal-app.json', (manifest) => manifest.env.push({ key: 'REGION', description: 'Region', required: false, type: 'string', default: 'eu', visibility: 'config' }));
    expect((await checkFolder(folder)).findings.filter((finding) => finding.severity === 'error').length).toBeGreaterThan(0);
    const run = await khalPack(['env', 'set', 'REGION', '--description', 'Region of the provider', '--dir', folder]);
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
    const answers = await scenarioAnswers(SCENARIO);
    await expectFreshGeneration(folder, { ...answers, env: [...answers.env, { key: 'REGION', description: 'Region of the provider', type: 'string', required: false, default: 'eu' }] });
    expect(run.stdout).toContain("env[] in khal-app.json was edited by hand since .khal-pack.json recorded it, so this change also brings the pack's other files");
    expect(run.stdout).toContain('  - REGION added as optional');
  });

  it('a description edited by hand in khal-app.json: a change to another entry says it brings the other files to it (text and --json)', async () => {
    const folder = await scenarioCopy(SCENARIO, packs);
    await editJson(folder, 'khal-app.json', (manifest) => {
      manifest.env.find((entry: any) => entry.key === 'PROVIDER_URL').description = 'Base URL of our weather proxy';
    });
    const run = await khalPack(['env', 'set', 'POLL_SECONDS', '--default', '60', '--dir', folder, '--json']);
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.handEditedEnv).toEqual([expect.objectContaining({ key: 'PROVIDER_URL', summary: 'PROVIDER_URL description changed from "Base URL of the weather provider" to "Base URL of our weather proxy"' })]);
    expect(await readFile(path.join(folder, 'helm/values.schema.json'), 'utf8')).toContain('"description": "Base URL of our weather proxy (url, required)"');
    // Once the other files follow it, nothing is said again.
    const again = await khalPack(['env', 'set', 'POLL_SECONDS', '--default', '45', '--dir', folder]);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).not.toContain('edited by hand');
  });

  it('`khal-pack add env` and `khal-pack env add` are the same command', async () => {
    const folder = await scenarioCopy(SCENARIO, packs);
    const run = await khalPack(['env', 'add', 'REGION', '--type', 'string', '--description', 'Region', '--default', 'eu', '--dir', folder]);
    expect(run.exitCode, run.stderr).toBe(0);
    const answers = await scenarioAnswers(SCENARIO);
    await expectFreshGeneration(folder, { ...answers, env: [...answers.env, { key: 'REGION', description: 'Region', type: 'string', required: false, default: 'eu' }] });
  });
});
