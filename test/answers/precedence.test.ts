import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it, vi } from 'vitest';
import { AnswersError } from '../../src/answers/problems.js';
import type { Prompter } from '../../src/answers/prompter.js';
import { resolveAnswers } from '../../src/answers/resolve.js';
import { checkAnswersText } from '../../src/answers/answers-file.js';
import { ANSWER_NAMES, answerFields } from '../../src/answers/schema.js';
import { CLI, tempFolder } from '../support/generate.js';

const noPrompts: Prompter = new Proxy({} as Prompter, {
  get: (_target, name) => () => Promise.reject(new Error(`unexpected prompt: ${String(name)}`)),
});

describe('answer precedence: flag, then answers file, then default', () => {
  const file = {
    path: 'answers.json',
    answers: { name: 'from-file', description: 'From the file', author: 'File Author', kind: 'full-stack' as const, port: 9001 },
  };

  it('takes a flag over the answers file, and the file over the default', async () => {
    const { answers, origins } = await resolveAnswers({
      flags: { description: 'From a flag', port: 9002 },
      file,
      yes: false,
    });
    expect(answers).toMatchObject({ name: 'from-file', description: 'From a flag', author: 'File Author', port: 9002 });
    expect(answers.scope).toBe('@khal-os');
    expect(origins).toMatchObject({ name: 'file', description: 'flag', port: 'flag', scope: 'default' });
  });

  it('derives the id from the target folder, after --name', async () => {
    const base = { flags: { description: 'd', author: 'a', kind: 'frontend-only' as const }, yes: false };
    expect((await resolveAnswers({ ...base, directory: 'work/pack-weather' })).answers.name).toBe('weather');
    expect((await resolveAnswers({ ...base, directory: 'clock' })).answers.name).toBe('clock');
    expect((await resolveAnswers({ ...base, directory: '/work/pack-here/.' })).answers.name).toBe('here');
    expect((await resolveAnswers({ ...base, directory: '/work/pack-here/sub/..' })).answers.name).toBe('here');
    expect((await resolveAnswers({ ...base, directory: 'pack-weather', flags: { ...base.flags, name: 'rain' } })).answers.name).toBe('rain');
  });

  it('derives the defaults from earlier answers', async () => {
    const fullStack = await resolveAnswers({ flags: { name: 'weather-station', kind: 'full-stack' }, yes: true, gitAuthor: 'Git User' });
    expect(fullStack.answers).toMatchObject({
      displayName: 'Weather Station',
      description: 'A Khal OS pack',
      author: 'Git User',
      permissions: ['nats:publish', 'nats:subscribe'],
      env: [],
      version: '0.1.0',
      port: 8080,
      registry: 'ghcr.io/khal-os',
    });
    const frontendOnly = await resolveAnswers({ flags: { name: 'clock' }, yes: true, gitAuthor: 'Git User' });
    expect(frontendOnly.answers).toMatchObject({ kind: 'frontend-only', permissions: [] });
  });

  it('a default is held to its rule like a given answer: a git user name over 100 characters is refused, naming --author', async () => {
    const run = resolveAnswers({ flags: { name: 'clock' }, yes: true, gitAuthor: 'G'.repeat(101) });
    await expect(run).rejects.toThrow(AnswersError);
    await expect(run).rejects.toThrow(/--author "G{101}": /);
  });

  it('gives the answers in the order of the table of answers, each as its rule gives it back', async () => {
    const { answers } = await resolveAnswers({ flags: { kind: 'full-stack', env: [{ type: 'string', required: false, default: 'eu', description: 'Region', key: 'REGION' }] }, directory: 'pack-weather', yes: true, gitAuthor: 'A' });
    expect(Object.keys(answers)).toEqual(ANSWER_NAMES);
    expect(Object.keys(answers.env[0]!)).toEqual(['key', 'description', 'type', 'required', 'default']);
  });

  it('--yes never prompts, even with a terminal to ask on', async () => {
    const { answers } = await resolveAnswers({ flags: {}, file, yes: true, prompter: noPrompts });
    expect(answers.name).toBe('from-file');
  });

  it("checks each answer by its rule once: the answers file's when it is read, a flag's when the answers are resolved", async () => {
    const entry = (key: string) => ({ key, description: `Setting ${key}`, type: 'string' as const, required: false, default: 'x' });
    const loaded = checkAnswersText(JSON.stringify({ ...file.answers, env: [entry('FROM_FILE')] }), 'answers.json');
    expect(loaded.problems).toEqual([]);
    const envRule = vi.spyOn(answerFields.env, 'safeParse');
    try {
      await resolveAnswers({ flags: {}, file: { path: 'answers.json', answers: loaded.answers }, yes: true });
      expect(envRule).not.toHaveBeenCalled();
      await resolveAnswers({ flags: { env: [entry('FROM_FLAG')] }, file: { path: 'answers.json', answers: loaded.answers }, yes: true });
      expect(envRule).toHaveBeenCalledTimes(1);
    } finally {
      envRule.mockRestore();
    }
  });

  it('without a terminal, names every missing flag at once', async () => {
    const error = await resolveAnswers({ flags: {}, yes: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnswersError);
    expect((error as AnswersError).problems.map((problem) => problem.answer)).toEqual(['--name', '--description', '--author', '--kind']);
  });
});

describe('the CLI without a terminal', () => {
  it('exits 2, names every missing flag and writes nothing', async () => {
    const cwd = await tempFolder();
    const result = await execa('node', [CLI, 'pack-weather'], { cwd, reject: false, env: { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });
    expect(result.exitCode).toBe(2);
    for (const flag of ['--description', '--author', '--kind']) expect(result.stderr).toContain(flag);
    expect(result.stderr).not.toContain('--name');
    expect(result.stderr).toContain('Nothing was written');
    expect(existsSync(path.join(cwd, 'pack-weather'))).toBe(false);
  });

  it('takes flags over the answers file over --yes defaults', async () => {
    const cwd = await tempFolder();
    await writeFile(path.join(cwd, 'answers.json'), JSON.stringify({ name: 'weather', description: 'From the file', author: 'Ana', kind: 'full-stack', port: 9001 }));
    const result = await execa('node', [CLI, '--answers', 'answers.json', '--port', '9002', '--yes'], { cwd, reject: false });
    expect(result.exitCode, result.stderr).toBe(0);
    const { readJson } = await import('../support/generate.js');
    const manifest = await readJson(path.join(cwd, 'pack-weather'), 'khal-app.json');
    expect(manifest).toMatchObject({ id: 'weather', description: 'From the file', backend: { ports: [9002] } });
  });

  it('refuses --permission none together with a permission, saying why', async () => {
    const cwd = await tempFolder();
    const result = await execa('node', [CLI, 'pack-weather', '--yes', '--author', 'Ana', '--permission', 'none,files:read'], { cwd, reject: false });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('--permission "none": means no permission at all, so it cannot be combined with files:read');
  });

  it('two folders: says only one is taken and what else was given, that nothing was written once, exit 2', async () => {
    const cwd = await tempFolder();
    const result = await execa('node', [CLI, 'pack-a', 'pack-b', '--yes', '--author', 'Ana'], { cwd, reject: false });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('Only one folder is taken; also given: "pack-b".');
    expect(result.stderr.match(/Nothing was written\./g)).toHaveLength(1);
  });

  it('scaffolds into the current folder with ".", taking the id from its name', async () => {
    const cwd = path.join(await tempFolder(), 'pack-dot');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(cwd);
    const result = await execa('node', [CLI, '.', '--yes', '--author', 'Ana'], { cwd, reject: false });
    expect(result.exitCode, result.stderr).toBe(0);
    const { readJson } = await import('../support/generate.js');
    expect((await readJson(cwd, 'khal-app.json')).id).toBe('dot');
    expect(result.stdout).not.toMatch(/^\s+cd /m);
  });

  it('replays a pack from its .khal-pack.json', async () => {
    const cwd = await tempFolder();
    const first = await execa('node', [CLI, 'pack-clock', '--yes', '--author', 'Ana', '--kind', 'full-stack', '--env', 'TZ_NAME:string=UTC#Time zone', '--permission', 'none'], { cwd, reject: false });
    expect(first.exitCode, first.stderr).toBe(0);
    const second = await execa('node', [CLI, 'copy', '--answers', 'pack-clock/.khal-pack.json'], { cwd, reject: false });
    expect(second.exitCode, second.stderr).toBe(0);
    const { readText } = await import('../support/generate.js');
    // The id comes from the file: the folder name is only the id's default.
    for (const file of ['khal-app.json', '.khal-pack.json', 'helm/values.yaml', 'README.md'])
      expect(await readText(path.join(cwd, 'copy'), file)).toBe(await readText(path.join(cwd, 'pack-clock'), file));
  });
});
