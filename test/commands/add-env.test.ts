import { lstat, readFile, readdir, rename, symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { parse as parseYaml } from 'yaml';
import { CLI, generatePack, scenarioAnswers, scenarioNames, tempFolder } from '../support/generate.js';
import { checkFolder, editText, folderState, khalPack, scenarioCopy } from './support.js';
import { applyDiff } from '../support/apply-diff.js';
import { dryRunHunks } from '../update/support.js';

const packs = new Map<string, string>();
const FULL_STACK: string[] = [];
for (const scenario of await scenarioNames()) if ((await scenarioAnswers(scenario)).kind === 'full-stack') FULL_STACK.push(scenario);

const NEW_ENTRIES = [
  { flags: ['ZONE_NAME', '--type', 'string', '--description', 'Region of the provider', '--default', 'eu-west-1'], entry: { key: 'ZONE_NAME', description: 'Region of the provider', type: 'string', required: false, default: 'eu-west-1' } },
  { flags: ['SIGNING_KEY_V2', '--type', 'secret', '--description', 'Key that signs "webhooks" # really', '--required'], entry: { key: 'SIGNING_KEY_V2', description: 'Key that signs "webhooks" # really', type: 'secret', required: true } },
  { flags: ['MAX_PAGE_ITEMS', '--type', 'number', '--description', 'Most items per page', '--required'], entry: { key: 'MAX_PAGE_ITEMS', description: 'Most items per page', type: 'number', required: true } },
] as const;

describe('khal-pack add env', () => {
  describe.each(FULL_STACK)('%s', (scenario) => {
    it.each(NEW_ENTRIES)('adding $entry.key gives the files a fresh generation would, and check passes', async ({ flags, entry }) => {
      // Not cached: the pack and the fresh one are generated from the same templates.
      const folder = await scenarioCopy(scenario);
      const before = await folderState(folder);
      const run = await khalPack(['add', 'env', ...flags], folder);
      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^Adding the env entry ${entry.key} \\(.*\\): changed \\d+ files:$`, 'm'));

      const answers = await scenarioAnswers(scenario);
      const fresh = await generatePack({ ...answers, env: [...answers.env, { ...entry }] });
      const after = await folderState(folder);
      const { '..': _parent, ...files } = after;
      expect(after['..']).toBe(before['..']);
      for (const file of fresh.files) expect(files[file], file).toBe(await readFile(path.join(fresh.folder, file), 'utf8'));
      expect(Object.keys(files).sort()).toEqual([...fresh.files].sort());

      expect((await checkFolder(folder)).findings).toEqual([]);
    });
  });

  it('--dry-run changes nothing and prints each file\'s changes: exactly what the real run then makes', async () => {
    const folder = await scenarioCopy('full-stack-four-env', packs);
    const flags = ['ZONE_NAME', '--type', 'string', '--description', 'Region of the provider', '--default', 'eu-west-1'];
    const before = await folderState(folder);
    const dry = await khalPack(['add', 'env', ...flags, '--dry-run'], folder);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^Dry run: adding the env entry ZONE_NAME .* would change \d+ files \(nothing was changed\):$/m);
    expect(await folderState(folder)).toEqual(before);

    const hunks = dryRunHunks(dry.stdout);
    expect((await khalPack(['add', 'env', ...flags], folder)).exitCode).toBe(0);
    const after = await folderState(folder);
    const changed = Object.keys(after).filter((name) => after[name] !== before[name]);
    expect(Object.keys(hunks).sort()).toEqual(changed.sort());
    for (const name of changed) expect(applyDiff(before[name]!, hunks[name]!), name).toBe(after[name]);
  });

  it('env diff before/after reports exactly the addition', async () => {
    const folder = await scenarioCopy('full-stack-four-env', packs);
    const before = await scenarioCopy('full-stack-four-env', packs);
    expect((await khalPack(['add', 'env', 'MAX_ITEMS', '--type', 'number', '--description', 'Most items', '--required'], folder)).exitCode).toBe(0);
    const diff = await khalPack(['env', 'diff', before, folder, '--json']);
    expect(diff.exitCode).toBe(1);
    expect(JSON.parse(diff.stdout).changes).toMatchObject([{ level: 'breaking', kind: 'added-required', key: 'MAX_ITEMS' }]);
    expect(JSON.parse(diff.stdout).changes).toHaveLength(1);
  });

  it('keeps hand edits: comments in values.yaml, custom code in config.ts, extra lines in .env.example, README text', async () => {
    const folder = await scenarioCopy('full-stack-four-env', packs);
    await editText(folder, 'helm/values.yaml', (text) => text.replace('replicaCount: 1', 'replicaCount: 3 # three for the customer HA setup'));
    await editText(folder, 'service/src/config.ts', (text) => `${text}\nexport const EXTRA = 1; // hand-written\n`);
    await editText(folder, 'service/.env.example', (text) => `${text}# local only\nDEBUG=1\n`);
    await editText(folder, 'README.md', (text) => `${text}\n## Support\n\nWrite to ops@example.com.\n`);
    const run = await khalPack(['add', 'env', 'REGION', '--type', 'string', '--description', 'Region', '--default', 'eu'], folder);
    expect(run.exitCode, run.stderr).toBe(0);
    const values = await readFile(path.join(folder, 'helm/values.yaml'), 'utf8');
    expect(values).toContain('replicaCount: 3 # three for the customer HA setup');
    expect(parseYaml(values).env.config.REGION).toBe('eu');
    const config = await readFile(path.join(folder, 'service/src/config.ts'), 'utf8');
    expect(config).toContain('export const EXTRA = 1; // hand-written');
    expect(config).toMatch(/REGION\?: string;|REGION: string;/);
    expect(config).toContain('"key": "REGION"');
    const example = await readFile(path.join(folder, 'service/.env.example'), 'utf8');
    expect(example).toContain('DEBUG=1');
    expect(example).toMatch(/^REGION=eu$/m);
    const readme = await readFile(path.join(folder, 'README.md'), 'utf8');
    expect(readme).toContain('Write to ops@example.com.');
    expect(readme).toContain('| `REGION` | no | string | `eu` | plain config | Region |');
    expect((await checkFolder(folder)).findings.filter((finding) => finding.severity === 'error')).toEqual([]);
  });

  it('lines the user added beside the entries of service/.env.example: kept, and the new entry follows them (no conflict)', async () => {
    const folder = await scenarioCopy('full-stack-four-env', packs);
    // Where the change inserts too: a line merge alone would mark both insertions as a conflict.
    await editText(folder, 'service/.env.example', (text) => text.replace('POLL_SECONDS=30\n', 'POLL_SECONDS=30\n# local only\nDEBUG=1\n'));
    const run = await khalPack(['add', 'env', 'REGION', '--type', 'string', '--description', 'Region', '--default', 'eu'], folder);
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(/^ {2}merged \(your edits kept\)\s+service\/\.env\.example$/m);
    const example = await readFile(path.join(folder, 'service/.env.example'), 'utf8');
    expect(example).toContain('POLL_SECONDS=30\n# local only\nDEBUG=1\n# Region (string, optional)\nREGION=eu\n\n');
    expect(example).not.toContain('<<<<<<<');
  });

  it('an edit of service/src/config.ts where the new spec goes (the end of ENV_SPECS): marked as a conflict, listed, exit 1; the other files take the entry', async () => {
    const folder = await scenarioCopy('full-stack-four-env', packs);
    // The last spec on one line: the same spec to check, but the lines the change rewrites are gone.
    const spec = '  {\n    "key": "POLL_SECONDS",\n    "type": "number",\n    "required": false,\n    "default": "30"\n  }\n];\n';
    await editText(folder, 'service/src/config.ts', (text) => text.replace(spec, '  { "key": "POLL_SECONDS", "type": "number", "required": false, "default": "30" }\n];\n'));
    expect((await checkFolder(folder)).findings).toEqual([]);
    const parent = (await folderState(folder))['..'];
    const run = await khalPack(['add', 'env', 'REGION', '--type', 'string', '--description', 'Region', '--default', 'eu'], folder);
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(1);
    expect(run.stdout).toMatch(/^ {2}conflict\s+service\/src\/config\.ts$/m);
    expect(run.stdout).toMatch(/^ {2}service\/src\/config\.ts \(1 place\): both you and the change edited the same lines/m);
    expect(run.stdout).toContain('Resolve the conflicts above (exit 1), then run khal-pack check.');
    const config = await readFile(path.join(folder, 'service/src/config.ts'), 'utf8');
    expect(config).toContain('<<<<<<< yours\n  { "key": "POLL_SECONDS", "type": "number", "required": false, "default": "30" }\n||||||| as generated\n');
    expect(config).toMatch(/=======\n[^]*"key": "REGION"[^]*>>>>>>> the change\n\];\n/);
    expect(parseYaml(await readFile(path.join(folder, 'helm/values.yaml'), 'utf8')).env.config.REGION).toBe('eu');
    expect((await folderState(folder))['..']).toBe(parent);
  });

  it('--json: the changed files, no conflicts or findings, and the env change; nothing else on stdout', async () => {
    const folder = await scenarioCopy('full-stack-four-env', packs);
    const run = await khalPack(['env', 'add', 'REGION', '--type', 'string', '--description', 'Region', '--default', 'eu', '--json'], folder);
    expect(run.exitCode, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.written).toBe(true);
    expect(report.changed).toEqual(
      expect.arrayContaining(['khal-app.json', '.khal-pack.json', 'helm/values.yaml', 'service/.env.example', 'service/src/config.ts', 'README.md'].map((file) => ({ file, outcome: 'updated' }))),
    );
    expect(report.conflicts).toEqual([]);
    expect(report.findings).toEqual([]);
    expect(report.envChanges).toMatchObject([{ kind: 'added-optional', key: 'REGION', level: 'compatible' }]);
  });

  describe('refuses, and leaves the pack untouched', () => {
    it.each([
      ['a duplicate key', ['WEATHER_API_KEY', '--type', 'secret', '--description', 'Again'], 2, 'is already an env entry'],
      ['a reserved key', ['KHAL_ORG', '--type', 'string', '--description', 'Org'], 2, 'reserved'],
      ['PORT', ['PORT', '--type', 'number', '--description', 'Port'], 2, 'reserved'],
      ['a bad type', ['REGION', '--type', 'text', '--description', 'Region'], 2, 'must be one of'],
      ['a secret with a default', ['TOKEN', '--type', 'secret', '--description', 'Token', '--default', 'abc'], 2, 'never has a default'],
      ['a default that does not fit the type', ['POLL', '--type', 'number', '--description', 'Poll', '--default', 'often'], 2, 'finite number'],
      ['both --required and --optional', ['REGION', '--type', 'string', '--description', 'R', '--required', '--optional'], 2, 'not both'],
      ['missing flags without a terminal', ['REGION'], 2, '--type'],
      ['neither --required nor --optional without a terminal (a required entry is breaking: never taken unsaid)', ['REGION', '--type', 'string', '--description', 'Region'], 2, '--required/--optional: give one without a terminal'],
      ['the --env syntax of create-khal-pack, with the equivalent flags', ['POLL:number=30#Seconds between polls'], 2, "add env takes the parts as flags: khal-pack add env POLL --type number --description 'Seconds between polls' --default 30"],
    ] as [string, string[], number, string][])('%s', async (_name, args, exitCode, message) => {
      const folder = await scenarioCopy('full-stack-four-env', packs);
      const before = await folderState(folder);
      const run = await khalPack(['add', 'env', ...args], folder);
      expect(run.exitCode, run.stderr).toBe(exitCode);
      expect(run.stderr).toContain(message);
      expect(await folderState(folder)).toEqual(before);
    });

    it('a frontend-only pack', async () => {
      const folder = await scenarioCopy('frontend-only-minimal', packs);
      const before = await folderState(folder);
      const run = await khalPack(['add', 'env', 'REGION', '--type', 'string', '--description', 'R', '--dir', folder]);
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain('frontend-only pack');
      expect(run.stderr).toContain('khal-pack set --kind full-stack');
      expect(await folderState(folder)).toEqual(before);
    });
  });
});

describe('khal-pack add env on a pack that fails its check already', () => {
  it('adds the entry, judged only on errors of its own, and says the old one is still there', async () => {
    const folder = await scenarioCopy('full-stack-four-env', packs);
    await editText(folder, 'helm/Chart.yaml', (text) => text.replace(/^version: .*$/m, 'version: "0.0.1"'));
    const run = await khalPack(['add', 'env', 'REGION', '--type', 'string', '--description', 'R', '--optional'], folder);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('The pack still fails khal-pack check with the 1 error it had before this change');
    const errors = (await checkFolder(folder)).findings.filter((finding) => finding.severity === 'error');
    expect(errors.map((finding) => `${finding.file} ${finding.field}`)).toEqual(['helm/Chart.yaml version']);
  });

  it('values.yaml env.config that is not a map: the place of the entry is a marked conflict (exit 1), nothing else lost', async () => {
    const folder = await scenarioCopy('full-stack-no-env', packs);
    await editText(folder, 'helm/values.yaml', (text) => text.replace(/config: \{\}/, 'config: []'));
    const run = await khalPack(['add', 'env', 'REGION', '--type', 'string', '--description', 'R', '--default', 'eu'], folder);
    expect(run.exitCode, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/^\s+conflict\s+helm\/values\.yaml$/m);
    const values = await readFile(path.join(folder, 'helm/values.yaml'), 'utf8');
    expect(values).toContain('<<<<<<< yours\n  config: []\n');
    expect(values).toContain('"REGION": "eu"');
    expect((await checkFolder(folder)).findings).toContainEqual(expect.objectContaining({ code: 'conflict-marker', file: 'helm/values.yaml' }));
  });
});

describe('khal-pack add env on a pack with symbolic links', () => {
  /** Moves `inside` (a folder or file of the pack) to a folder beside the pack and links it back: returns the moved copy. */
  async function linkOut(folder: string, inside: string): Promise<string> {
    const outside = path.join(await tempFolder('khal-pack-link-target-'), path.basename(inside));
    await rename(path.join(folder, inside), outside);
    await symlink(outside, path.join(folder, inside));
    return outside;
  }

  async function bytesUnder(target: string): Promise<Record<string, string>> {
    if (!(await lstat(target)).isDirectory()) return { '.': (await readFile(target)).toString('base64') };
    const state: Record<string, string> = {};
    for (const entry of await readdir(target, { recursive: true, withFileTypes: true }))
      if (entry.isFile()) {
        const file = path.join(entry.parentPath, entry.name);
        state[path.relative(target, file)] = (await readFile(file)).toString('base64');
      }
    return state;
  }

  it.each([
    ['helm/', 'helm', /helm is a symbolic link/],
    ['helm/values.yaml', 'helm/values.yaml', /helm\/values\.yaml is a symbolic link/],
  ])('a symlinked %s: refused before anything is written; what the link points to is byte for byte unchanged', async (_name, inside, message) => {
    const folder = await scenarioCopy('full-stack-four-env', packs);
    const outside = await linkOut(folder, inside);
    const before = await bytesUnder(outside);
    const manifest = await readFile(path.join(folder, 'khal-app.json'));
    const parent = (await readdir(path.dirname(folder))).sort();
    const run = await khalPack(['add', 'env', 'REGION', '--type', 'string', '--description', 'R', '--default', 'eu'], folder);
    expect(run.exitCode, run.stdout).not.toBe(0);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain('nothing was');
    expect(await bytesUnder(outside)).toEqual(before);
    expect((await lstat(path.join(folder, inside))).isSymbolicLink()).toBe(true);
    expect(await readFile(path.join(folder, 'khal-app.json'))).toEqual(manifest);
    expect((await readdir(path.dirname(folder))).sort()).toEqual(parent);
  });
});

describe('khal-pack add env on a pack whose author wrote a placeholder-like text on purpose', () => {
  it('a pack created with the description "Replace <name> in templates" passes check, and add env works', async () => {
    const folder = path.join(await tempFolder(), 'pack-templater');
    const create = await execa(
      'node',
      [CLI, folder, '--yes', '--kind', 'full-stack', '--author', 'A <org> team', '--description', 'Replace <name> in templates', '--env', 'API_KEY:secret#Key for <registry>'],
      { reject: false, stdin: 'ignore' },
    );
    expect(create.exitCode, create.stderr).toBe(0);
    expect((await checkFolder(folder)).findings).toEqual([]);
    const run = await khalPack(['add', 'env', 'REGION', '--type', 'string', '--description', 'Region of <scope>', '--default', '<id>'], folder);
    expect(run.exitCode, run.stderr).toBe(0);
    expect((await checkFolder(folder)).findings).toEqual([]);
    expect(await readFile(path.join(folder, 'service/.env.example'), 'utf8')).toMatch(/^REGION=.*<id>/m);
  });

  it('a placeholder outside the typed texts is still found', async () => {
    const folder = await scenarioCopy('full-stack-four-env', packs);
    await editText(folder, 'README.md', (text) => `${text}\nInstall <name> first.\n`);
    expect((await checkFolder(folder)).findings).toMatchObject([{ code: 'placeholder', file: 'README.md', problem: 'holds the placeholder "<name>"' }]);
  });
});

describe('khal-pack add env on a terminal', () => {
  it('asks for what the flags did not give, re-asking a taken key with the reason', async () => {
    const { addEnvCommand } = await import('../../src/commands/add-env.js');
    const folder = await scenarioCopy('full-stack-four-env', packs);
    const asked: string[] = [];
    const keyAnswers = ['POLL_SECONDS', 'ZONE_NAME'];
    const prompter = {
      input: async (question: { message: string; validate?: (value: string) => string | true }) => {
        asked.push(question.message);
        if (question.message.startsWith('Env key')) {
          for (const answer of keyAnswers) {
            const verdict = question.validate!(answer);
            if (verdict === true) return answer;
            asked.push(`rejected ${answer}: ${verdict}`);
          }
        }
        if (question.message.startsWith('Description')) return 'Zone of the provider';
        return 'eu-1';
      },
      select: async (question: { message: string }) => {
        asked.push(question.message);
        return 'string' as never;
      },
      confirm: async (question: { message: string }) => {
        asked.push(question.message);
        return question.message.startsWith('Add ZONE_NAME to the pack');
      },
      checkbox: async () => [],
    };
    const out = { info: () => undefined, error: () => undefined };
    const result = await addEnvCommand(undefined, { dir: folder }, { out, prompter });
    expect(result.entry).toEqual({ key: 'ZONE_NAME', description: 'Zone of the provider', type: 'string', required: false, default: 'eu-1' });
    expect(asked).toContain('rejected POLL_SECONDS: "POLL_SECONDS" is already an env entry of this pack: keys must be unique (khal-pack handoff lists them)');
    expect(asked.some((message) => message.startsWith('Is ZONE_NAME required'))).toBe(true);
    expect((await checkFolder(folder)).findings).toEqual([]);
  });
});
