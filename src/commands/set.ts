import { type AnswerFlags, FLAG_FOR, answersFromFlags, flagAttribute } from '../answers/flags.js';
import { AnswersError } from '../answers/problems.js';
import type { Prompter } from '../answers/prompter.js';
import { ANSWER_NAMES, FIELDS, SETTABLE } from '../answers/fields.js';
import { defaultAnswer } from '../answers/defaults.js';
import { isDeepStrictEqual } from 'node:util';
import type { AnswerName, PackAnswers } from '../answers/schema.js';
import { EXIT, ExitError } from '../util/exit-codes.js';
import type { Output } from '../util/output.js';
import type { RunGuard } from '../write/run-guard.js';
import { changeAnswers, checkedAnswers, confirmChange, packNotes, withPackAnswers } from '../update/change-answers.js';
import { reportChange } from '../update/change-report.js';
import { buildManifest } from '../manifest/build-manifest.js';
import { type ArtifactMove, artifactMoves, describeMove, installArtifact } from '../release/artifact-moves.js';

// `khal-pack set`: any answer other than the env entries, with create's flags, through the engine.
// An answer that moves where customers install the pack from says so first, as the env commands
// say what a change means for customers.

export interface SetOptions extends AnswerFlags {
  dir?: string;
  dryRun?: boolean;
  json?: boolean;
  yes?: boolean;
}

export async function setCommand(options: SetOptions, context: { out: Output; prompter?: Prompter; guard: RunGuard }): Promise<number> {
  const { dir, dryRun, json, yes, ...flags } = options;
  const elsewhere = ANSWER_NAMES.find((name) => FIELDS[name].changedBy !== undefined && flagAttribute(FLAG_FOR[name]) in flags);
  if (elsewhere !== undefined) throw new ExitError(EXIT.usage, `set does not change the ${FIELDS[elsewhere].summary.label} (${FLAG_FOR[elsewhere]}): ${FIELDS[elsewhere].changedBy}`);
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
    const following = followingDefaults(at.answers, given);
    const after: PackAnswers = checkedAnswers({ ...at.answers, ...given, ...following }, (path) => FLAG_FOR[path[0] as AnswerName] ?? String(path[0]));
    const set = names.map((name) => `${FIELDS[name].summary.label} to ${JSON.stringify(after[name])}`);
    const followed = (Object.keys(following) as AnswerName[]).map(
      (name) => `${FIELDS[name].summary.label} to ${JSON.stringify(after[name])} (left at the default, it follows the ${FIELDS[FIELDS[name].defaultFrom!].summary.label})`,
    );
    const title = `Setting ${[...set, ...followed].join(', ')}`;
    const moves = artifactMoves(installArtifact(buildManifest(at.answers)), installArtifact(buildManifest(after)));
    if (moves.length > 0 && !json) context.out.info(movedNotice(moves));
    await confirmChange(context.prompter, `${title}: go ahead?`, { dryRun, yes });
    const result = await changeAnswers(at, after, { guard: context.guard, dryRun });
    const notes = packNotes(at, result);
    return reportChange(result, { out: context.out, json, title, ...notes, extra: { ...notes.extra, ...(moves.length > 0 ? { artifactMoves: moves } : {}) } });
  });
}

function movedNotice(moves: readonly ArtifactMove[]): string {
  return [
    'This change moves where customers install the pack from:',
    ...moves.map(describeMove),
    '',
    'This is a breaking change for customers: release it as a major version (khal-pack release major writes the move into the release notes and the hand-off upgrade notes).',
    '',
  ].join('\n');
}

/**
 * An answer the pack holds at the default another answer gives it (the permissions, from the
 * kind) follows that answer to its new default, unless given too: a frontend-only pack made
 * full-stack gets the permissions its service needs, and back again none.
 */
function followingDefaults(answers: PackAnswers, given: Partial<PackAnswers>): Partial<PackAnswers> {
  const following: Partial<Record<AnswerName, unknown>> = {};
  for (const name of ANSWER_NAMES) {
    const source = FIELDS[name].defaultFrom;
    if (source === undefined || given[source] === undefined || given[name] !== undefined) continue;
    if (!isDeepStrictEqual(answers[name], defaultAnswer(name, answers, { yes: true }))) continue;
    const next = defaultAnswer(name, { ...answers, ...given }, { yes: true });
    if (!isDeepStrictEqual(next, answers[name])) following[name] = next;
  }
  return following as Partial<PackAnswers>;
}
