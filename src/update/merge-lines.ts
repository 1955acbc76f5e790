import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SIDES } from './conflict-sides.js';

/**
 * A line merge by git itself (`git merge-file --diff3`) of three texts on temporary files: the
 * change from base to target applied to the user's text; a conflict is left marked with
 * `<<<<<<< yours`, `||||||| as generated`, `=======`, `>>>>>>> the change`.
 */
export async function mergeLines(base: Buffer, target: Buffer, user: Buffer): Promise<{ content: Buffer; conflicts: number }> {
  const folder = await mkdtemp(path.join(tmpdir(), 'khal-pack-merge-'));
  try {
    const files = { user: path.join(folder, 'user'), base: path.join(folder, 'base'), target: path.join(folder, 'target') };
    await Promise.all([writeFile(files.user, user), writeFile(files.base, base), writeFile(files.target, target)]);
    // execa on first use: most changes merge no file by lines, and git's runner is much of a change's loading.
    const { execa } = await import('execa');
    const run = await execa(
      'git',
      ['merge-file', '-p', '--diff3', '-L', SIDES.user, '-L', SIDES.base, '-L', SIDES.target, '--', files.user, files.base, files.target],
      { reject: false, encoding: 'buffer', stripFinalNewline: false },
    );
    // git exits with the number of conflicts (0 clean), or with 255 (a negative code) on an error.
    if (typeof run.exitCode !== 'number' || run.exitCode < 0 || run.exitCode > 127)
      throw new Error(`git merge-file failed (${run.exitCode ?? run.signal}): ${Buffer.from(run.stderr).toString().trim() || run.message}`);
    return { content: Buffer.from(run.stdout), conflicts: run.exitCode };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
