import { accessSync, chmodSync, constants, lstatSync, mkdirSync, readdirSync, renameSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PlannedFile } from '../plan/plan-pack.js';
import { TargetError, refusalToWrite } from './errors.js';
import { keepAside, putBack } from './keep-aside.js';
import { type TargetState, besideName, statsOf } from './target.js';

// Synchronous file access throughout: a write is a few dozen calls, and the first awaited one
// starts libuv's thread pool (about 2 ms). Signal handlers run between turns of the event loop,
// so each synchronous step is also whole when one runs.

// The one writer: every command that changes a pack hands it the files it planned in memory
// (src/plan). They are staged in a folder beside the target, then moved into place; a failure
// or an interrupt (the AbortSignal) undoes every move. It never writes through a symbolic link.

/**
 * One write of a pack: staged, then moved into the target. Until `commit` succeeds,
 * `discardSync` (safe in a signal handler) leaves the disk as it was.
 */
export class PackWrite {
  private committed = false;
  /** Set when an undo failed: the staging folder then holds the user's replaced files. */
  private keepStaging = false;

  private constructor(
    readonly target: TargetState,
    readonly staging: string,
    /** The highest folder created to hold the target (its parent was missing), removed on discard. */
    private readonly createdParent: string | undefined,
  ) {}

  /**
   * Creates the staging folder beside the target, so the final move is a rename on one file
   * system. A dry run stages in the system's temp folder instead, so it creates nothing near the target.
   */
  static begin(
    target: TargetState,
    options: { dryRun?: boolean; /** Told the write as soon as its staging folder exists, so an interrupt can discard it. */ onBegin?: (write: PackWrite) => void } = {},
  ): PackWrite {
    // Made and handed to onBegin with no turn of the event loop between (where a signal handler runs).
    if (options.dryRun) {
      const write = new PackWrite(target, makeUniqueFolder(path.join(tmpdir(), 'khal-pack-dry-run-')), undefined);
      options.onBegin?.(write);
      return write;
    }
    const parent = path.dirname(target.folder);
    let createdParent: string | undefined;
    let staging: string;
    try {
      createdParent = mkdirSync(parent, { recursive: true });
      // Room for the random suffix makeUniqueFolder adds.
      staging = makeUniqueFolder(besideName(target.folder, '.khal-pack-', 8));
    } catch (error) {
      if (createdParent) removeEmptyFolders(parent, createdParent);
      throw refusalToWrite(error, 'The pack is staged there before it is moved into place: choose a folder you can write in, or get write access to this one.') ?? error;
    }
    const write = new PackWrite(target, staging, createdParent);
    options.onBegin?.(write);
    return write;
  }

  /**
   * Writes the planned files into the staging folder (their contents and modes); nothing
   * reaches the target yet. `replace`: the staging folder holds a copy of the pack (for the
   * check), and a planned file replaces its copy, never writing through it.
   */
  stage(files: readonly PlannedFile[], options: { replace?: boolean } = {}): void {
    const made = new Set<string>();
    for (const file of files) {
      const destination = path.resolve(this.staging, file.path);
      if (!destination.startsWith(this.staging + path.sep)) throw new TargetError(`${file.path} would be written outside the target`);
      const folder = path.dirname(destination);
      if (!made.has(folder)) mkdirSync(folder, { recursive: true });
      made.add(folder);
      if (options.replace) rmSync(destination, { force: true });
      // flag "wx": a file that is already there (a link planted in the staging folder) is never written through.
      writeFileSync(destination, file.content, { flag: 'wx' });
      // 0o644 is what writeFileSync makes under the usual umask; any other mode is set (an executable, or the mode a user gave a file).
      if (file.mode !== 0o644) chmodSync(destination, file.mode);
    }
  }

  /**
   * Checks that every staged file can land in the target: inside it, never through a symbolic
   * link, never over a folder. Returns the files that already exist (they would be overwritten).
   */
  plan(files: string[]): string[] {
    const overwritten: string[] = [];
    const problems: string[] = [];
    const checkedFolders = new Map<string, string | undefined>();
    for (const file of files) {
      const destination = path.resolve(this.target.folder, file);
      if (path.isAbsolute(file) || !destination.startsWith(this.target.folder + path.sep)) {
        problems.push(`${file} would be written outside the target, at ${destination}`);
        continue;
      }
      if (!this.target.exists) continue;
      const parts = path.relative(this.target.folder, destination).split(path.sep);
      let folderProblem: string | undefined;
      for (let depth = 1; depth < parts.length && !folderProblem; depth++) {
        const folder = parts.slice(0, depth).join('/');
        if (!checkedFolders.has(folder)) checkedFolders.set(folder, this.folderProblem(folder));
        folderProblem = checkedFolders.get(folder);
      }
      if (folderProblem) {
        if (!problems.includes(folderProblem)) problems.push(folderProblem);
        continue;
      }
      const stats = statsOf(destination);
      if (stats?.isDirectory()) problems.push(`${file} is a folder in the target, where the pack writes a file`);
      else if (stats) overwritten.push(file);
    }
    if (this.target.exists && problems.length === 0) problems.push(...this.unwritableFolders(files));
    if (problems.length > 0)
      throw new TargetError(
        `Cannot write the pack into ${this.target.folder}, so nothing was written:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
      );
    return overwritten;
  }

  /** The existing folders of the target that `files` go into and the user may not write in (a file is replaced by a rename there). */
  private unwritableFolders(files: string[]): string[] {
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const file of files) {
      let folder = path.dirname(file);
      while (folder !== '.' && !statsOf(path.join(this.target.folder, folder))) folder = path.dirname(folder);
      if (seen.has(folder)) continue;
      seen.add(folder);
      try {
        accessSync(path.join(this.target.folder, folder), constants.W_OK);
      } catch (error) {
        const where = folder === '.' ? 'the pack folder' : folder;
        problems.push(
          `${where} is not writable (${(error as NodeJS.ErrnoException).code}), and ${file} is written there: make it writable (chmod u+w ${path.join(this.target.folder, folder)}), or run as its owner`,
        );
      }
    }
    return problems;
  }

  private folderProblem(folder: string): string | undefined {
    const stats = statsOf(path.join(this.target.folder, folder));
    if (stats === undefined || stats.isDirectory()) return undefined;
    if (stats.isSymbolicLink())
      return `${folder} is a symbolic link in the target: the pack's files would land wherever it points; remove it or choose another folder`;
    return `${folder} is a file in the target, where the pack needs a folder`;
  }

  /**
   * Moves the staged pack into the target. A new target is one rename. An existing one gets
   * file-by-file moves; each file it replaces is first moved aside into the staging folder.
   * On a failure, or when the signal is aborted, every move is undone and the target ends
   * as it was. `afterEach` runs after each move (the kill tests pause there). An aborted
   * `signal` stops the commit with the signal's reason. `remove`: files of an existing target
   * that the change deletes; each is moved aside like a replaced file, so an undo puts it back.
   */
  async commit(files: string[], hooks: { signal: AbortSignal; afterEach?: () => Promise<void>; remove?: string[] }): Promise<void> {
    const stopIfInterrupted = () => hooks.signal.throwIfAborted();
    stopIfInterrupted();
    if (!this.target.exists) {
      renameSync(this.staging, this.target.folder);
      try {
        await hooks.afterEach?.();
        stopIfInterrupted();
      } catch (error) {
        renameSync(this.target.folder, this.staging);
        throw error;
      }
      this.committed = true;
      return;
    }
    const backup = makeUniqueFolder(path.join(this.staging, '.replaced-'));
    const moved: { file: string; replaced: boolean }[] = [];
    const createdFolders: string[] = [];
    try {
      for (const file of files) {
        const destination = path.join(this.target.folder, file);
        createdFolders.push(...makeParents(this.target.folder, path.dirname(file)));
        let replaced = false;
        if (lstatSync(destination, { throwIfNoEntry: false })) {
          mkdirSync(path.dirname(path.join(backup, file)), { recursive: true });
          keepAside(destination, path.join(backup, file));
          replaced = true;
        }
        moved.push({ file, replaced });
        renameSync(path.join(this.staging, file), destination);
        await hooks.afterEach?.();
        stopIfInterrupted();
      }
      for (const file of hooks.remove ?? []) {
        mkdirSync(path.dirname(path.join(backup, file)), { recursive: true });
        renameSync(path.join(this.target.folder, file), path.join(backup, file));
        moved.push({ file, replaced: true });
        await hooks.afterEach?.();
        stopIfInterrupted();
      }
    } catch (error) {
      this.undo(moved, backup, createdFolders);
      throw error;
    }
    this.committed = true;
    for (const file of hooks.remove ?? []) removeEmptyParents(this.target.folder, path.dirname(file));
  }

  /** Puts back every replaced file and removes every file and folder the commit added. */
  private undo(moved: { file: string; replaced: boolean }[], backup: string, createdFolders: string[]) {
    const failures: string[] = [];
    for (const { file, replaced } of moved.reverse()) {
      const destination = path.join(this.target.folder, file);
      try {
        if (replaced) putBack(path.join(backup, file), destination);
        else rmSync(destination, { force: true });
      } catch (error) {
        failures.push(`${file}: ${(error as Error).message}`);
      }
    }
    for (const folder of createdFolders.reverse()) rmSync(folder, { recursive: true, force: true });
    if (failures.length > 0) {
      // Keep the backups: they are the user's files. Say where they are.
      this.keepStaging = true;
      throw new Error(
        `Could not undo the partial write into ${this.target.folder}; the replaced files are kept in ${backup}:\n${failures.map((line) => `  - ${line}`).join('\n')}`,
      );
    }
  }

  /**
   * Removes the staging folder, and the folders made to hold a target that was never written.
   * Synchronous so that a signal handler can call it right before the process exits.
   */
  discardSync(): void {
    if (!this.keepStaging) removeTree(this.staging);
    if (!this.committed && this.createdParent) removeEmptyFolders(path.dirname(this.target.folder), this.createdParent);
  }
}

/**
 * A new folder named `prefix` plus a random suffix. Not mkdtemp: it makes the folder private
 * (0700), and for a new target the staging folder becomes the pack folder; mkdir gives the
 * mode every other folder gets (0777 less the umask). Math.random, not crypto: a name only
 * needs to be new, and mkdir refuses one that is not.
 */
function makeUniqueFolder(prefix: string): string {
  for (let attempt = 0; ; attempt++) {
    const folder = prefix + Math.random().toString(36).slice(2, 10);
    try {
      mkdirSync(folder);
      return folder;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 100) throw error;
    }
  }
}

/**
 * Removes a folder of the kit's own (the staging folder): a copy of a folder the user made
 * read-only is read-only too, so one that cannot be emptied is made writable, then removed.
 */
function removeTree(folder: string): void {
  try {
    rmSync(folder, { recursive: true, force: true });
  } catch {
    makeFoldersWritable(folder);
    rmSync(folder, { recursive: true, force: true });
  }
}

function makeFoldersWritable(folder: string): void {
  chmodSync(folder, 0o700);
  for (const entry of readdirSync(folder, { withFileTypes: true })) if (entry.isDirectory()) makeFoldersWritable(path.join(folder, entry.name));
}

/** Removes `relative` and each folder above it (inside `root`) that a removal left empty. */
function removeEmptyParents(root: string, relative: string): void {
  for (let folder = relative; folder !== '.' && folder !== ''; folder = path.dirname(folder)) {
    try {
      rmdirSync(path.join(root, folder));
    } catch {
      return;
    }
  }
}

function makeParents(root: string, relative: string): string[] {
  const created: string[] = [];
  let current = root;
  for (const part of relative === '.' ? [] : relative.split('/')) {
    current = path.join(current, part);
    try {
      mkdirSync(current);
      created.push(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return created;
}

/**
 * Removes the folders a write made to hold its target, from `deepest` up to `highest`, each
 * only while it is empty: another run may have written into them meanwhile, and what it wrote
 * is not this run's to remove.
 */
function removeEmptyFolders(deepest: string, highest: string): void {
  for (let folder = deepest; ; folder = path.dirname(folder)) {
    try {
      rmdirSync(folder);
    } catch {
      return;
    }
    if (folder === highest || path.dirname(folder) === folder) return;
  }
}
