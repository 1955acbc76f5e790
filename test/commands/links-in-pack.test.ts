import { mkdir, readlink, symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFolder, khalPack, scenarioCopy } from './support.js';

// Links from one file of the pack to another (AGENTS.md -> README.md is common) are the user's:
// check reads them, and every command that changes the pack checks its staged copy with the
// links pointing into the copy as they point into the pack, so none is refused for them.
async function packWithLinks(): Promise<{ folder: string; links: Record<string, string> }> {
  const folder = await scenarioCopy('full-stack-four-env');
  const links = { 'AGENTS.md': 'README.md', 'docs/readme.md': '../README.md', 'FULL-PATH.md': path.join(folder, 'README.md') };
  await mkdir(path.join(folder, 'docs'));
  for (const [link, target] of Object.entries(links)) await symlink(target, path.join(folder, link));
  return { folder, links };
}

describe('links inside the pack, to files of the pack', () => {
  it.each([
    ['set', ['set', '--description', 'A new description', '--yes']],
    ['env add', ['env', 'add', 'NEW_KEY', '--type', 'string', '--description', 'New', '--optional', '--yes']],
    ['env rename', ['env', 'rename', 'POLL_SECONDS', 'POLL_INTERVAL', '--yes']],
    ['release', ['release', 'patch']],
    ['update', ['update', '--yes']],
  ])('%s changes the pack and leaves the links as they were', async (_name, args) => {
    const { folder, links } = await packWithLinks();
    expect((await checkFolder(folder)).findings).toEqual([]);
    const run = await khalPack(args, folder);
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stderr).not.toContain('symbolic link');
    for (const [link, target] of Object.entries(links)) expect(await readlink(path.join(folder, link))).toBe(target);
    expect((await checkFolder(folder)).findings).toEqual([]);
  });
});
