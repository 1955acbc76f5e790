import { spawnSync } from 'node:child_process';
import { chmod, chown, readdir } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { KHAL_PACK, folderState, scenarioCopy } from '../commands/support.js';

// Folders the user may not write in: a change says which, and what to do, before it stages
// anything, and leaves nothing behind. Root may write anywhere, so as root the kit runs as
// `nobody` (runuser); where neither can be had, the tests are skipped.

const asRoot = process.getuid?.() === 0;
const NOBODY = 65534;
const unprivileged = (args: string[], cwd: string) =>
  asRoot
    ? execa('runuser', ['-u', 'nobody', '--', process.execPath, KHAL_PACK, ...args], { cwd, reject: false, stdin: 'ignore' })
    : execa(process.execPath, [KHAL_PACK, ...args], { cwd, reject: false, stdin: 'ignore' });
const canRun = !asRoot || spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, KHAL_PACK, '--version']).status === 0;

async function packOwnedByUser() {
  const folder = await scenarioCopy('full-stack-four-env');
  const parent = path.dirname(folder);
  if (asRoot) {
    const files = [parent, ...(await readdir(folder, { recursive: true })).map((file) => path.join(folder, file)), folder];
    for (const file of files) await chown(file, NOBODY, NOBODY);
  }
  return { folder, parent };
}

const ADD = ['env', 'add', 'REGION', '--type', 'string', '--description', 'Region', '--optional', '--dir'];

describe.runIf(canRun)('a change in folders the user may not write in', () => {
  it('a read-only folder of the pack the change writes into: named, with the fix, before anything is staged; nothing changed, nothing left', async () => {
    const { folder, parent } = await packOwnedByUser();
    await chmod(path.join(folder, 'helm'), 0o555);
    const before = await folderState(folder);
    const run = await unprivileged([...ADD, folder], parent);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(`helm is not writable (EACCES), and helm/values.schema.json is written there: make it writable (chmod u+w ${path.join(folder, 'helm')})`);
    expect(await folderState(folder)).toEqual(before);
    expect(await readdir(parent)).toEqual([path.basename(folder)]);
  });

  it('a read-only folder the change does not write into: the change is made, and the staging copy of it is removed', async () => {
    const { folder, parent } = await packOwnedByUser();
    await chmod(path.join(folder, 'package/src'), 0o555);
    const run = await unprivileged([...ADD, folder], parent);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(await readdir(parent)).toEqual([path.basename(folder)]);
  });

  it('a folder holding the pack that the user may not write in: said so, with why the kit writes there', async () => {
    const { folder, parent } = await packOwnedByUser();
    await chmod(parent, 0o555);
    const run = await unprivileged([...ADD, folder], folder);
    await chmod(parent, 0o755);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(`Cannot write in ${parent}: you have no permission to (EACCES). khal-pack keeps a lock (and a staging folder) beside the pack`);
  });
});
