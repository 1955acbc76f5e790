import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, realpath, rename, rm } from 'node:fs/promises';
import path from 'node:path';

export class TargetError extends Error {
  override name = 'TargetError';
}

export interface TargetState {
  /** Absolute path of the pack folder. */
  folder: string;
  exists: boolean;
  /** Entries already in the folder, other than `.git`. */
  entries: string[];
}

/** Looks at the target folder and refuses what may not be written into. */
export async function inspectTarget(folder: string, force: boolean): Promise<TargetState> {
  const absolute = path.resolve(folder);
  await refuseSymlinks(absolute);
  let stats;
  try {
    stats = await lstat(absolute);
  } catch {
    return { folder: absolute, exists: false, entries: [] };
  }
  if (!stats.isDirectory()) throw new TargetError(`${folder} exists and is not a folder: choose another target folder`);
  const entries = (await readdir(absolute)).filter((entry) => entry !== '.git');
  if (entries.length > 0 && !force)
    throw new TargetError(
      `${folder} is not empty (it holds ${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}, e.g. ${entries.slice(0, 3).join(', ')}): choose an empty or new folder, or pass --force to write the pack's files into it (other files are kept)`,
    );
  return { folder: absolute, exists: true, entries };
}

/** A target reached through a symlink could land anywhere: refuse it, and any link along the way. */
async function refuseSymlinks(absolute: string): Promise<void> {
  let current = absolute;
  while (true) {
    try {
      const stats = await lstat(current);
      if (stats.isSymbolicLink())
        throw new TargetError(`${current} is a symbolic link: give the real folder (${await realpath(current).catch(() => 'unresolved')}) instead`);
    } catch (error) {
      if (error instanceof TargetError) throw error;
    }
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

/** An empty staging folder beside the target, so the final move stays on one file system. */
export async function createStagingFolder(target: string): Promise<string> {
  const parent = path.dirname(target);
  await mkdir(parent, { recursive: true });
  const staging = path.join(parent, `.${path.basename(target)}.khal-pack-${randomBytes(4).toString('hex')}`);
  await mkdir(staging);
  return staging;
}

export async function removeFolder(folder: string): Promise<void> {
  await rm(folder, { recursive: true, force: true });
}

/** Which of `files` already exist in the target (they would be overwritten). */
export async function existingFiles(target: TargetState, files: string[]): Promise<string[]> {
  if (!target.exists) return [];
  const found: string[] = [];
  for (const file of files) {
    try {
      await lstat(path.join(target.folder, file));
      found.push(file);
    } catch {
      // not there
    }
  }
  return found;
}

/**
 * Moves the staged pack into the target. A new target is one rename. An existing one gets
 * file-by-file moves; each file it replaces is first moved aside, and on any failure every
 * move is undone, so the target ends as it was.
 */
export async function commitStagedPack(staging: string, target: TargetState, files: string[]): Promise<void> {
  if (!target.exists) {
    await rename(staging, target.folder);
    return;
  }
  const backup = path.join(staging, `.replaced-${randomBytes(4).toString('hex')}`);
  const done: { file: string; replaced: boolean }[] = [];
  const createdFolders: string[] = [];
  try {
    for (const file of files) {
      const destination = path.join(target.folder, file);
      createdFolders.push(...(await makeParents(target.folder, path.dirname(file))));
      let replaced = false;
      try {
        await lstat(destination);
        await mkdir(path.dirname(path.join(backup, file)), { recursive: true });
        await rename(destination, path.join(backup, file));
        replaced = true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      done.push({ file, replaced });
      await rename(path.join(staging, file), destination);
    }
  } catch (error) {
    for (const { file, replaced } of done.reverse()) {
      await rm(path.join(target.folder, file), { force: true });
      if (replaced) await rename(path.join(backup, file), path.join(target.folder, file));
    }
    for (const folder of createdFolders.reverse()) await rm(folder, { recursive: true, force: true });
    throw error;
  }
}

async function makeParents(root: string, relative: string): Promise<string[]> {
  const created: string[] = [];
  let current = root;
  for (const part of relative === '.' ? [] : relative.split(path.sep)) {
    current = path.join(current, part);
    try {
      await mkdir(current);
      created.push(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return created;
}
