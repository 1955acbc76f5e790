import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validatePort } from '../../src/answers/prompts.js';
import { tempFolder } from '../support/generate.js';
import { runCli } from './support.js';
import { khalPack } from '../commands/support.js';
import { releasedPack } from '../release/support.js';

describe('a word right after a flag value is refused with the quoting hint first', () => {
  it('--description Weather app: no pack "app/", the hint on the first line', async () => {
    const cwd = await tempFolder();
    const result = await runCli(['--yes', '--author', 'Ana', '--name', 'weather', '--description', 'Weather', 'app', '--dry-run'], { cwd });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(
      'error: did you mean --description "Weather app"? "app" follows the value of --description, so it could be part of it or the target folder. Quote a value with spaces; name the folder first (create-khal-pack <folder> --description …) or after --.',
    );
    expect(result.stdout).toBe('');
  });

  it('an unquoted --env description makes no folder "key/"', async () => {
    const cwd = await tempFolder();
    const result = await runCli(['--yes', '--author', 'Ana', '--kind', 'full-stack', '--env', 'API_KEY:secret#API', 'key'], { cwd });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^error: did you mean --env "API_KEY:secret#API key"\?/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('with the folder first, the extra word is still the hint first, not the help', async () => {
    const cwd = await tempFolder();
    const result = await runCli(['pack-weather', '--yes', '--author', 'Ana', '--description', 'two', 'words'], { cwd });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^error: did you mean --description "two words"\?/);
    expect(result.stderr).not.toContain('Options:');
  });

  it('the folder after -- or first is taken as the folder', async () => {
    const cwd = await tempFolder();
    const separated = await runCli(['--yes', '--author', 'Ana', '--description', 'Weather', '--dry-run', '--', 'app'], { cwd });
    expect(separated.exitCode, separated.stderr).toBe(0);
    expect(separated.stdout).toContain('into app/');
    const first = await runCli(['app', '--yes', '--author', 'Ana', '--description', 'Weather', '--dry-run'], { cwd });
    expect(first.exitCode, first.stderr).toBe(0);
  });

  it('--author=--yes says the value is meant (the replay prints flag-like values so)', async () => {
    const cwd = await tempFolder();
    const result = await runCli(['pack-weather', '--yes', '--author=--yes', '--dry-run'], { cwd });
    expect(result.exitCode, result.stderr).toBe(0);
    const bare = await runCli(['pack-weather', '--kind', 'full-stack', '--author', '--yes'], { cwd });
    expect(bare.exitCode).toBe(2);
    expect(bare.stderr).toContain('got "--yes" as its value');
  });
});

describe('a typo prints the error, a suggestion and a pointer to --help, nothing more', () => {
  it('--athor', async () => {
    const result = await runCli(['pack-weather', '--athor', 'Ana'], { cwd: await tempFolder() });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      "error: unknown option '--athor'",
      '(Did you mean --author?)',
      'See create-khal-pack --help for every flag. Nothing was written.',
    ]);
  });

  it.each([
    [['--kind', 'fullstack'], '--kind "fullstack": must be one of: full-stack, frontend-only (did you mean full-stack?)'],
    [['--permission', 'nats:publsh'], '(did you mean nats:publish?)'],
    [['--kind', 'full-stack', '--env', 'TOKEN:secrte#Token'], '--env #1 type "secrte": must be one of: string, number, boolean, secret, url (did you mean secret?)'],
  ])('a fixed-set value %j gets "did you mean"', async (flags, message) => {
    const result = await runCli(['pack-weather', '--yes', '--author', 'Ana', ...flags], { cwd: await tempFolder() });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('no suggestion for a value like none of the choices', async () => {
    const result = await runCli(['pack-weather', '--yes', '--author', 'Ana', '--kind', 'backend'], { cwd: await tempFolder() });
    expect(result.stderr).toContain('must be one of: full-stack, frontend-only\n');
  });
});

describe('a pack is never made inside a pack', () => {
  it('the replay of .khal-pack.json from inside the pack is refused, saying where to run it', async () => {
    const cwd = await tempFolder();
    const made = await runCli(['pack-weather', '--yes', '--author', 'Ana'], { cwd });
    expect(made.exitCode, made.stderr).toBe(0);
    const inside = path.join(cwd, 'pack-weather');
    const before = readdirSync(inside).sort();
    const replay = await runCli(['--answers', '.khal-pack.json'], { cwd: inside });
    expect(replay.exitCode).toBe(2);
    expect(replay.stderr).toContain(`pack-weather would be inside the pack at ${inside} (it holds khal-app.json)`);
    expect(replay.stderr).toContain(`cd ${path.relative(inside, cwd)} && create-khal-pack <new folder> --answers pack-weather/.khal-pack.json`);
    expect(readdirSync(inside).sort()).toEqual(before);
  });

  it('a folder holding only .khal-pack.json counts as a pack', async () => {
    const cwd = await tempFolder();
    mkdirSync(path.join(cwd, 'half'));
    writeFileSync(path.join(cwd, 'half/.khal-pack.json'), '{}');
    const result = await runCli(['half/deeper/pack-xy', '--yes', '--author', 'Ana'], { cwd });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('(it holds .khal-pack.json)');
    expect(existsSync(path.join(cwd, 'half/deeper'))).toBe(false);
  });
});

describe('--yes says where each answer came from', () => {
  it('flag, answers file, target folder, default and git', async () => {
    const cwd = await tempFolder();
    writeFileSync(path.join(cwd, 'gitconfig'), '[user]\n\tname = Git Person\n');
    writeFileSync(path.join(cwd, 'answers.json'), '{"description": "From the file"}');
    const result = await runCli(['pack-weather', '--yes', '--kind', 'full-stack', '--answers', 'answers.json', '--dry-run'], {
      cwd,
      env: { GIT_CONFIG_GLOBAL: path.join(cwd, 'gitconfig') },
    });
    expect(result.exitCode, result.stderr).toBe(0);
    const lines = result.stdout.split('\n');
    const line = (label: string) => lines.find((candidate) => candidate.startsWith(`  ${label.padEnd(14)}`));
    expect(line('id')).toBe('  id            weather  (from the target folder)');
    expect(line('author')).toBe('  author        Git Person  (git config user.name)');
    expect(line('kind')).toBe('  kind          full-stack  (--kind)');
    expect(line('description')).toBe('  description   From the file  (answers.json)');
    expect(line('port')).toBe('  port          8080  (default)');
  });
});

describe('numbers beyond JSON\'s range', () => {
  it('a port of 1e400 in an answers file says what is wrong', async () => {
    const cwd = await tempFolder();
    writeFileSync(path.join(cwd, 'answers.json'), '{"port": 1e400}');
    const result = await runCli(['pack-weather', '--yes', '--author', 'Ana', '--answers', 'answers.json'], { cwd });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('- answers.json: port: is too large to be a number (JSON reads it as infinity): give a finite number');
    expect(result.stderr).not.toContain('null');
  });

  it('--port 1e400 as a flag', async () => {
    const result = await runCli(['pack-weather', '--yes', '--author', 'Ana', '--port', '1e400'], { cwd: await tempFolder() });
    expect(result.stderr).toContain('- --port "1e400": must be a whole number from 1024 to 65535, e.g. 8080');
  });

  it('--port 08080: a leading zero is refused, in the flag and in the prompt, never dropped', async () => {
    const result = await runCli(['pack-weather', '--yes', '--author', 'Ana', '--kind', 'full-stack', '--port', '08080'], { cwd: await tempFolder() });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('- --port "08080": must be written without a leading zero (8080?): a port is a whole number from 1024 to 65535');
    expect(validatePort('08080')).toBe('"08080" must be written without a leading zero (8080?): a port is a whole number from 1024 to 65535');
    expect(validatePort(' 9090 ')).toBe(true);
    expect(validatePort('0')).toBe('"0" must be a whole number from 1024 to 65535, e.g. 8080');
  });
});

describe('khal-pack --json: a usage mistake is JSON on stdout too', () => {
  it.each([
    { name: 'a bump missing (the kit says it)', args: ['release', '--json'], says: 'release needs patch, minor, major or a version' },
    { name: 'an unknown option (commander says it)', args: ['set', '--prot', '1', '--json'], says: "unknown option '--prot'" },
    { name: 'an option given after --, as the folder: still read as --json only before it', args: ['check', '--json', '--', '--nope', 'x'], says: 'too many arguments' },
  ])('$name', async ({ args, says }) => {
    const run = await khalPack(args);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(says);
    expect(JSON.parse(run.stdout)).toEqual({ error: { exitCode: 2, message: expect.stringContaining(says) } });
  });

  it('without --json, stdout stays empty', async () => {
    const run = await khalPack(['set', '--prot', '1']);
    expect([run.exitCode, run.stdout]).toEqual([2, '']);
  });
});

describe('khal-pack says the mistake that was made', () => {
  it('release with two bumps, release --verify with one, a folder given twice; --dir as the other commands take it', async () => {
    const { folder } = await releasedPack();
    const twice = await khalPack(['release', 'patch', 'minor'], folder);
    expect([twice.exitCode, twice.stderr.trim()]).toEqual([2, 'release takes one bump, then the pack folder; got "patch" and "minor"']);
    const verify = await khalPack(['release', '--verify', 'patch'], folder);
    expect(verify.exitCode).toBe(2);
    expect(verify.stderr).toContain('release --verify takes no bump');
    const both = await khalPack(['release', 'patch', '.', '--dir', folder], folder);
    expect([both.exitCode, both.stderr]).toEqual([2, expect.stringContaining('give the pack folder once')]);
    const byDir = await khalPack(['release', 'patch', '--dir', folder, '--dry-run']);
    expect(byDir.exitCode, byDir.stderr).toBe(0);
    expect((await khalPack(['release', '--verify', '--dir', folder])).exitCode).toBe(0);
  });

  it('check run inside a pack names the pack folder it found, not "."', async () => {
    const { folder } = await releasedPack();
    const run = await khalPack(['check'], path.join(folder, 'service/src'));
    expect(run.stdout.split('\n')[0]).toBe('khal-pack check ../..');
  });

  it('notes under "## [Unreleased]": the report quotes that heading', async () => {
    const { folder } = await releasedPack();
    writeFileSync(path.join(folder, 'CHANGELOG.md'), '# Changelog\n\n## [Unreleased]\n\n- Nicer icons.\n');
    const run = await khalPack(['release', 'patch', '--date', '2025-03-01'], folder);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('Your notes under "## [Unreleased]" in CHANGELOG.md are now the notes of 0.1.1.');
  });

  it('--env with a misspelt requiredness suggests the word', async () => {
    const run = await runCli(['pack-typo', '--yes', '--kind', 'full-stack', '--env', 'A:string:requried#x'], { cwd: await tempFolder() });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('(did you mean required?)');
  });
});
