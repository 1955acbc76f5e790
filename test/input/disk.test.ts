import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile, readdir, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TargetError } from '../../src/write/errors.js';
import { PackWrite } from '../../src/write/pack-write.js';
import { inspectTarget } from '../../src/write/target.js';
import { planPack } from '../../src/plan/plan-pack.js';
import { scenarioAnswers, tempFolder } from '../support/generate.js';
import { runCli, treeSnapshot } from './support.js';

const PACK = ['--yes', '--author', 'Ana', '--kind', 'full-stack', '--env', 'API_TOKEN:secret#Token'];

/** A target folder that already holds the user's work, some of it at paths the pack writes. */
async function usedFolder(cwd: string, name = 'pack-weather'): Promise<string> {
  const folder = path.join(cwd, name);
  await mkdir(path.join(folder, '.git'), { recursive: true });
  await writeFile(path.join(folder, '.git/HEAD'), 'ref: refs/heads/main\n');
  await writeFile(path.join(folder, 'README.md'), '# my notes\n');
  await writeFile(path.join(folder, 'notes.txt'), 'keep me\n');
  await mkdir(path.join(folder, 'package/src'), { recursive: true });
  await writeFile(path.join(folder, 'package/src/index.tsx'), 'export const mine = 1;\n');
  await writeFile(path.join(folder, 'package/src/extra.ts'), 'export const extra = 2;\n');
  return folder;
}

const leftovers = async (folder: string) => (await readdir(folder)).filter((entry) => entry.includes('.khal-pack-'));

describe('the target folder', () => {
  it('a new pack folder gets the mode any folder made here gets (not a private staging mode)', async () => {
    const cwd = await tempFolder();
    const result = await runCli(['pack-weather', ...PACK], { cwd });
    expect(result.exitCode, result.stderr).toBe(0);
    await mkdir(path.join(cwd, 'made-by-mkdir'));
    const mode = async (name: string) => (await stat(path.join(cwd, name))).mode & 0o777;
    expect((await mode('pack-weather')).toString(8)).toBe((await mode('made-by-mkdir')).toString(8));
  });

  it('refuses a non-empty folder, names it and changes nothing', async () => {
    const cwd = await tempFolder();
    await usedFolder(cwd);
    const before = treeSnapshot(cwd);
    const result = await runCli(['pack-weather', ...PACK], { cwd });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('pack-weather is not empty (it holds 3 entries, e.g. README.md, notes.txt, package)');
    expect(result.stderr).toContain('pass --force');
    expect(treeSnapshot(cwd)).toEqual(before);
  });

  it('refuses a folder that holds a pack, with --force too, pointing to khal-pack, and changes nothing', async () => {
    const cwd = await tempFolder();
    expect((await runCli(['pack-weather', ...PACK], { cwd })).exitCode).toBe(0);
    await writeFile(path.join(cwd, 'pack-weather/README.md'), '# my own words\n');
    const before = treeSnapshot(cwd);
    for (const force of [[], ['--force']]) {
      const result = await runCli(['pack-weather', ...PACK, ...force], { cwd });
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain('pack-weather holds a pack already (khal-app.json, .khal-pack.json): create-khal-pack makes new packs');
      expect(result.stderr).toContain('`khal-pack update pack-weather`');
      expect(result.stderr).not.toContain('pass --force');
      expect(result.stderr.includes('--force would overwrite')).toBe(force.length > 0);
    }
    expect(treeSnapshot(cwd)).toEqual(before);
  });

  it('takes a folder holding only .git as empty, and keeps .git', async () => {
    const cwd = await tempFolder();
    await mkdir(path.join(cwd, 'pack-weather/.git'), { recursive: true });
    await writeFile(path.join(cwd, 'pack-weather/.git/HEAD'), 'ref: refs/heads/main\n');
    const result = await runCli(['pack-weather', ...PACK], { cwd });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(await readFile(path.join(cwd, 'pack-weather/.git/HEAD'), 'utf8')).toBe('ref: refs/heads/main\n');
    expect(existsSync(path.join(cwd, 'pack-weather/khal-app.json'))).toBe(true);
    expect(await leftovers(cwd)).toEqual([]);
  });

  it('--force writes the pack into it, overwrites only the pack files, keeps the rest and lists each overwritten file', async () => {
    const cwd = await tempFolder();
    const folder = await usedFolder(cwd);
    const result = await runCli(['pack-weather', ...PACK, '--force'], { cwd });
    expect(result.exitCode, result.stderr).toBe(0);
    const overwritten = result.stdout.split('Overwrote 2 existing files (--force):\n')[1]!.split('\n\n')[0]!.split('\n');
    expect(overwritten.sort()).toEqual(['  README.md', '  package/src/index.tsx']);
    expect(await readFile(path.join(folder, 'notes.txt'), 'utf8')).toBe('keep me\n');
    expect(await readFile(path.join(folder, 'package/src/extra.ts'), 'utf8')).toBe('export const extra = 2;\n');
    expect(await readFile(path.join(folder, '.git/HEAD'), 'utf8')).toBe('ref: refs/heads/main\n');
    expect(await readFile(path.join(folder, 'README.md'), 'utf8')).toContain('# Weather');
    expect(existsSync(path.join(folder, 'helm/Chart.yaml'))).toBe(true);
    expect(await leftovers(cwd)).toEqual([]);
    expect((await readdir(folder)).filter((entry) => entry.startsWith('.replaced'))).toEqual([]);
  });

  it('--dry-run lists what would be written and overwritten, and writes nothing', async () => {
    const cwd = await tempFolder();
    await usedFolder(cwd);
    const before = treeSnapshot(cwd);
    // Its own temp folder: other runs on the machine make and remove dry-run folders in the shared one.
    const ownTemp = await tempFolder('khal-pack-own-tmp-');
    const dryRuns = async () => (await readdir(ownTemp)).filter((entry) => entry.startsWith('khal-pack-dry-run-')).length;
    const stagedBefore = await dryRuns();
    const result = await runCli(['pack-weather', ...PACK, '--force', '--dry-run'], { cwd, env: { TMPDIR: ownTemp } });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Dry run: would write \d+ files into pack-weather\/ \(nothing was written\):/);
    expect(result.stdout).toContain('  overwrite README.md');
    expect(result.stdout).toContain('  overwrite package/src/index.tsx');
    expect(result.stdout).toContain('  create    khal-app.json');
    expect(result.stdout).toContain('  create    helm/Chart.yaml');
    expect(treeSnapshot(cwd)).toEqual(before);
    expect(await dryRuns()).toBe(stagedBefore);

    // A new, nested folder: not even its parents are made.
    const nested = await runCli(['deep/er/pack-new', ...PACK, '--dry-run'], { cwd });
    expect(nested.exitCode, nested.stderr).toBe(0);
    expect(nested.stdout).not.toContain('overwrite');
    expect(treeSnapshot(cwd)).toEqual(before);
  });

  it('refuses a target that is a symbolic link, or reached through one', async () => {
    const cwd = await tempFolder();
    await mkdir(path.join(cwd, 'real/inside'), { recursive: true });
    await symlink(path.join(cwd, 'real'), path.join(cwd, 'link'));
    const before = treeSnapshot(cwd);
    for (const target of ['link', 'link/inside', 'link/new-pack']) {
      const result = await runCli([target, '--name', 'weather', ...PACK], { cwd });
      expect(result.exitCode, target).toBe(2);
      expect(result.stderr).toContain(`${target} goes through the symbolic link ${path.join(cwd, 'link')}: give the real folder`);
    }
    expect(treeSnapshot(cwd)).toEqual(before);
  });

  it('names the real folder a symbolic link leads to', async () => {
    const cwd = await tempFolder();
    await mkdir(path.join(cwd, 'real'));
    await symlink(path.join(cwd, 'real'), path.join(cwd, 'link'));
    const result = await runCli(['link/pack-new', '--name', 'weather', ...PACK], { cwd });
    expect(result.stderr).toContain(`give the real folder (${path.join(cwd, 'real/pack-new')}) instead`);
  });

  it('refuses a target under a file, as bad usage with a reason, and writes nothing', async () => {
    const cwd = await tempFolder();
    await writeFile(path.join(cwd, 'notes.txt'), 'mine');
    const result = await runCli(['notes.txt/pack-weather', ...PACK], { cwd });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`notes.txt/pack-weather cannot be made: ${path.join(cwd, 'notes.txt')} is a file, not a folder`);
    expect(result.stderr).not.toContain('    at ');
    expect(await readdir(cwd)).toEqual(['notes.txt']);
  });

  it('with --force, refuses a symbolic link inside the target that pack files would go through, and a folder where a file goes', async () => {
    const cwd = await tempFolder();
    const folder = await usedFolder(cwd);
    await mkdir(path.join(cwd, 'elsewhere'));
    await symlink(path.join(cwd, 'elsewhere'), path.join(folder, 'helm'));
    await mkdir(path.join(folder, 'khal-app.json'));
    const before = treeSnapshot(cwd);
    const result = await runCli(['pack-weather', ...PACK, '--force'], { cwd });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('helm is a symbolic link in the target');
    expect(result.stderr).toContain('khal-app.json is a folder in the target, where the pack writes a file');
    expect(treeSnapshot(cwd)).toEqual(before);
    expect(await readdir(path.join(cwd, 'elsewhere'))).toEqual([]);
  });

  it('refuses a file that would land outside the target', async () => {
    const cwd = await tempFolder();
    const target = inspectTarget(path.join(cwd, 'pack-x'), false);
    const write = PackWrite.begin(target);
    try {
      expect(() => write.plan(['khal-app.json', '../escaped.txt', '/etc/passwd'])).toThrow(TargetError);
      expect(() => write.plan(['../escaped.txt'])).toThrow('../escaped.txt would be written outside the target');
    } finally {
      write.discardSync();
    }
    expect(await readdir(cwd)).toEqual([]);
  });
});

describe('a failure at any point leaves the target as it was', () => {
  async function stagedPack(cwd: string, force: boolean) {
    const target = inspectTarget(path.join(cwd, 'a/b/pack-weather'), force);
    const write = PackWrite.begin(target);
    const planned = planPack(await scenarioAnswers('full-stack-four-env'));
    write.stage(planned);
    return { target, write, files: planned.map((file) => file.path) };
  }

  it('a failure halfway through moving files into a used folder undoes every move', async () => {
    const cwd = await tempFolder();
    await mkdir(path.join(cwd, 'a/b'), { recursive: true });
    await usedFolder(path.join(cwd, 'a/b'));
    const before = treeSnapshot(cwd);
    const { write, files } = await stagedPack(cwd, true);
    expect(write.plan(files).sort()).toEqual(['README.md', 'package/src/index.tsx']);
    let moved = 0;
    const failure = write.commit(files, {
      signal: new AbortController().signal,
      afterEach: async () => {
        if (++moved === Math.floor(files.length / 2)) throw new Error('disk full (simulated)');
      },
    });
    await expect(failure).rejects.toThrow('disk full (simulated)');
    write.discardSync();
    expect(treeSnapshot(cwd)).toEqual(before);
  });

  it('an interrupt halfway through the moves undoes them too', async () => {
    const cwd = await tempFolder();
    await mkdir(path.join(cwd, 'a/b'), { recursive: true });
    await usedFolder(path.join(cwd, 'a/b'));
    const before = treeSnapshot(cwd);
    const { write, files } = await stagedPack(cwd, true);
    let moved = 0;
    const interrupt = new AbortController();
    const interrupted = write.commit(files, {
      signal: interrupt.signal,
      afterEach: async () => {
        if (++moved >= 5) interrupt.abort(new Error('interrupted'));
      },
    });
    await expect(interrupted).rejects.toThrow('interrupted');
    write.discardSync();
    expect(treeSnapshot(cwd)).toEqual(before);
  });

  it('a new target in new folders: a failure removes the staging folder and the folders made for it', async () => {
    const cwd = await tempFolder();
    const { write } = await stagedPack(cwd, false);
    expect(existsSync(write.staging)).toBe(true);
    write.discardSync();
    expect(await readdir(cwd)).toEqual([]);
  });

  it('an interrupt right after the one-rename move of a new target moves it back', async () => {
    const cwd = await tempFolder();
    const { write, files } = await stagedPack(cwd, false);
    let renamed = false;
    const interrupt = new AbortController();
    const interrupted = write.commit(files, {
      signal: interrupt.signal,
      afterEach: async () => {
        renamed = existsSync(path.join(cwd, 'a/b/pack-weather/khal-app.json'));
        if (renamed) interrupt.abort(new Error('interrupted'));
      },
    });
    await expect(interrupted).rejects.toThrow('interrupted');
    expect(renamed).toBe(true);
    write.discardSync();
    expect(await readdir(cwd)).toEqual([]);
  });
});

describe('a target folder name near the file-name limit', () => {
  it('a name of 250 bytes gets its staging folder and its pack; one over 255 bytes is refused with the reason', async () => {
    const cwd = await tempFolder();
    const long = `pack-${'a'.repeat(245)}`;
    const made = await runCli([long, '--yes', '--name', 'long-name', '--author', 'Ana'], { cwd });
    expect(made.exitCode, made.stderr).toBe(0);
    expect(readdirSync(path.join(cwd, long))).toContain('khal-app.json');
    expect(readdirSync(cwd)).toEqual([long]);
    const tooLong = await runCli([`pack-${'b'.repeat(260)}`, '--yes', '--name', 'long-name', '--author', 'Ana'], { cwd });
    expect(tooLong.exitCode).toBe(2);
    expect(tooLong.stderr).toMatch(/is 265 bytes long, and a file name holds at most 255; choose a shorter folder name/);
    expect(readdirSync(cwd)).toEqual([long]);
  });
});
