import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { EXIT, ExitError } from '../util/exit-codes.js';
import type { RunGuard } from './run-guard.js';
import { refusalToWrite } from './errors.js';
import { besideName } from './target.js';

// Every command that changes an existing pack holds its lock from before it reads the pack
// until its write is done, so two runs cannot both read the same pack and each write back a
// change that drops the other's. The lock is a folder beside the pack (mkdir is atomic), with
// the holder's pid inside, so a lock left by a run that died can be told from a live one.

/**
 * Runs `body` holding the pack's lock; the guard releases it too when an interrupt ends the run.
 * A run whose guard holds the lock already (a command that read the pack under it) goes on under it.
 */
export async function withPackLock<T>(location: { folder: string }, command: string, guard: RunGuard, body: () => Promise<T>): Promise<T> {
  if (guard.lock) return body();
  guard.lock = lockPack(location.folder, command);
  try {
    return await body();
  } finally {
    guard.lock.release();
    guard.lock = undefined;
  }
}

export interface PackLock {
  release(): void;
}

// Room for the draft's suffix too (`.<pid>.<random>`), which lockPack appends while it makes the lock.
const lockFolderOf = (pack: string) => besideName(pack, '.khal-pack-lock', 24);

export function lockPack(pack: string, command: string): PackLock {
  const folder = lockFolderOf(path.resolve(pack));
  const holder: Holder = { pid: process.pid, host: hostname(), command, since: new Date().toISOString() };
  let tookOver = false;
  for (let attempt = 0; ; attempt++) {
    // Made whole, then renamed into place: a lock is never seen without its holder.
    const draft = `${folder}.${process.pid}.${Math.random().toString(36).slice(2, 8)}`;
    try {
      mkdirSync(draft);
    } catch (error) {
      throw refusalToWrite(error, `khal-pack keeps a lock (and a staging folder) beside the pack while it changes it, so the folder that holds ${path.basename(pack)} must be writable: get write access to it, or work on a copy of the pack.`) ?? error;
    }
    writeFileSync(path.join(draft, 'holder.json'), JSON.stringify(holder));
    try {
      renameSync(draft, folder);
      break;
    } catch (error) {
      rmSync(draft, { recursive: true, force: true });
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST' && code !== 'ENOTEMPTY') throw error;
      const current = readHolder(folder);
      // Released between the rename and the read (a lock goes whole, see removeLock): try again.
      if (current === undefined && !existsSync(folder) && attempt < 20) continue;
      if (tookOver || current === undefined || isAlive(current)) throw heldBy(current, folder, pack);
      // Left by a run that died: take it over (two runs doing so at the same moment is the one race left).
      removeLock(folder);
      tookOver = true;
    }
  }
  let held = true;
  return {
    release() {
      if (held) removeLock(folder);
      held = false;
    },
  };
}

/** Moved out of the way first, then removed: another run sees the lock with its holder, or no lock, never a lock without one. */
function removeLock(folder: string): void {
  const gone = `${folder}.gone.${process.pid}.${Math.random().toString(36).slice(2, 8)}`;
  try {
    renameSync(folder, gone);
  } catch (error) {
    // Gone already (another run took over a lock of a dead one); any other failure is said.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  rmSync(gone, { recursive: true, force: true });
}

interface Holder {
  pid: number;
  host: string;
  command: string;
  since: string;
}

function readHolder(folder: string): Holder | undefined {
  try {
    return JSON.parse(readFileSync(path.join(folder, 'holder.json'), 'utf8')) as Holder;
  } catch {
    return undefined;
  }
}

function isAlive(holder: Holder): boolean {
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function heldBy(holder: Holder | undefined, folder: string, pack: string): Error {
  const who = holder ? `${holder.command} (pid ${holder.pid}, since ${holder.since})` : 'another khal-pack run';
  return new ExitError(
    EXIT.failed,
    `${pack} is being changed by ${who}, so nothing was changed: run this again when it has finished (if no run is going, remove ${folder}).`,
  );
}
