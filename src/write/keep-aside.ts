import { linkSync, renameSync, rmSync } from 'node:fs';

// A file a commit replaces is kept aside (for an undo) by a hard link where the file system
// allows it, so the file stays at its path until the new one is renamed over it: a run that
// reads the pack meanwhile (another khal-pack waiting on the lock, an editor), or a kill between
// the two steps, never finds it missing. Else (no hard links there, a folder) it is moved aside.

export function keepAside(file: string, aside: string): void {
  try {
    linkSync(file, aside);
  } catch {
    renameSync(file, aside);
  }
}

/** Undoes keepAside after the new file was renamed into place: the old one goes back over it. */
export function putBack(aside: string, file: string): void {
  try {
    renameSync(aside, file);
  } catch {
    rmSync(file, { recursive: true, force: true });
    renameSync(aside, file);
  }
}
