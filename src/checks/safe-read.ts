// Reading the files of a pack that may be hostile (a pull request checked in CI): a file that
// is a link out of the pack is never opened, so its contents (/etc/shadow, /proc/self/environ)
// cannot reach an error message; a FIFO or a device is never read, so nothing hangs.
import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { specialKind } from '../util/file-kind.js';

export type PackRead = { kind: 'text'; text: string } | { kind: 'missing' } | { kind: 'refused'; reason: string };


const isMissing = (error: unknown) => ['ENOENT', 'ENOTDIR', 'EISDIR'].includes((error as NodeJS.ErrnoException).code ?? '');

/** `real` is `root` or inside it (both real paths). */
const isInside = (real: string, root: string) => real === root || real.startsWith(root.endsWith(path.sep) ? root : `${root}${path.sep}`);

/**
 * Where a pack file really is, or why it is refused: a link (of the file or of a folder on its
 * way) that leads out of the pack's folder. Undefined when there is nothing at that path.
 */
export function resolveInsidePack(folder: string, relative: string): { real: string } | { refused: string } | undefined {
  let real: string;
  try {
    real = realpathSync.native(path.join(folder, relative));
  } catch (error) {
    if (isMissing(error)) return undefined;
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') return { refused: 'is a loop of symbolic links: refused and not read' };
    throw error;
  }
  const root = realpathSync.native(folder);
  if (!isInside(real, root))
    return { refused: `is refused and not read: ${linkOnTheWay(folder, relative)} is a symbolic link to ${real}, outside the pack (a pack file must be inside it)` };
  return { real };
}

/** The first part of `relative` (the file or a folder on its way) that is a symbolic link, as a posix path. */
function linkOnTheWay(folder: string, relative: string): string {
  const parts = relative.split(/[\\/]/);
  for (let count = 1; count <= parts.length; count++) {
    const prefix = parts.slice(0, count).join('/');
    if (lstatSync(path.join(folder, prefix), { throwIfNoEntry: false })?.isSymbolicLink()) return prefix;
  }
  return relative;
}

/**
 * The text of a regular file, opened without following a last link and without blocking, so
 * a FIFO or device is refused instead of read. A folder or a missing file is `missing`.
 */
export function readRegularFile(file: string): PackRead {
  let descriptor: number;
  try {
    descriptor = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (error) {
    if (isMissing(error)) return { kind: 'missing' };
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') return { kind: 'refused', reason: 'is a symbolic link: refused and not read' };
    if (['ENXIO', 'EACCES', 'EPERM'].includes((error as NodeJS.ErrnoException).code ?? ''))
      return { kind: 'refused', reason: `cannot be opened (${(error as NodeJS.ErrnoException).code}): not read` };
    throw error;
  }
  try {
    const stats = fstatSync(descriptor);
    if (stats.isDirectory()) return { kind: 'missing' };
    const special = specialKind(stats);
    if (special) return { kind: 'refused', reason: `is ${special}, not a file: refused and not read` };
    return { kind: 'text', text: readFileSync(descriptor, 'utf8') };
  } finally {
    closeSync(descriptor);
  }
}

/** A file of the pack at `relative`, read only when it is a regular file inside the pack. */
export function readPackFile(folder: string, relative: string): PackRead {
  const resolved = resolveInsidePack(folder, relative);
  if (resolved === undefined) return { kind: 'missing' };
  if ('refused' in resolved) return { kind: 'refused', reason: resolved.refused };
  return readRegularFile(resolved.real);
}
