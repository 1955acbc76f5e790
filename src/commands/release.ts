import type { EnvChange } from '../checks/env-changes.js';
import { locatePackFolder, readManifestFile } from '../checks/pack-reader.js';
import type { KhalAppManifest } from '../manifest/manifest-schema.js';
import { describeMove } from '../release/artifact-moves.js';
import { type ReleasedEnv, newestReleaseManifest, releaseTagManifest, sinceManifest } from '../release/baseline.js';
import { type ReleasePlan, bumpProblem, nextVersion, planRelease, refuseBumpAsFolder } from '../release/release-plan.js';
import { parseVersion } from '../release/version.js';
import { quoted } from '../util/quoted.js';
import { shellQuote } from '../util/shell.js';
import { statsOf } from '../write/target.js';
import { EXIT, ExitError } from '../util/exit-codes.js';
import type { Output } from '../util/output.js';
import { GenerationError } from '../write/errors.js';
import { RunGuard } from '../write/run-guard.js';
import { withPackLock } from '../write/pack-lock.js';
import { applyPackChanges, packFileText, refuseFailingPack } from '../update/pack-change.js';

export interface ReleaseOptions {
  since?: string;
  allowBreaking?: boolean;
  /** YYYY-MM-DD for the CHANGELOG.md section; default: today (UTC). */
  date?: string;
  dryRun?: boolean;
  json?: boolean;
}

export interface ReleaseContext {
  out: Output;
  /** Shared with the signal handler: an interrupt before the commit drops the staging folder, during it undoes the moves. */
  guard?: RunGuard;
}

/** `khal-pack release patch|minor|major|X.Y.Z [dir]`: the version everywhere it lives, and its CHANGELOG.md section. */
export async function releaseCommand(bump: string, directory: string | undefined, options: ReleaseOptions, context: ReleaseContext): Promise<number> {
  const date = releaseDate(options.date);
  refuseBadBump(bump, directory);
  const location = await locatePackFolder(directory, 'release');
  const guard = context.guard ?? new RunGuard();
  return withPackLock(location, 'khal-pack release', guard, async () => {
    // Bad usage is said before the pack's own problems: a --since that names nothing is exit 2.
    const since = options.since === undefined ? undefined : await sinceManifest(location.folder, options.since);
    const read = (await readManifestFile(location.manifestPath).catch(() => undefined)) as Partial<KhalAppManifest> | undefined;
    refuseEarlierVersion(read?.version, bump);
    await refuseFailingPack(location, WORDS, directory);
    // A manifest that could not be read fails the check; read again, its error is the one to show.
    const manifest = (read ?? (await readManifestFile(location.manifestPath))) as KhalAppManifest;
    const baseline = since ?? (await baselineOf(location.folder, manifest.version));
    let plan: ReleasePlan;
    try {
      plan = await planRelease({ manifest, bump, baseline, date }, (file) => packFileText(location.folder, file));
    } catch (error) {
      if (error instanceof ExitError) throw error;
      throw new GenerationError(`Could not release ${manifest.id}, so the pack was not changed:\n  - ${(error as Error).message}`);
    }
    if ((plan.breaking.length > 0 || plan.moves.length > 0) && plan.step !== 'major' && !options.allowBreaking)
      throw new ExitError(EXIT.failed, refusedBreaking(plan, baseline!));
    guard.phase = 'render';
    const files = [...plan.updates.keys()];
    const { diffs } = await applyPackChanges(location, plan.updates, { guard, dryRun: options.dryRun, words: { ...WORDS, doing: `Releasing ${plan.version}` } });
    if (options.dryRun) {
      const shown = files.flatMap((file) => ['', `--- ${packFileText(location.folder, file) === undefined ? '/dev/null' : file}`, `+++ ${file}`, ...diffs.get(file)!]);
      const text = [`Dry run: releasing ${plan.version} would change ${files.length} files (nothing was changed):`, ...files.map((file) => `  ${file}`), '', ...comparison(plan, baseline), ...shown];
      context.out.info(options.json ? jsonReport(plan, baseline, false) : text.join('\n'));
      return EXIT.ok;
    }
    context.out.info(options.json ? jsonReport(plan, baseline, true) : doneReport(plan, baseline, files));
    return EXIT.ok;
  });
}

const WORDS = { command: 'release', notDone: 'it was not released', retry: 'release' };

/**
 * The release the changes are judged against when `--since` is not given: the tag of the pack's
 * version, else (that version released but not yet tagged) the newest release tag, the one the
 * pack's CI compares with; else none.
 */
async function baselineOf(folder: string, version: string): Promise<ReleasedEnv | undefined> {
  const tagged = await releaseTagManifest(folder, version);
  if (tagged !== undefined) return tagged;
  const newest = await newestReleaseManifest(folder);
  return newest === undefined ? undefined : { ...newest, untagged: version };
}

/** A bump that is none is bad usage, said before the pack is read; a folder given first is one, and so is a second bump where the folder goes. */
function refuseBadBump(bump: string, directory: string | undefined): void {
  if (directory !== undefined) refuseBumpAsFolder(directory, `release takes one bump, then the pack folder; got ${quoted(bump)} and ${quoted(directory)}`);
  const problem = bumpProblem(bump);
  if (problem === undefined) return;
  if (directory === undefined && statsOf(bump)?.isDirectory())
    throw new ExitError(EXIT.usage, `${quoted(bump)} is a folder, not a bump: give the bump first, e.g. khal-pack release minor ${shellQuote(bump)}`);
  throw new ExitError(EXIT.usage, problem);
}

/** A version that is not later than the pack's is bad usage, said before the pack's own problems when the manifest tells its version. */
function refuseEarlierVersion(version: unknown, bump: string): void {
  if (typeof version === 'string' && parseVersion(version) !== undefined) nextVersion(version, bump);
}

function releaseDate(given: string | undefined): string {
  if (given === undefined) return new Date().toISOString().slice(0, 10);
  // A month or day out of range (2025-13-01) makes an Invalid Date, which has no ISO text.
  const date = new Date(`${given}T00:00:00Z`);
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(given) && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(given);
  if (!valid) throw new ExitError(EXIT.usage, `--date ${JSON.stringify(given)} is not a date: write it YYYY-MM-DD, e.g. 2025-03-31`);
  return given;
}

const describeChange = (change: EnvChange) => `  - ${change.summary}${change.action ? `\n    Admin action: ${change.action}` : ''}`;

function refusedBreaking(plan: ReleasePlan, baseline: ReleasedEnv): string {
  const what = [
    ...(plan.moves.length > 0 ? ['the install artifact moved'] : []),
    ...(plan.breaking.length > 0 ? [`${plan.breaking.length} breaking change(s) to env[]`] : []),
  ].join(' and ');
  return [
    `Refused: ${what} since ${baseline.label}, and ${plan.from} -> ${plan.version} is a ${plan.step} release (nothing was changed):`,
    ...plan.moves.map(describeMove),
    ...plan.breaking.map(describeChange),
    `Customers upgrading within a major version expect no action. Release a major version (khal-pack release major), or rerun with --allow-breaking to release ${plan.version} anyway (the notes mark it breaking).`,
  ].join('\n');
}

/** What the release was compared with, and what changed since (the report's middle, real or dry run). */
function comparison(plan: ReleasePlan, baseline: ReleasedEnv | undefined): string[] {
  const compared = baseline
    ? plan.changes.length === 0
      ? `No env[] changes since ${baseline.label}.`
      : `${plan.changes.length} env[] change(s) since ${baseline.label}${plan.breaking.length > 0 ? `, ${plan.breaking.length} breaking (marked in the notes)` : ''}:\n${plan.changes.map(describeChange).join('\n')}`
    : `Nothing to compare the env contract with: no git tag v${plan.from} (give --since with the last release's khal-app.json or git revision).`;
  const moved = plan.moves.length > 0 ? ['', `Since ${baseline!.label}, the install artifact moved (marked breaking in the notes):`, ...plan.moves.map(describeMove)] : [];
  return [compared, ...moved, ...(baseline?.untagged ? ['', untaggedNote(baseline.untagged, baseline.label)] : [])];
}

function doneReport(plan: ReleasePlan, baseline: ReleasedEnv | undefined, files: string[]): string {
  return [
    `Released ${plan.from} -> ${plan.version} (${plan.step}); updated ${files.length} files:`,
    ...files.map((file) => `  ${file}`),
    '',
    ...comparison(plan, baseline),
    '',
    `${
      plan.notesHeading
        ? `Your notes under "${plan.notesHeading}" in CHANGELOG.md are now the notes of ${plan.version}. Next: read them over, commit (git add -A)`
        : `Next: write your notes in CHANGELOG.md (the line under "## ${plan.version}"), commit (git add -A: CHANGELOG.md may be new)`
    }, and merge to main: release.yml tags v${plan.version} and publishes it.`,
  ].join('\n');
}

/** Said when the pack's version was released by `khal-pack release` but never tagged: the new release replaces it. */
const untaggedNote = (version: string, label: string) =>
  `Note: the pack's version ${version} has no tag v${version} (it was released here but not yet merged and tagged), so this release was compared with ${label}, the newest release tag, as the pack's CI compares it. If ${version} is not to be released, remove its section from CHANGELOG.md.`;

function jsonReport(plan: ReleasePlan, baseline: ReleasedEnv | undefined, written: boolean): string {
  return JSON.stringify(
    {
      from: plan.from,
      version: plan.version,
      step: plan.step,
      comparedWith: baseline?.label ?? null,
      breaking: plan.breaking.length > 0 || plan.moves.length > 0,
      changes: plan.changes,
      artifactMoves: plan.moves,
      files: [...plan.updates.keys()],
      changelogSection: plan.section,
      movedUnreleasedNotes: plan.notesHeading !== undefined,
      dryRun: !written,
      written,
    },
    null,
    2,
  );
}
