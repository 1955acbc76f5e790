import { AnswersError, problemsFromZod } from '../answers/problems.js';
import type { Prompter } from '../answers/prompter.js';
import { type PackAnswers, packAnswersSchema } from '../answers/schema.js';
import { type PackLocation, answersOfPack, locatePack, readManifestFile, readPackRecord } from '../checks/pack-reader.js';
import type { KhalAppManifest } from '../manifest/manifest-schema.js';
import { planPack } from '../plan/plan-pack.js';
import { EXIT, ExitError } from '../util/exit-codes.js';
import type { RunGuard } from '../write/run-guard.js';
import { type ChangeResult, applyChange } from './apply-change.js';
import { treeOf } from './plan-change.js';

// A change of answers (env entries, kind, names): the base is the pack the old answers make
// with the running kit's templates, the target the pack the new answers make with them.

export interface PackAnswersAt {
  location: PackLocation;
  answers: PackAnswers;
}

/** The pack in `dir` and the answers it was made from (its manifest first, then `.khal-pack.json`). */
export async function readPackAnswers(dir: string | undefined, command: string): Promise<PackAnswersAt> {
  const location = await locatePack(dir);
  if (location.manifestOnly) throw new ExitError(EXIT.usage, `${command} needs a pack folder, not a manifest file: ${dir}`);
  const manifest = (await readManifestFile(location.manifestPath)) as KhalAppManifest;
  return { location, answers: answersOfPack(manifest, await readPackRecord(location.folder)) };
}

/** The new answers, judged by the rules they were judged by at creation. */
export function checkedAnswers(answers: PackAnswers, flagOf: (path: readonly PropertyKey[]) => string): PackAnswers {
  const parsed = packAnswersSchema.safeParse(answers);
  if (!parsed.success) throw new AnswersError(problemsFromZod(parsed.error, answers, flagOf));
  return parsed.data;
}

export function changeAnswers(at: PackAnswersAt, after: PackAnswers, options: { guard: RunGuard; dryRun?: boolean }): Promise<ChangeResult> {
  return applyChange({
    location: at.location,
    guard: options.guard,
    dryRun: options.dryRun,
    trees: async () => ({ base: treeOf(planPack(at.answers)), target: treeOf(planPack(after)) }),
  });
}

/** On a terminal (a prompter), asks before a real run; a dry run and `--yes` go ahead. */
export async function confirmChange(prompter: Prompter | undefined, question: string, options: { dryRun?: boolean; yes?: boolean }): Promise<void> {
  if (!prompter || options.dryRun || options.yes) return;
  if (!(await prompter.confirm({ message: question, default: true }))) throw new ExitError(EXIT.failed, 'Cancelled: nothing was changed.');
}
