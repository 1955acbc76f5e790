import { PLATFORM_SCOPE, titleCase } from './rules.js';
import type { AnswerName, PackAnswers } from './schema.js';

export const YES_DESCRIPTION = 'A Khal OS pack';

/**
 * The default of one answer given what is known so far, or undefined when it has none.
 * `yes` adds the defaults that only `--yes` may take (description and kind).
 */
export function defaultAnswer<K extends AnswerName>(
  name: K,
  known: Partial<PackAnswers>,
  options: { yes: boolean; gitAuthor?: string },
): PackAnswers[K] | undefined {
  const defaults: { [N in AnswerName]: () => PackAnswers[N] | undefined } = {
    name: () => undefined,
    displayName: () => (known.name ? titleCase(known.name) : undefined),
    description: () => (options.yes ? YES_DESCRIPTION : undefined),
    author: () => options.gitAuthor || undefined,
    kind: () => (options.yes ? 'frontend-only' : undefined),
    permissions: () =>
      known.kind === undefined ? undefined : known.kind === 'full-stack' ? ['nats:publish', 'nats:subscribe'] : [],
    env: () => [],
    version: () => '0.1.0',
    port: () => 8080,
    scope: () => PLATFORM_SCOPE,
    registry: () => 'ghcr.io/khal-os',
  };
  return defaults[name]() as PackAnswers[K] | undefined;
}

