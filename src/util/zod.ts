import { z } from 'zod';

// Every schema here validates once per run: compiling a fast path (zod's JIT) costs more than
// it saves, so it is turned off for the whole CLI. Import z from this module.
z.config({ jitless: true });

/** `schema`, refined by one of the answer rules (src/answers/rules.ts): its reason becomes the issue's message. */
export function ruled<T extends z.ZodType>(schema: T, rule: (value: z.infer<T>) => string | undefined) {
  return schema.superRefine((value, ctx) => {
    const reason = rule(value);
    if (reason) ctx.addIssue({ code: 'custom', message: reason });
  });
}

export { z };
