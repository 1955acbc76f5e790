import { type AnswerFlags, FLAG_FOR, answersFromFlags } from '../answers/flags.js';
import { AnswersError } from '../answers/problems.js';
import type { Prompter } from '../answers/prompter.js';
import { FIELDS } from '../answers/fields.js';
import { ANSWER_NAMES, type AnswerName, type PackAnswers } from '../answers/schema.js';
import { EXIT, ExitError } from '../util/exit-codes.js';
import type { Output } from '../util/output.js';
import type { RunGuard } from '../write/run-guard.js';
import { changeAnswers, checkedAnswers, confirmChange, withPackAnswers } from '../update/change-answers.js';
import { reportChange } from '../update/change-report.js';

// `khal-pack set`: any answer other than the env entries, with create's flags, through the engine.

/** create's answer flags but those of the answers set leaves to other commands. */
export type SetFlags = Omit<AnswerFlags, 'name' | 'env' | 'versionNumber'>;

export interface SetOptions extends SetFlags {
  dir?: string;
  dryRun?: boolean;
  json?: boolean;
  yes?: boolean;
}

/** The answers set does not change, and what does. Every other answer is set's, with create's flag. */
export const NOT_SET_BY_SET: Partial<Record<AnswerName, string>> = {
  name: 'the id names every package, image and chart: make a new pack (create-khal-pack <folder> --name <id>)',
  env: 'khal-pack env add|remove|rename|set',
  version: 'khal-pack release patch|minor|major|X.Y.Z',
};
export const SETTABLE: AnswerName[] = ANSWER_NAMES.filter((name) => NOT_SET_BY_SET[name] === undefined);

export async function setCommand(options: SetOptions, context: { out: Output; prompter?: Prompter; guard: RunGuard }): Promise<number> {
  const { dir, dryRun, json, yes, ...flags } = options;
  const { answers: given, problems } = answersFromFlags(flags);
  if (problems.length > 0) throw new AnswersError(problems);
  const names = SETTABLE.filter((name) => given[name] !== undefined);
  if (names.length === 0)
    throw new ExitError(EXIT.usage, `set needs at least one of ${SETTABLE.map((name) => FLAG_FOR[name]).join(', ')} (e.g. khal-pack set --kind full-stack); env entries have khal-pack env add|remove|rename|set`);
  return withPackAnswers(dir, 'set', context.guard, async (at) => {
    if (given.kind === 'frontend-only' && at.answers.env.length > 0)
      throw new ExitError(
        EXIT.usage,
        `${at.answers.name} has env entries (${at.answers.env.map((entry) => entry.key).join(', ')}), and a frontend-only pack has no service to inject them into: remove them first (khal-pack env remove KEY), then set --kind frontend-only`,
      );
    const after: PackAnswers = checkedAnswers({ ...at.answers, ...given }, (path) => FLAG_FOR[path[0] as AnswerName] ?? String(path[0]));
    const title = `Setting ${names.map((name) => `${FIELDS[name].summary.label} to ${JSON.stringify(after[name])}`).join(', ')}`;
    await confirmChange(context.prompter, `${title}: go ahead?`, { dryRun, yes });
    const result = await changeAnswers(at, after, { guard: context.guard, dryRun });
    return reportChange(result, { out: context.out, json, title });
  });
}
