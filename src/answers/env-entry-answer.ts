import { ruled, z } from '../util/zod.js';
import { ENV_TYPES, checkEnvDefault, checkEnvDescription, checkEnvKey, oneOf } from './rules.js';

/** One env entry as an answer (flags, answers file, prompts); its rules are in rules.ts. */
export const envEntryAnswerSchema = z
  .strictObject({
    key: ruled(z.string(), checkEnvKey),
    description: ruled(z.string(), checkEnvDescription),
    type: z.enum(ENV_TYPES, { error: (issue) => oneOf(ENV_TYPES, issue.input) }),
    required: z.boolean(),
    default: z.string().optional(),
  })
  .superRefine((entry, ctx) => {
    if (entry.default === undefined) return;
    const reason = checkEnvDefault(entry, entry.default);
    if (reason) ctx.addIssue({ code: 'custom', path: ['default'], message: reason });
  });

export type EnvEntryAnswer = z.infer<typeof envEntryAnswerSchema>;
