import type { DefaultContext, EarlierAnswers } from './field.js';
import { ANSWER_NAMES, type AnswerName, fieldOf } from './fields.js';
import type { PackAnswers } from './schema.js';

/**
 * The default of one answer given what is known so far, or undefined when it has none.
 * `yes` adds the defaults that only `--yes` may take (description and kind).
 */
export function defaultAnswer<K extends AnswerName>(name: K, known: EarlierAnswers, options: DefaultContext): PackAnswers[K] | undefined {
  return fieldOf(name).fallback(known, options) as PackAnswers[K] | undefined;
}

/**
 * `answers` with every answer they lack at its default, as `--yes` takes it: the answers of a pack
 * made by a kit older than one of them (its `.khal-pack.json` does not hold it). An answer
 * with no default stays missing, for its rule to name.
 */
export function withDefaults(answers: Partial<PackAnswers>): Partial<PackAnswers> {
  const known: Partial<Record<AnswerName, unknown>> = { ...answers };
  for (const name of ANSWER_NAMES) known[name] ??= defaultAnswer(name, known as EarlierAnswers, { yes: true });
  return Object.fromEntries(Object.entries(known).filter(([, value]) => value !== undefined)) as Partial<PackAnswers>;
}
