import { ruled, z } from '../util/zod.js';
import {
  ENV_TYPES,
  KINDS,
  PERMISSIONS,
  checkAuthor,
  checkDescription,
  checkDisplayName,
  checkEnvDefault,
  checkEnvDescription,
  checkEnvKey,
  checkPackId,
  checkPort,
  checkRegistry,
  checkScope,
  checkVersion,
} from './rules.js';

export const envEntryAnswerSchema = z
  .strictObject({
    key: ruled(z.string(), checkEnvKey),
    description: ruled(z.string(), checkEnvDescription),
    type: z.enum(ENV_TYPES, { error: `must be one of: ${ENV_TYPES.join(', ')}` }),
    required: z.boolean(),
    default: z.string().optional(),
  })
  .superRefine((entry, ctx) => {
    if (entry.default === undefined) return;
    const reason = checkEnvDefault(entry, entry.default);
    if (reason) ctx.addIssue({ code: 'custom', path: ['default'], message: reason });
  });

export type EnvEntryAnswer = z.infer<typeof envEntryAnswerSchema>;

export const answerFields = {
  name: ruled(z.string(), checkPackId),
  displayName: ruled(z.string(), checkDisplayName),
  description: ruled(z.string(), checkDescription),
  author: ruled(z.string(), checkAuthor),
  kind: z.enum(KINDS, { error: `must be one of: ${KINDS.join(', ')}` }),
  permissions: z.array(z.enum(PERMISSIONS, { error: `must be one of: ${PERMISSIONS.join(', ')}` })),
  env: z.array(envEntryAnswerSchema),
  version: ruled(z.string(), checkVersion),
  port: ruled(z.number(), checkPort),
  scope: ruled(z.string(), checkScope),
  registry: ruled(z.string(), checkRegistry),
};

export type AnswerName = keyof typeof answerFields;
export const ANSWER_NAMES = Object.keys(answerFields) as AnswerName[];

/** The key `.khal-pack.json` adds to the answers; an answers file may carry it. */
export const GENERATOR_KEY = '$generator';

export const packAnswersSchema = z.strictObject(answerFields).superRefine((answers, ctx) => {
  for (const { path, message } of crossAnswerIssues(answers)) ctx.addIssue({ code: 'custom', path, message });
});

/**
 * The rules that tie answers together (unique env keys and permissions, env entries only on a
 * full-stack pack). Takes partial answers, so they can be checked before the rest is asked.
 */
export function crossAnswerIssues(answers: Partial<PackAnswers>): { path: (string | number)[]; message: string }[] {
  // Also called on answers that broke their own rules, so nothing here trusts a type.
  const issues: { path: (string | number)[]; message: string }[] = [];
  const env: unknown[] = Array.isArray(answers.env) ? answers.env : [];
  const seen = new Set<unknown>();
  env.forEach((entry, index) => {
    const key = (entry as { key?: unknown } | null)?.key;
    if (typeof key !== 'string') return;
    if (seen.has(key)) issues.push({ path: ['env', index, 'key'], message: 'is given twice: env keys must be unique' });
    seen.add(key);
  });
  if (answers.kind === 'frontend-only' && env.length > 0)
    issues.push({
      path: ['env'],
      message:
        'needs a service to inject them into: a frontend-only pack cannot have env entries; choose --kind full-stack',
    });
  const permissions = new Set<string>();
  (Array.isArray(answers.permissions) ? answers.permissions : []).forEach((permission, index) => {
    if (permissions.has(permission)) issues.push({ path: ['permissions', index], message: 'is given twice' });
    permissions.add(permission);
  });
  return issues;
}

export interface PackAnswers {
  name: string;
  displayName: string;
  description: string;
  author: string;
  kind: (typeof KINDS)[number];
  permissions: (typeof PERMISSIONS)[number][];
  env: EnvEntryAnswer[];
  version: string;
  port: number;
  scope: string;
  registry: string;
}
