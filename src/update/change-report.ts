import { formatFinding } from '../checks/finding.js';
import type { EnvChange } from '../checks/env-changes.js';
import { EXIT } from '../util/exit-codes.js';
import type { Output } from '../util/output.js';
import type { ChangeResult } from './apply-change.js';
import { staleLockfileNote } from './lockfile.js';
import { SIDES } from './conflict-sides.js';
import type { FileOutcome, Outcome } from './plan-change.js';

// What a change did (or, for a dry run, would do), said once for every command: as text, or as
// one JSON object with --json.

const WRITTEN: Partial<Record<Outcome, string>> = {
  created: 'created',
  updated: 'updated',
  merged: 'merged (your edits kept)',
  recreated: 'recreated (the pack needs it)',
  removed: 'removed',
};

const TODO: Partial<Record<Outcome, string>> = {
  conflict: `both you and the change edited the same lines: each conflict sits between "<<<<<<< ${SIDES.user}" and ">>>>>>> ${SIDES.target}" (the generated text between "||||||| ${SIDES.base}" and "======="); keep what is right, delete the markers, then run khal-pack check`,
  'yours-in-the-way':
    'the change adds this file, and you have a file of your own there: it was left as it is; below is how yours differs from the generated one: take what you need into yours',
  'kept-edited': 'the change drops this file, but you edited it, so it was kept: delete it if the pack no longer needs it',
  'yours-holds-it': 'the change adds this file, and yours holds every line of the generated one, with lines of your own: it was left as it is',
  'deleted-by-you': 'you deleted this file and the change updates it: it was not recreated (below is what the change would put there)',
};

export interface ReportContext {
  out: Output;
  json?: boolean;
  /** What the change is, e.g. "Removing the env entry POLL_SECONDS". */
  title: string;
  /** What the change means for customers (the env commands). */
  envChanges?: EnvChange[];
  /** More to say in JSON (e.g. the kit versions of an update). */
  extra?: Record<string, unknown>;
  /** Paragraphs the text report ends with (what JSON says in `extra`). */
  notes?: string[];
}

/** Prints the result; returns the exit code: 1 when a file needs the user's hand. */
export function reportChange(result: ChangeResult, { out, json, title, envChanges, extra, notes = [] }: ReportContext): number {
  const exitCode = result.needsHand ? EXIT.failed : EXIT.ok;
  if (json) {
    out.info(JSON.stringify(jsonReport(result, envChanges, extra), null, 2));
    return exitCode;
  }
  const written = result.outcomes.filter((outcome) => WRITTEN[outcome.outcome]);
  const conflicts = result.outcomes.filter((outcome) => outcome.outcome === 'conflict');
  const count = written.length + conflicts.length;
  const lines: string[] = [];
  if (count === 0 && result.outcomes.length === 0) lines.push(`${title}: nothing to change.`);
  else if (result.dryRun) lines.push(`Dry run: ${title[0]!.toLowerCase()}${title.slice(1)} would change ${count} ${count === 1 ? 'file' : 'files'} (nothing was changed):`);
  else lines.push(`${title}: changed ${count} ${count === 1 ? 'file' : 'files'}:`);
  const label = (outcome: FileOutcome) => WRITTEN[outcome.outcome] ?? 'conflict';
  const width = Math.max(0, ...[...written, ...conflicts].map((outcome) => label(outcome).length));
  for (const outcome of [...written, ...conflicts]) lines.push(`  ${label(outcome).padEnd(width)}  ${outcome.file}`);
  if (result.dryRun)
    for (const [file, diff] of Object.entries(result.diffs)) lines.push('', `--- ${file}`, `+++ ${file}`, ...diff);

  const handWork = result.outcomes.filter((outcome) => TODO[outcome.outcome]);
  if (handWork.length > 0) lines.push('', result.needsHand ? 'Needs your hand:' : 'Left as you have them:');
  for (const outcome of handWork) lines.push(`  ${outcome.file}${where(outcome)}: ${TODO[outcome.outcome]}`);
  for (const [file, diff] of Object.entries(result.leftDiffs)) lines.push('', `--- ${file} (yours)`, `+++ ${file} (the generated one, which the change leaves to you)`, ...diff);
  if (result.findings.length > 0 && result.needsHand)
    lines.push('', 'khal-pack check will report these until the conflicts are resolved:', ...result.findings.map(formatFinding));
  if (result.needsHand) lines.push('', handWorkLine(result.dryRun, conflicts.length > 0));
  if (result.warnings.length > 0)
    lines.push('', `khal-pack check ${result.dryRun ? 'would warn' : 'warns'} of this after the change:`, ...result.warnings.map(formatFinding));
  if (result.errorsBefore > 0) lines.push('', earlierErrorsLine(result));
  if (result.staleLockfile) lines.push('', staleLockfileNote(result.staleLockfile, result.dryRun));
  for (const note of notes) lines.push('', note);
  out.info(lines.join('\n'));
  return exitCode;
}

/** The last line when files need the user's hand: conflicts to resolve, or only files of theirs where the change adds one. */
function handWorkLine(dryRun: boolean, conflicts: boolean): string {
  if (dryRun) return conflicts ? 'The change would leave conflicts (exit 1).' : 'The change would leave files for you to see to (exit 1).';
  return conflicts ? 'Resolve the conflicts above (exit 1), then run khal-pack check.' : 'See to the files above (exit 1), then run khal-pack check.';
}

/** The pack failed its check before the change, which was judged only on errors of its own: how many of those are left. */
function earlierErrorsLine({ errorsBefore, errorsLeft, dryRun }: ChangeResult): string {
  const count = (n: number) => `${n} ${n === 1 ? 'error' : 'errors'}`;
  if (errorsLeft === 0) return `The ${count(errorsBefore)} khal-pack check found in the pack before this change ${dryRun ? 'would be' : 'are'} gone after it.`;
  const of = errorsLeft === errorsBefore ? `the ${count(errorsBefore)}` : `${errorsLeft} of the ${count(errorsBefore)}`;
  return `The pack ${dryRun ? 'would still fail' : 'still fails'} khal-pack check with ${of} it had before this change (khal-pack check lists them).`;
}

const where = (outcome: FileOutcome) => {
  const places = outcome.merge?.conflicts ?? [];
  return places.length > 0 ? ` (${places.join(', ')})` : '';
};

function jsonReport(result: ChangeResult, envChanges: EnvChange[] | undefined, extra: Record<string, unknown> | undefined) {
  return {
    ...extra,
    written: result.written,
    dryRun: result.dryRun,
    changed: result.outcomes.filter((outcome) => WRITTEN[outcome.outcome] || outcome.outcome === 'conflict').map(({ file, outcome }) => ({ file, outcome })),
    conflicts: result.outcomes
      .filter((outcome) => outcome.outcome === 'conflict' || outcome.outcome === 'yours-in-the-way')
      .map((outcome) => ({ file: outcome.file, where: outcome.merge?.conflicts ?? [], todo: TODO[outcome.outcome] })),
    left: result.outcomes
      .filter((outcome) => outcome.outcome === 'kept-edited' || outcome.outcome === 'deleted-by-you' || outcome.outcome === 'yours-holds-it')
      .map((outcome) => ({ file: outcome.file, outcome: outcome.outcome, todo: TODO[outcome.outcome] })),
    findings: result.findings,
    warnings: result.warnings,
    errorsBefore: result.errorsBefore,
    errorsLeft: result.errorsLeft,
    ...(result.staleLockfile ? { staleLockfile: result.staleLockfile } : {}),
    ...(envChanges ? { envChanges } : {}),
    leftDiffs: result.leftDiffs,
    ...(result.dryRun ? { diffs: result.diffs } : {}),
  };
}
