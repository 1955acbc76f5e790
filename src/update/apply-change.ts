import { lstatSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { checkPack } from '../checks/check-pack.js';
import { conflictMarkerFindings } from '../checks/conflict-markers.js';
import { type Finding, formatFinding } from '../checks/finding.js';
import type { PackLocation } from '../checks/pack-reader.js';
import { EXIT, ExitError } from '../util/exit-codes.js';
import { unifiedDiff } from '../util/line-diff.js';
import { GenerationError } from '../write/errors.js';
import { PackWrite } from '../write/pack-write.js';
import type { RunGuard } from '../write/run-guard.js';
import { withPackLock } from '../write/pack-lock.js';
import { checkStagedCopy, refuseLinkedFiles } from './pack-change.js';
import { type EnvRenames, NO_RENAMES } from './env-renames.js';
import { type StaleLockfile, staleLockfile } from './lockfile.js';
import { type ChangePlan, type Tree, needsHand, planChange } from './plan-change.js';

// One change of an existing pack, from the three trees to the disk: planned, checked on a
// staged copy of the pack, then written by the one writer (or, for a dry run, shown as diffs).

export interface ChangeRun {
  location: PackLocation;
  guard: RunGuard;
  dryRun?: boolean;
  /** Makes the base and the target trees (the update runs the old kit here). */
  trees: () => Promise<{ base: Tree; target: Tree }>;
  /** Env entries the change renames, old key to new. */
  renames?: EnvRenames;
}

export interface ChangeResult extends ChangePlan {
  written: boolean;
  dryRun: boolean;
  /** Errors `check` finds in the result that the pack did not have before. */
  findings: Finding[];
  /** Warnings `check` gives the result that it did not give the pack before (the change is made: they are for the user to weigh). */
  warnings: Finding[];
  /** For a dry run: each written file's unified diff, by file. */
  diffs: Record<string, string[]>;
  /** Each file the change leaves to the user (theirs in the way, or deleted), its diff from theirs (or nothing) to the generated one. */
  leftDiffs: Record<string, string[]>;
  /** True when a file needs the user's hand (a conflict): the command exits 1. */
  needsHand: boolean;
  /** Errors `check` found in the pack before the change: not the change's. */
  errorsBefore: number;
  /** How many of those the result still has (a change that brings files in line with a hand-edited manifest may mend them). */
  errorsLeft: number;
  /** The pack's bun.lock, where the change edits what it records of a package.json. */
  staleLockfile?: StaleLockfile;
}

export function applyChange(run: ChangeRun): Promise<ChangeResult> {
  // The pack's lock, from before the pack's files are read until they are written.
  return withPackLock(run.location, 'khal-pack (a change of the pack)', run.guard, () => applyChangeLocked(run));
}

async function applyChangeLocked({ location, guard, dryRun = false, trees, renames = NO_RENAMES }: ChangeRun): Promise<ChangeResult> {
  guard.phase = 'render';
  await guard.pauseForTests('render');
  const foundBefore = (await checkPack(location)).findings;
  const before = errorsOf(foundBefore);
  const { base, target } = await trees();
  const files = [...new Set([...base.keys(), ...target.keys()])];
  const user = readUserTree(location.folder, files);
  const plan = await planChange(base, target, user, renames);
  refuseMergeIntoMarkers(plan, user);
  const handNeeded = plan.outcomes.some((outcome) => needsHand(outcome.outcome));

  guard.phase = 'verify';
  await guard.pauseForTests('verify');
  const write = PackWrite.begin({ folder: location.folder, exists: true, entries: [] }, { dryRun, onBegin: (begun) => (guard.write = begun) });
  try {
    const paths = plan.writes.map((file) => file.path);
    write.plan([...paths, ...plan.removes]);
    const staged = await checkStagedCopy(location, write, plan.writes, plan.removes);
    // What check found before, about an entry the change renames, is the same finding after it.
    const known = new Set(foundBefore.map((finding) => findingKey(renamedIn(finding, renames))));
    const isNew = (finding: Finding) => !known.has(findingKey(finding));
    const errorsAfter = errorsOf(staged);
    const findings = errorsAfter.filter(isNew);
    const errorsLeft = errorsAfter.length - findings.length;
    const warnings = staged.filter((finding) => finding.severity === 'warning' && isNew(finding));
    // A conflict is written, marked, for the user to resolve (the check then fails until they do).
    if (findings.length > 0 && !handNeeded)
      throw new GenerationError(`The change would leave the pack failing khal-pack check, so nothing was changed:\n${findings.map(formatFinding).join('\n')}`);
    const lockfile = staleLockfile(location.folder, plan, user);
    const result: ChangeResult = { ...plan, written: false, dryRun, findings, warnings, diffs: {}, leftDiffs: {}, needsHand: handNeeded, errorsBefore: before.length, errorsLeft, ...(lockfile ? { staleLockfile: lockfile } : {}) };
    for (const { file, outcome } of plan.outcomes)
      if (outcome === 'yours-in-the-way' || outcome === 'deleted-by-you')
        result.leftDiffs[file] = unifiedDiff(user.get(file)?.content.toString() ?? '', target.get(file)!.content.toString());
    if (dryRun) {
      for (const file of plan.writes) result.diffs[file.path] = unifiedDiff(user.get(file.path)?.content.toString() ?? '', file.content.toString());
      for (const file of plan.removes) result.diffs[file] = unifiedDiff(user.get(file)!.content.toString(), '');
      return result;
    }
    if (paths.length === 0 && plan.removes.length === 0) return result;
    guard.phase = 'commit';
    await write.commit(paths, { signal: guard.signal, remove: plan.removes, afterEach: () => guard.pauseForTests('commit') });
    guard.phase = 'written';
    return { ...result, written: true };
  } finally {
    write.discardSync();
    guard.write = undefined;
  }
}

/** The user's version of each file the change concerns; a file reached through a symbolic link is refused. */
export function readUserTree(folder: string, files: string[]): Tree {
  refuseLinkedFiles(folder, files, { command: 'The change', retry: 'make the change' });
  const tree: Tree = new Map();
  for (const file of files) {
    const stats = lstatSync(path.join(folder, file), { throwIfNoEntry: false });
    if (stats?.isFile()) tree.set(file, { content: readFileSync(path.join(folder, file)), mode: stats.mode & 0o777 });
  }
  return tree;
}

/** A merge into a file that still holds a marked conflict (an earlier change's, git's) would nest one conflict in another: resolve first. */
export function refuseMergeIntoMarkers(plan: ChangePlan, user: Tree): void {
  const marked = plan.outcomes
    .filter((outcome) => outcome.outcome === 'merged' || outcome.outcome === 'conflict')
    .flatMap((outcome) => conflictMarkerFindings(outcome.file, user.get(outcome.file)!.content.toString()));
  if (marked.length === 0) return;
  const files = [...new Set(marked.map((finding) => finding.file))];
  throw new ExitError(
    EXIT.failed,
    `${files.join(', ')} still ${files.length === 1 ? 'holds' : 'hold'} a marked conflict, from an earlier change or a git merge (${marked.map((finding) => `${finding.file} ${finding.field}`).join(', ')}), and this change would merge into it: resolve it first (keep what is right of "yours" and "the change", delete the marker lines), then run the command again. Nothing was changed.`,
  );
}

const errorsOf = (findings: Finding[]) => findings.filter((finding) => finding.severity === 'error');
/** The finding as it reads with each renamed env key given its new name (env keys are words of A-Z, 0-9 and _). */
function renamedIn(finding: Finding, renames: EnvRenames): Finding {
  const renamed = (text: string) => [...renames].reduce((result, [from, to]) => result.replace(new RegExp(`\\b${from}\\b`, 'g'), to), text);
  return renames.size === 0 ? finding : { ...finding, problem: renamed(finding.problem), ...(finding.field ? { field: renamed(finding.field) } : {}) };
}

const findingKey = (finding: Finding) => JSON.stringify([finding.code, finding.file, finding.field, finding.problem]);
