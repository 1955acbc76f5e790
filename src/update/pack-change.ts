import { cpSync, lstatSync, readFileSync, readlinkSync, realpathSync, rmSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { checkPack } from '../checks/check-pack.js';
import { type Finding, countBySeverity, formatFinding } from '../checks/finding.js';
import type { PlannedFile } from '../plan/plan-pack.js';
import { NOT_PACK_SOURCES, type PackLocation } from '../checks/pack-reader.js';
import { EXIT, ExitError } from '../util/exit-codes.js';
import { unifiedDiff } from '../util/line-diff.js';
import { GenerationError, TargetError } from '../write/errors.js';
import { PackWrite } from '../write/pack-write.js';
import type { RunGuard } from '../write/run-guard.js';

// How a command changes a pack that exists: under the pack's lock, refuse a pack that already
// fails its check, plan the new texts in memory, check the pack as it would be (a staged copy),
// then write only the changed files through the one writer. release plans its texts itself
// (applyPackChanges); a change of the answers goes through the engine (apply-change.ts).

/** How a command names itself and its change in messages. */
export interface ChangeWords {
  /** `khal-pack release`, the lock's holder. */
  command: string;
  /** `no entry was added`: what a refusal says did not happen. */
  notDone: string;
  /** `add the entry`: what to do again once the pack is fixed. */
  retry: string;
  /** `Releasing 1.2.0`: the subject of "would leave the pack failing khal-pack check". */
  doing: string;
}

/** Refuses a pack that fails khal-pack check already: a change must not be judged against errors it did not make. */
export async function refuseFailingPack(location: PackLocation, words: Pick<ChangeWords, 'notDone' | 'retry'>, dir: string | undefined): Promise<void> {
  const before = await checkPack(location);
  if (countBySeverity(before.findings).errors === 0) return;
  throw new ExitError(
    EXIT.failed,
    `The pack has problems already, so ${words.notDone} (nothing was changed):\n${before.findings
      .filter((finding) => finding.severity === 'error')
      .map(formatFinding)
      .join('\n')}\nFix them (khal-pack check ${dir ?? '.'} lists them), then ${words.retry}.`,
  );
}

/** A pack file's text; undefined for anything that is not a regular file (missing, a folder, a link, a FIFO). */
export function packFileText(folder: string, file: string): string | undefined {
  const full = path.join(folder, file);
  return lstatSync(full, { throwIfNoEntry: false })?.isFile() ? readFileSync(full, 'utf8') : undefined;
}

/** Refuses before anything is read or staged: a linked file's contents belong to whatever it points at. */
export function refuseLinkedFiles(folder: string, files: readonly string[], words: Pick<ChangeWords, 'command' | 'retry'>): void {
  const linked = files.filter((file) => lstatSync(path.join(folder, file), { throwIfNoEntry: false })?.isSymbolicLink());
  if (linked.length > 0)
    throw new TargetError(
      `${words.command} would write through symbolic links into the files they point to, so nothing was changed:\n${linked
        .map((file) => `  - ${file} is a symbolic link: replace it with a copy of the file it points to`)
        .join('\n')}\nThen ${words.retry} again.`,
    );
}

/**
 * Checks the pack as `updates` (file → new text) would leave it, then, unless `dryRun`, writes
 * them. Returns each changed file's unified diff (for a dry run's report).
 */
export async function applyPackChanges(
  location: PackLocation,
  updates: ReadonlyMap<string, string>,
  options: { guard: RunGuard; dryRun?: boolean; words: ChangeWords },
): Promise<{ diffs: Map<string, string[]> }> {
  const { guard, words } = options;
  const files = [...updates.keys()];
  // A dry run stages in the system's temp folder: it needs no write access beside the pack.
  const write = PackWrite.begin({ folder: location.folder, exists: true, entries: [] }, { dryRun: options.dryRun });
  guard.write = write;
  try {
    write.plan(files);
    refuseLinkedFiles(location.folder, files, words);
    guard.phase = 'verify';
    const after = await checkStagedCopy(
      location,
      write,
      files.map((file) => ({
        path: file,
        content: updates.get(file)!,
        mode: (statSync(path.join(location.folder, file), { throwIfNoEntry: false })?.mode ?? 0o644) & 0o777,
        rendered: true,
      })),
    );
    const errors = after.filter((finding) => finding.severity === 'error');
    if (errors.length > 0)
      throw new GenerationError(`${words.doing} would leave the pack failing khal-pack check, so the pack was not changed:\n${errors.map(formatFinding).join('\n')}`);
    const diffs = new Map(files.map((file) => [file, unifiedDiff(packFileText(location.folder, file) ?? '', updates.get(file)!)]));
    if (options.dryRun) return { diffs };
    guard.phase = 'commit';
    await write.commit(files, { signal: guard.signal });
    guard.phase = 'written';
    return { diffs };
  } finally {
    write.discardSync();
    guard.write = undefined;
  }
}

/**
 * What khal-pack check finds in the pack as a change would leave it. check reads a pack folder,
 * so the write's staging folder gets a copy of the pack with `files` in place and `removes` gone.
 */
export async function checkStagedCopy(location: PackLocation, write: PackWrite, files: readonly PlannedFile[], removes: readonly string[] = []): Promise<Finding[]> {
  // Links are copied as they are (a relative one then points into the copy, as it did into the
  // pack); one that names a place inside the pack by its full path is pointed at that place in the copy.
  const relinks: { link: string; target: string }[] = [];
  cpSync(location.folder, write.staging, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (source, destination) => {
      if (source !== location.folder && NOT_PACK_SOURCES.has(path.basename(source))) return false;
      const inside = absoluteLinkIntoPack(source, location.folder);
      if (inside === undefined) return true;
      relinks.push({ link: destination, target: path.join(write.staging, inside) });
      return false;
    },
  });
  for (const { link, target } of relinks) symlinkSync(target, link);
  write.stage(files, { replace: true });
  for (const file of removes) rmSync(path.join(write.staging, file), { force: true });
  return (await checkPack({ folder: write.staging, manifestPath: path.join(write.staging, 'khal-app.json'), manifestOnly: false })).findings;
}

/** For a symbolic link whose target is a full path inside `folder`: that target, relative to `folder`. */
function absoluteLinkIntoPack(file: string, folder: string): string | undefined {
  if (!lstatSync(file).isSymbolicLink()) return undefined;
  const target = readlinkSync(file);
  if (!path.isAbsolute(target)) return undefined;
  for (const root of new Set([path.resolve(folder), realpathSync(folder)])) {
    const inside = path.relative(root, target);
    if (inside !== '..' && !inside.startsWith(`..${path.sep}`) && !path.isAbsolute(inside)) return inside;
  }
  return undefined;
}
