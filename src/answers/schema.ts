import { z } from '../util/zod.js';
import { envSetIssues } from './env-entry.js';
import { ANSWER_NAMES, type AnswerName, type AnswerValues, FIELDS } from './fields.js';

export { type EnvEntry, envEntrySchema } from './env-entry.js';
export { ANSWER_NAMES, type AnswerName } from './fields.js';

/** Each answer's own rule, read from the table of answers (fields.ts). */
export const answerFields = Object.fromEntries(ANSWER_NAMES.map((name) => [name, FIELDS[name].schema])) as {
  [K in AnswerName]: z.ZodMiniType<AnswerValues[K]>;
};

/** The key `.khal-pack.json` adds to the answers; an answers file may carry it. */
export const GENERATOR_KEY = '$generator';

export const packAnswersSchema = z.strictObject(answerFields).check(
  z.superRefine((answers, ctx) => {
    for (const { path, message } of crossAnswerIssues(answers)) ctx.addIssue({ code: 'custom', path, message });
  }),
);

export type PackAnswers = z.infer<typeof packAnswersSchema>;

/** `.khal-pack.json`: who made the pack, then every answer in the table's order. */
export function packRecord(answers: PackAnswers, generator: string): Record<string, unknown> {
  return { [GENERATOR_KEY]: generator, ...Object.fromEntries(ANSWER_NAMES.map((name) => [name, answers[name]])) };
}

/**
 * The rules that tie answers together (unique env keys and permissions, env entries only on a
 * full-stack pack). Takes partial answers, so they can be checked before the rest is asked.
 */
export function crossAnswerIssues(answers: Partial<PackAnswers>): { path: (string | number)[]; message: string }[] {
  // Also called on answers that broke their own rules, so nothing here trusts a type.
  const issues: { path: (string | number)[]; message: string }[] = [];
  issues.push(
    ...envSetIssues(answers.env, answers.kind !== 'frontend-only', {
      noService: 'a frontend-only pack cannot have env entries; choose --kind full-stack',
    }),
  );
  const permissions = new Set<string>();
  (Array.isArray(answers.permissions) ? answers.permissions : []).forEach((permission, index) => {
    if (permissions.has(permission)) issues.push({ path: ['permissions', index], message: 'is given twice' });
    permissions.add(permission);
  });
  return issues;
}
