import { type AnswerName, type DefaultContext, type EarlierAnswers, fieldOf } from './fields.js';
import type { PackAnswers } from './schema.js';

/**
 * The default of one answer given what is known so far, or undefined when it has none.
 * `yes` adds the defaults that only `--yes` may take (description and kind).
 */
export function defaultAnswer<K extends AnswerName>(name: K, known: EarlierAnswers, options: DefaultContext): PackAnswers[K] | undefined {
  return fieldOf(name).fallback(known, options) as PackAnswers[K] | undefined;
}
