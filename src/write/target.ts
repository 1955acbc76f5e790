import { lstatSync, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { TargetError } from './errors.js';
import { quoted } from '../util/quoted.js';

/** lstat, or undefined when the path cannot be looked at (missing, or under a file). */
export function statsOf(file: string) {
  try {
    return lstatSync(file);
  } catch {
    return undefined;
  }
}

export interface TargetState {
  /** Absolute path of the pack folder. */
  folder: string;
  exists: boolean;
  /** Entries already in the folder, other than `.git`. */
  entries: string[];
}

/** Looks at the target folder and refuses what may not be written into. */
export function inspectTarget(folder: string, force: boolean): TargetState {
  const absolute = path.resolve(folder);
  const tooLong = absolute.split(path.sep).find((part) => Buffer.byteLength(part) > NAME_MAX_BYTES);
  if (tooLong !== undefined)
    throw new TargetError(
      `${folder} cannot be made: the name ${quoted(`${tooLong.slice(0, 40)}…`)} is ${Buffer.byteLength(tooLong)} bytes long, and a file name holds at most ${NAME_MAX_BYTES}; choose a shorter folder name`,
    );
  refuseSymlinks(folder, absolute);
  const stats = statsOf(absolute);
  if (!stats) {
    refuseFileAncestor(folder, absolute);
    return { folder: absolute, exists: false, entries: [] };
  }
  if (!stats.isDirectory()) throw new TargetError(`${folder} exists and is not a folder: choose another target folder`);
  const entries = readdirSync(absolute).filter((entry) => entry !== '.git');
  const packFiles = PACK_MARKERS.filter((marker) => entries.includes(marker) && statsOf(path.join(absolute, marker))?.isFile());
  // --force would make the pack anew over the user's edits: a pack is changed by khal-pack, which merges.
  if (packFiles.length > 0)
    throw new TargetError(
      `${folder} holds a pack already (${packFiles.join(', ')}): create-khal-pack makes new packs${force ? ', and --force would overwrite this one\'s files with new ones, your edits lost' : ''}. Change it with khal-pack, which keeps your edits: \`khal-pack set <flags> --dir ${folder}\` (its answers), \`khal-pack env add|set|rename|remove\` (its env entries), \`khal-pack update ${folder}\` (this kit's newer templates). For a new pack, choose an empty or new folder.`,
    );
  if (entries.length > 0 && !force)
    throw new TargetError(
      `${folder} is not empty (it holds ${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}, e.g. ${entries.slice(0, 3).join(', ')}): choose an empty or new folder, or pass --force to write the pack's files into it (other files are kept)`,
    );
  return { folder: absolute, exists: true, entries };
}

/** A new target's folders are made from its nearest existing ancestor, which must be a folder. */
function refuseFileAncestor(given: string, absolute: string): void {
  for (let current = path.dirname(absolute); ; current = path.dirname(current)) {
    const stats = statsOf(current);
    if (stats && !stats.isDirectory())
      throw new TargetError(`${given} cannot be made: ${current} is a file, not a folder; choose another target folder`);
    if (stats || path.dirname(current) === current) return;
  }
}

/** A target reached through a symlink could land anywhere: refuse it, and any link along the way. */
function refuseSymlinks(given: string, absolute: string): void {
  for (let current = absolute; ; current = path.dirname(current)) {
    const stats = statsOf(current);
    if (stats?.isSymbolicLink()) {
      let linked: string | undefined;
      try {
        linked = realpathSync(current);
      } catch {
        linked = undefined;
      }
      const real = linked && path.join(linked, path.relative(current, absolute));
      throw new TargetError(
        `${given} goes through the symbolic link ${current}: give the real folder${real ? ` (${real})` : ''} instead`,
      );
    }
    if (path.dirname(current) === current) return;
  }
}


/** Files only a pack folder holds: the platform's manifest and the kit's record of the answers. */
const PACK_MARKERS = ['khal-app.json', '.khal-pack.json'];

/** The longest file name most file systems take, in bytes. */
const NAME_MAX_BYTES = 255;

/**
 * The name of a hidden folder beside `folder` (`.<name><suffix>`, plus `extra` bytes the caller
 * appends), with the name cut so the whole stays a legal file name: a pack folder whose name is
 * near the limit still gets its staging folder and its lock.
 */
export function besideName(folder: string, suffix: string, extra = 0): string {
  let name = path.basename(folder);
  const room = NAME_MAX_BYTES - 1 - Buffer.byteLength(suffix) - extra;
  while (Buffer.byteLength(name) > room) name = [...name].slice(0, -1).join('');
  return path.join(path.dirname(folder), `.${name}${suffix}`);
}
