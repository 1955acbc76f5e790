import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { KHAL_PACK, scenarioCopy } from '../commands/support.js';
import { CLI, tempFolder } from '../support/generate.js';
import { lockPack } from '../../src/write/pack-lock.js';
import { pausedAt } from '../support/pause.js';

// Two runs at once never lose data while reporting success: a run that changes a pack holds
// its lock (src/write/pack-lock.ts), and a run removes only the folders it made, and only
// while they are empty. Each scenario is run many times over, since a race shows only sometimes.
const ENV = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', NO_COLOR: '1' };
const ROUNDS = 6;

const addEnv = (folder: string, key: string) =>
  execa('node', [KHAL_PACK, 'add', 'env', key, '--type', 'string', '--description', `Entry ${key}`, '--optional', '--dir', folder], {
    reject: false,
    stdin: 'ignore',
    env: ENV,
  });

const manifestKeys = (folder: string) =>
  ((JSON.parse(readFileSync(path.join(folder, 'khal-app.json'), 'utf8')) as { env?: { key: string }[] }).env ?? []).map((entry) => entry.key);

describe('two runs at the same time', () => {
  it('two add env runs on one pack: each either added its entry (and it is there) or said that the other run holds the pack', async () => {
    let refused = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const folder = await scenarioCopy('full-stack-no-env');
      const [first, second] = await Promise.all([addEnv(folder, 'FIRST_KEY'), addEnv(folder, 'SECOND_KEY')]);
      const keys = manifestKeys(folder);
      for (const [run, key] of [
        [first, 'FIRST_KEY'],
        [second, 'SECOND_KEY'],
      ] as const) {
        if (run.exitCode === 0) {
          expect(run.stdout).toContain(`Adding the env entry ${key} `);
          expect(keys, `${key} reported added`).toContain(key);
        } else {
          refused++;
          expect(run.exitCode, run.stderr).toBe(1);
          expect(run.stderr).toMatch(/is being changed by khal-pack add env \(pid \d+/);
          expect(keys).not.toContain(key);
        }
      }
      expect(readdirSync(path.dirname(folder)).filter((name) => name !== path.basename(folder))).toEqual([]);
    }
    console.log(`concurrency: ${refused} of ${2 * ROUNDS} add env runs were refused while the other held the pack`);
  });

  it('env rename and env set of one entry at the same time: a run that says it changed the pack did, and neither undoes the other', async () => {
    const khalPack = (args: string[]) => execa('node', [KHAL_PACK, ...args], { reject: false, stdin: 'ignore', env: ENV });
    const manifestEntries = (folder: string) =>
      (JSON.parse(readFileSync(path.join(folder, 'khal-app.json'), 'utf8')) as { env: { key: string; description: string }[] }).env;
    for (let round = 0; round < ROUNDS; round++) {
      const folder = await scenarioCopy('full-stack-four-env');
      const [rename, set] = await Promise.all([
        khalPack(['env', 'rename', 'POLL_SECONDS', 'POLL_INTERVAL', '--dir', folder, '--yes']),
        khalPack(['env', 'set', 'POLL_SECONDS', '--description', 'Seconds between two polls', '--dir', folder, '--yes']),
      ]);
      const keys = manifestEntries(folder).map((entry) => entry.key);
      if (rename.exitCode === 0) expect(keys, 'the rename was reported done').toContain('POLL_INTERVAL');
      else expect(rename.stderr).toMatch(/is being changed by khal-pack env set|is not an env entry/);
      if (set.exitCode === 0) expect(manifestEntries(folder).map((entry) => entry.description), 'the set was reported done').toContain('Seconds between two polls');
      else expect(set.stderr).toMatch(/is being changed by khal-pack env rename|is not an env entry/);
      expect(keys.filter((key) => key.startsWith('POLL_')), 'one entry, under one name').toHaveLength(1);
    }
  });

  it('two creates into new folders under one new parent: every "Created" pack is there, whole', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const cwd = await tempFolder();
      const create = (name: string) =>
        execa('node', [CLI, `shared/new/pack-${name}`, '--yes', '--author', 'Ana'], { cwd, reject: false, stdin: 'ignore', env: ENV });
      const runs = await Promise.all([create('alpha'), create('beta')]);
      for (const [index, run] of runs.entries()) {
        const name = index === 0 ? 'alpha' : 'beta';
        expect(run.exitCode, run.stderr).toBe(0);
        expect(run.stdout).toContain(`Created shared/new/pack-${name}/`);
        expect(existsSync(path.join(cwd, 'shared/new', `pack-${name}`, 'khal-app.json'))).toBe(true);
      }
    }
  });

  it('an interrupted create removes only the folders it made, and only while they are empty', async () => {
    const cwd = await tempFolder();
    const paused = execa('node', [CLI, 'shared/a/pack-alpha', '--yes', '--author', 'Ana'], {
      cwd,
      reject: false,
      stdin: 'ignore',
      env: { ...ENV, KHAL_PACK_TEST_PAUSE_AT: 'commit' },
    });
    await pausedAt(paused, 'commit');
    // Meanwhile another run writes into the parent folder the first one made.
    const other = await execa('node', [CLI, 'shared/b/pack-beta', '--yes', '--author', 'Ana'], { cwd, reject: false, stdin: 'ignore', env: ENV });
    expect(other.exitCode, other.stderr).toBe(0);
    paused.kill('SIGINT');
    const interrupted = await paused;
    expect(interrupted.exitCode).toBe(130);
    expect(existsSync(path.join(cwd, 'shared/b/pack-beta/khal-app.json'))).toBe(true);
    expect(readdirSync(path.join(cwd, 'shared'))).toEqual(['b']);
  });

  it('a signal after the pack is written: the run finishes, says it created the pack, and exits 0', async () => {
    const cwd = await tempFolder();
    const run = execa('node', [CLI, 'pack-late', '--yes', '--author', 'Ana'], { cwd, reject: false, stdin: 'ignore', env: { ...ENV, KHAL_PACK_TEST_PAUSE_AT: 'written' } });
    await pausedAt(run, 'written');
    run.kill('SIGINT');
    const result = await run;
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('Created pack-late/');
    expect(result.stderr).not.toContain('nothing was written');
    expect(existsSync(path.join(cwd, 'pack-late/khal-app.json'))).toBe(true);
  });

  it('a lock left by a run that died is taken over; a live one is refused with who holds it', async () => {
    const folder = path.join(await tempFolder(), 'pack-x');
    await mkdir(folder);
    const held = lockPack(folder, 'khal-pack test');
    expect(() => lockPack(folder, 'khal-pack other')).toThrow(/is being changed by khal-pack test \(pid \d+/);
    held.release();
    // A holder whose process is gone: written by hand as a dead run would have left it.
    const lockFolder = path.join(path.dirname(folder), '.pack-x.khal-pack-lock');
    await mkdir(lockFolder);
    writeFileSync(path.join(lockFolder, 'holder.json'), JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), command: 'khal-pack add env', since: 'earlier' }));
    const taken = lockPack(folder, 'khal-pack add env');
    taken.release();
    expect(existsSync(lockFolder)).toBe(false);
  });
});
