import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { checkFolder, editJson, editText, khalPack, scenarioCopy } from '../commands/support.js';
import { mergeYamlTexts } from '../../src/update/merge-documents.js';
import { mergeFile } from '../../src/update/merge-file.js';
import { renamePlain } from '../../src/update/env-renames.js';

// What the user wrote on an env entry of helm/values.yaml (a comment on its line, a line of their
// own above it) is never dropped by a change: a rename carries it to the new name, and a change
// that removes or moves the entry leaves it in a conflict for the user to see to.

const SCENARIO = 'full-stack-four-env';
const packs = new Map<string, string>();

async function commentedPack(): Promise<string> {
  const folder = await scenarioCopy(SCENARIO, packs);
  await editText(folder, 'helm/values.yaml', (text) =>
    text
      .replace('"POLL_SECONDS": "30"', '"POLL_SECONDS": "30" # 10 in the staging cluster')
      .replace('    "PROVIDER_URL": ""', '    # ours: https://weather.internal\n    "PROVIDER_URL": ""'),
  );
  return folder;
}

const valuesOf = (folder: string) => readFile(path.join(folder, 'helm/values.yaml'), 'utf8');
const errorsOf = async (folder: string) => (await checkFolder(folder)).findings.filter((finding) => finding.severity === 'error');

describe("a user's comment on an env entry in values.yaml", () => {
  it('env rename: the comment on the line and the line above stay with the entry under its new name', async () => {
    const folder = await commentedPack();
    await editJson(folder, 'helm/values.schema.json', (schema) => {
      schema.properties.env.properties.config.properties.POLL_SECONDS.$comment = 'ours: checked by the platform team';
    });
    for (const [from, to] of [
      ['POLL_SECONDS', 'POLL_INTERVAL'],
      ['PROVIDER_URL', 'API_BASE_URL'],
    ]) {
      const run = await khalPack(['env', 'rename', from!, to!, '--dir', folder, '--yes']);
      expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
      expect(run.stdout).toMatch(/merged \(your edits kept\)\s+helm\/values\.yaml/);
    }
    const values = await valuesOf(folder);
    expect(values).toContain('    # Seconds between two readings (number, optional)\n    "POLL_INTERVAL": "30" # 10 in the staging cluster\n');
    expect(values).toContain('    # Base URL of the weather provider (url, required)\n    # ours: https://weather.internal\n    "API_BASE_URL": ""\n');
    expect(values).not.toMatch(/POLL_SECONDS|PROVIDER_URL/);
    const schema = JSON.parse(await readFile(path.join(folder, 'helm/values.schema.json'), 'utf8'));
    expect(schema.properties.env.properties.config.properties.POLL_INTERVAL.$comment).toBe('ours: checked by the platform team');
    expect(schema.properties.env.properties.config.properties).not.toHaveProperty('POLL_SECONDS');
    expect(await errorsOf(folder)).toEqual([]);
  });

  it.each([
    { name: 'env remove', args: ['env', 'remove', 'POLL_SECONDS'], lost: '10 in the staging cluster' },
    { name: 'env set --type secret', args: ['env', 'set', 'POLL_SECONDS', '--type', 'secret'], lost: '10 in the staging cluster' },
    { name: 'env remove (the line above)', args: ['env', 'remove', 'PROVIDER_URL'], lost: 'ours: https://weather.internal' },
  ])('$name: the entry goes, so its comment would: a conflict that shows it, exit 1', async ({ args, lost }) => {
    const folder = await commentedPack();
    const run = await khalPack([...args, '--dir', folder, '--yes']);
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(1);
    expect(run.stdout).toMatch(/conflict\s+helm\/values\.yaml/);
    const values = await valuesOf(folder);
    const yours = /<<<<<<< yours\n([\s\S]*?)\|\|\|\|\|\|\| as generated\n/.exec(values)?.[1];
    expect(yours).toContain(lost);
    // The rest of the change went in.
    const manifest = JSON.parse(await readFile(path.join(folder, 'khal-app.json'), 'utf8'));
    expect(manifest.env.map((entry: { key: string }) => entry.key)).not.toEqual(['FEATURE_BETA_UI', 'PROVIDER_URL', 'POLL_SECONDS', 'WEATHER_API_KEY']);
  });

  it('env remove of an entry the user did not comment: merged, every comment of the user kept', async () => {
    const folder = await commentedPack();
    const run = await khalPack(['env', 'remove', 'FEATURE_BETA_UI', '--dir', folder, '--yes']);
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
    const values = await valuesOf(folder);
    expect(values).toContain('# 10 in the staging cluster');
    expect(values).toContain('# ours: https://weather.internal');
    expect(Object.keys(parseYaml(values).env.config)).toEqual(['PROVIDER_URL', 'POLL_SECONDS']);
    expect(await errorsOf(folder)).toEqual([]);
  });

  it("env set --description: the kit's line above the entry takes the new description, the user's line beside it stays", async () => {
    const folder = await commentedPack();
    const run = await khalPack(['env', 'set', 'PROVIDER_URL', '--description', 'Where the provider is', '--dir', folder, '--yes']);
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(await valuesOf(folder)).toContain('    # Where the provider is (url, required)\n    # ours: https://weather.internal\n    "PROVIDER_URL": ""\n');
  });
});

describe('mergeYamlTexts', () => {
  const base = 'config:\n  # kit\n  X: 1\n  Y: 2\n';
  it('declines (a line merge then marks it) when the merge would drop a comment of the user', () => {
    expect(mergeYamlTexts(base, 'config:\n  Y: 2\n', 'config:\n  # kit\n  X: 1 # mine\n  Y: 2\n')).toBeUndefined();
  });
  it('renames before it merges: the comment follows the key; a comment the kit wrote is no comment of the user', () => {
    expect(mergeYamlTexts(base, 'config:\n  # kit\n  Z: 1\n  Y: 2\n', 'config:\n  # kit\n  X: 1 # mine\n  Y: 2\n', new Map([['X', 'Z']]))?.text).toBe('config:\n  # kit\n  Z: 1 # mine\n  Y: 2\n');
    expect(mergeYamlTexts(base, 'config:\n  Y: 2\n', 'config:\n  # kit\n  X: 1\n  Y: 3\n')?.text).toBe('config:\n  Y: 3\n');
  });
});

describe("a user's line beside an env entry's row in README.md", () => {
  it('env set --description rewrites the row: the line stays under it, no conflict', async () => {
    const folder = await scenarioCopy(SCENARIO, packs);
    const row = '| `POLL_SECONDS` | no | number | `30` | plain config | Seconds between two readings |\n';
    await editText(folder, 'README.md', (text) => text.replace(row, `${row}| | | | | | Below 10 seconds the provider throttles us. |\n`));
    const run = await khalPack(['env', 'set', 'POLL_SECONDS', '--description', 'Seconds between readings', '--dir', folder, '--yes']);
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(/merged \(your edits kept\)\s+README\.md/);
    const readme = await readFile(path.join(folder, 'README.md'), 'utf8');
    expect(readme).toContain('| `POLL_SECONDS` | no | number | `30` | plain config | Seconds between readings |\n| | | | | | Below 10 seconds the provider throttles us. |\n');
    expect(await errorsOf(folder)).toEqual([]);
  });
});

describe('the merge rules of README.md and of renames', () => {
  it("README.md: two texts inserted at one place stay a conflict (no line of the change's dropped); in .env.example both are kept", async () => {
    const base = Buffer.from('# Pack\n\nIntro.\n');
    const target = Buffer.from('# Pack\n\nIntro.\n\n## Deploy\n\n```sh\nhelm install x\n```\n');
    const user = Buffer.from('# Pack\n\nIntro.\n\n## My notes\n\n```sh\nmake\n```\n');
    expect((await mergeFile('README.md', base, target, user)).conflicts).toEqual(['1 place']);
    expect((await mergeFile('service/.env.example', Buffer.from('A=\n'), Buffer.from('A=\nB=\n'), Buffer.from('A=\nC=\n'))).content.toString()).toBe('A=\nC=\nB=\n');
  });

  it('renames only where env keys are, and leaves a mapping that already has the new name as it is', () => {
    const renames = new Map([['OLD', 'NEW']]);
    const schema = { properties: { OLD: { type: 'string' }, LIST: { enum: ['OLD'] } }, required: ['OLD'], examples: ['OLD'], env: [{ key: 'OLD' }] };
    expect(renamePlain(schema, renames)).toEqual({ properties: { NEW: { type: 'string' }, LIST: { enum: ['OLD'] } }, required: ['NEW'], examples: ['OLD'], env: [{ key: 'NEW' }] });
    expect(renamePlain({ properties: { OLD: 1, NEW: 2 } }, renames)).toEqual({ properties: { OLD: 1, NEW: 2 } });
    const yaml = 'env:\n  config:\n    "OLD": ""\n  other:\n    OLD: 1\n';
    const user = yaml.replace('"OLD": ""', '"OLD": "" # ours');
    expect(mergeYamlTexts(yaml, yaml.replace('"OLD": ""', '"NEW": ""'), user, renames)?.text).toBe('env:\n  config:\n    "NEW": "" # ours\n  other:\n    OLD: 1\n');
  });

  it("env rename on a pack with an error about that entry: the error is the pack's, not the change's; the rename is made", async () => {
    const folder = await scenarioCopy(SCENARIO, packs);
    await editJson(folder, 'helm/values.schema.json', (schema) => {
      schema.properties.env.properties.config.properties.POLL_SECONDS.type = 'boolean';
    });
    expect((await errorsOf(folder)).map((finding) => finding.field)).toEqual(['properties.env.properties.config.properties.POLL_SECONDS']);
    const run = await khalPack(['env', 'rename', 'POLL_SECONDS', 'POLL_INTERVAL', '--dir', folder, '--yes', '--json']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ written: true, findings: [], errorsBefore: 1, errorsLeft: 1 });
    expect((await errorsOf(folder)).map((finding) => finding.field)).toEqual(['properties.env.properties.config.properties.POLL_INTERVAL']);
  });

  it("env rename: a warning check gave the entry before is not reported as the change's", async () => {
    const folder = await scenarioCopy(SCENARIO, packs);
    await editText(folder, 'helm/values.yaml', (text) => text.replace('"POLL_SECONDS": "30"', '"POLL_SECONDS": "10"'));
    const before = (await checkFolder(folder)).findings.filter((finding) => finding.severity === 'warning');
    expect(before.length).toBeGreaterThan(0);
    const run = await khalPack(['env', 'rename', 'POLL_SECONDS', 'POLL_INTERVAL', '--dir', folder, '--yes', '--json']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).warnings).toEqual([]);
  });
});
