import type { Stats } from 'node:fs';

/** What kind of thing a non-regular file is, in words, or undefined for a regular file or a folder. */
export function specialKind(stats: Stats): string | undefined {
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return undefined;
}
