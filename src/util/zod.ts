import { en } from 'zod/locales';
import * as z from 'zod/mini';

// zod/mini: the same validation core as classic zod, without the dozens of chainable methods
// classic zod builds on every schema. Building the pack's schemas is most of what zod costs a
// one-shot run, and mini builds them in about a third of the time. English messages, as
// classic zod has them by default. Every schema here validates once per run: compiling a fast
// path (zod's JIT) costs more than it saves, so it is turned off. Import z from this module.
z.config({ ...en(), jitless: true });

/** `schema`, refined by one of the answer rules (src/answers/rules.ts): its reason becomes the issue's message. */
export function ruled<T extends z.ZodMiniType>(schema: T, rule: (value: z.infer<T>) => string | undefined): T {
  return schema.check(
    z.superRefine((value: z.infer<T>, ctx) => {
      const reason = rule(value);
      if (reason) ctx.addIssue({ code: 'custom', message: reason });
    }),
  );
}

export { z };
