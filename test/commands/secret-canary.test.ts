import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesUnder } from '../../src/util/files.js';
import { editJson, editText, khalPack, scenarioCopy } from './support.js';

// A secret's value never shows, whatever holds it and whichever command reads it: a pack that
// holds a canary value in every place a secret's value could be put by mistake (the manifest's
// default, the values file, .env.example), then every command, in text and as JSON, and every
// file a command writes, are searched for it.
const CANARY = 'sk-canary-4f1e9d';

async function packWithCanaries(): Promise<{ folder: string; secretKey: string }> {
  const folder = await scenarioCopy('full-stack-four-env');
  const manifest = JSON.parse(await readFile(path.join(folder, 'khal-app.json'), 'utf8')) as { env: { key: string; type: string }[] };
  const secretKey = manifest.env.find((entry) => entry.type === 'secret')!.key;
  await editJson(folder, 'khal-app.json', (data) => {
    data.env.find((entry: { key: string }) => entry.key === secretKey).default = CANARY;
  });
  await editText(folder, 'service/.env.example', (text) => text.replace(new RegExp(`^${secretKey}=.*$`, 'm'), `${secretKey}=${CANARY}`));
  await editText(folder, 'helm/values.yaml', (text) => `${text}\n# ${secretKey}: ${CANARY}\n`);
  return { folder, secretKey };
}

describe('a secret canary through every command', () => {
  it('no output of check, handoff, env diff, add env, env set, release or update shows it, and no file they write holds it anew', async () => {
    const { folder, secretKey } = await packWithCanaries();
    const before = await readFile(path.join(folder, 'khal-app.json'), 'utf8');
    const old = path.join(path.dirname(folder), 'old-khal-app.json');
    await writeFile(old, before.replace(`"default": "${CANARY}"`, '"default": "sk-older-canary"'));
    const copy = `${folder}-copy`;
    await cp(folder, copy, { recursive: true });
    const runs = [
      ['check', folder],
      ['check', folder, '--json'],
      ['handoff', folder],
      ['handoff', folder, '--json'],
      ['env', 'diff', old, path.join(folder, 'khal-app.json')],
      ['env', 'diff', old, path.join(folder, 'khal-app.json'), '--json'],
      ['add', 'env', 'NEW_SETTING', '--type', 'string', '--description', 'New', '--optional', '--dir', copy],
      ['env', 'set', secretKey, '--description', 'Changed', '--dir', copy, '--yes'],
      ['env', 'set', secretKey, '--description', 'Changed', '--dir', copy, '--yes', '--json'],
      ['release', 'minor', copy, '--dry-run'],
      ['release', 'minor', copy, '--dry-run', '--json'],
      ['update', copy, '--check'],
    ];
    for (const args of runs) {
      const run = await khalPack(args);
      expect(`${run.stdout}\n${run.stderr}`, args.join(' ')).not.toContain(CANARY);
      expect(`${run.stdout}\n${run.stderr}`, args.join(' ')).not.toContain('sk-older-canary');
    }
    // What was there may stay (it is the user's file); nothing may copy it anywhere new.
    const holders = async (root: string) => {
      const found: string[] = [];
      for (const file of filesUnder(root)) if ((await readFile(path.join(root, file), 'utf8')).includes(CANARY)) found.push(file);
      return found.sort();
    };
    const original = await holders(folder);
    expect((await holders(copy)).filter((file) => !original.includes(file))).toEqual([]);
  });
});
