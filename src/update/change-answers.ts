import { withDefaults } from '../answers/defaults.js';
import { AnswersError, problemsFromZod } from '../answers/problems.js';
import type { Prompter } from '../answers/prompter.js';
import { type PackAnswers, packAnswersSchema } from '../answers/schema.js';
import { answersOfPack, readPackRecordWithKit } from '../checks/pack-answers.js';
import { diffEnv } from '../checks/env-changes.js';
import { MANIFEST_FILE, type PackLocation, RECORD_FILE, locatePackFolder, readManifestFile } from '../checks/pack-reader.js';
import { type KhalAppManifest, listManifestProblems, shownManifestProblems } from '../manifest/manifest-schema.js';
import { planPack } from '../plan/plan-pack.js';
import { isLaterVersion } from '../release/version.js';
import { EXIT, ExitError } from '../util/exit-codes.js';
import { GENERATOR_NAME, generatorVersion } from '../util/paths.js';
import type { RunGuard } from '../write/run-guard.js';
import { withPackLock } from '../write/pack-lock.js';
import { type ChangeResult, applyChange } from './apply-change.js';
import type { ReportContext } from './change-report.js';
import type { EnvRenames } from './env-renames.js';
import { treeOf } from './plan-change.js';

// A change of answers (env entries, kind, names): the base is the pack the old answers make
// with the running kit's templates, the target the pack the new answers make with them.

export interface PackAnswersAt {
  location: PackLocation;
  /** The pack's answers: its manifest first (what ships), then `.khal-pack.json`. */
  answers: PackAnswers;
  /**
   * The answers its other files were made from: `.khal-pack.json` when it holds them all. They
   * differ from `answers` when the manifest was edited by hand (an env entry added to it): the
   * change then brings every other file to the manifest too.
   */
  madeFrom: PackAnswers;
  /** The version of the kit that made the pack, as `.khal-pack.json` names it. */
  madeByKit?: string;
}

/**
 * Runs `change` on the pack in `dir` (its answers, and the answers its files were made from)
 * under the pack's lock, held from reading the answers to writing the change: a run at the same
 * time cannot change the pack in between and have its change undone.
 */
export async function withPackAnswers<T>(
  dir: string | undefined,
  command: string,
  guard: RunGuard,
  change: (at: PackAnswersAt) => Promise<T>,
): Promise<T> {
  const location = await locatePackFolder(dir, command);
  return withPackLock(location, `khal-pack ${command}`, guard, async () => change(await packAnswersAt(location, command, dir)));
}

/** The answers of the pack at `location` (a pack folder), and the answers its files were made from. */
async function packAnswersAt(location: PackLocation, command: string, dir: string | undefined): Promise<PackAnswersAt> {
  const manifest = (await readManifestFile(location.manifestPath)) as KhalAppManifest;
  refuseBrokenManifest(manifest, command, dir);
  const record = await readPackRecordWithKit(location.folder);
  const answers = answersOfPack(manifest, record?.answers);
  const recorded = packAnswersSchema.safeParse(record && withDefaults(record.answers));
  return { location, answers, madeFrom: recorded.success ? recorded.data : answers, ...(record?.kitVersion ? { madeByKit: record.kitVersion } : {}) };
}

/** What the report of a change adds about the pack as it was found (see handEditNote, otherKitNote). */
export function packNotes(at: PackAnswersAt, result: ChangeResult): Pick<ReportContext, 'notes' | 'extra'> {
  if (result.outcomes.length === 0) return {};
  const said = [handEditNote(at), otherKitNote(at)].flatMap((note) => (note ? [note] : []));
  if (said.length === 0) return {};
  return { notes: said.flatMap((note) => note.notes), extra: Object.assign({}, ...said.map((note) => note.extra)) };
}

/**
 * A manifest whose env[] was edited by hand: the change brings the pack's other files to it,
 * which the env changes of the change itself do not show.
 */
function handEditNote(at: PackAnswersAt): { notes: string[]; extra: Record<string, unknown> } | undefined {
  const edits = diffEnv(at.madeFrom.env, at.answers.env);
  if (edits.length === 0) return undefined;
  return {
    notes: [
      `env[] in ${MANIFEST_FILE} was edited by hand since ${RECORD_FILE} recorded it, so this change also brings the pack's other files (values, schema, .env.example, config.ts, README) to it:\n${edits.map((edit) => `  - ${edit.summary}`).join('\n')}`,
    ],
    extra: { handEditedEnv: edits },
  };
}

/**
 * What the report says of a pack another kit version made: the change is planned with this kit's
 * templates, so a file the two kits make differently counts as edited (the change is merged into
 * it, the rest of it stays as it was). Nothing when the versions agree.
 */
function otherKitNote(at: PackAnswersAt): { notes: string[]; extra: Record<string, unknown> } | undefined {
  const running = generatorVersion();
  if (at.madeByKit === undefined || at.madeByKit === running) return undefined;
  const made = `${GENERATOR_NAME}@${at.madeByKit}`;
  // update refuses to take a pack back to older templates: a newer kit is the way on.
  const next = isLaterVersion(at.madeByKit, running)
    ? `This kit is older than ${made}: run the change with ${made} or newer (npx --package ${GENERATOR_NAME}@latest -- khal-pack …).`
    : "khal-pack update moves the pack to this kit's templates.";
  return {
    notes: [
      `${at.answers.name} was made by ${made}, and this kit is ${running}: the change is planned with this kit's templates. A file the two kits make differently counts as edited: the change is merged into it, and the rest of it stays as ${made} made it. ${next}`,
    ],
    extra: { madeBy: made, kit: `${GENERATOR_NAME}@${running}` },
  };
}

/** The pack's answers are read from its manifest: one that breaks the contract has none to read. */
function refuseBrokenManifest(manifest: unknown, command: string, dir: string | undefined): void {
  const problems = shownManifestProblems(manifest);
  if (problems.length === 0) return;
  throw new ExitError(
    EXIT.failed,
    `${MANIFEST_FILE} breaks the pack contract, so khal-pack ${command} cannot read the pack's answers from it, and nothing was changed:\n${listManifestProblems(problems)}\nFix it (khal-pack check ${dir ?? '.'} lists every problem), then run khal-pack ${command} again.`,
  );
}

/** The new answers, judged by the rules they were judged by at creation. */
export function checkedAnswers(answers: PackAnswers, flagOf: (path: readonly PropertyKey[]) => string): PackAnswers {
  const parsed = packAnswersSchema.safeParse(answers);
  if (!parsed.success) throw new AnswersError(problemsFromZod(parsed.error, answers, flagOf));
  return parsed.data;
}

export interface ChangeOptions {
  guard: RunGuard;
  dryRun?: boolean;
  /** Env entries the change renames, old key to new: what the user wrote on one goes with it. */
  renames?: EnvRenames;
}

export function changeAnswers(at: PackAnswersAt, after: PackAnswers, options: ChangeOptions): Promise<ChangeResult> {
  return applyChange({
    location: at.location,
    guard: options.guard,
    dryRun: options.dryRun,
    renames: options.renames,
    trees: async () => {
      const base = treeOf(planPack(at.madeFrom));
      // The manifest's base is the manifest the pack's answers make: a hand edit of it is the answers' change, not the user's.
      for (const file of planPack(at.answers)) if (file.path === MANIFEST_FILE) base.set(file.path, { content: Buffer.from(file.content), mode: file.mode });
      return { base, target: treeOf(planPack(after)) };
    },
  });
}

/** On a terminal (a prompter), asks before a real run; a dry run and `--yes` go ahead. */
export async function confirmChange(prompter: Prompter | undefined, question: string, options: { dryRun?: boolean; yes?: boolean }): Promise<void> {
  if (!prompter || options.dryRun || options.yes) return;
  if (!(await prompter.confirm({ message: question, default: true }))) throw new ExitError(EXIT.failed, 'Cancelled: nothing was changed.');
}
