import { ANSWER_NAMES, type AnswerName, FIELDS, fieldOf } from './fields.js';
import type { AnswerProblem } from './problems.js';
import type { PackAnswers } from './schema.js';

export { FLAG_FOR, NO_PERMISSIONS } from './fields.js';

type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;
type AttributeOf<Flag> = Flag extends `--${infer Name}` ? CamelCase<Name> : never;
type FlagOf<K extends AnswerName> = (typeof FIELDS)[K]['flag'];

/** Commander's name for a flag's value: `--display-name` → `displayName`. */
export function flagAttribute(flag: string): string {
  return flag.replace(/^--/, '').replace(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase());
}

/** The answer flags as commander hands them over: strings, and arrays for repeatable flags. */
export type AnswerFlags = { [K in AnswerName as AttributeOf<FlagOf<K>>]?: string | string[] };

/** Converts flag strings to answer values; the answer rules are applied later, to every source alike. */
export function answersFromFlags(flags: AnswerFlags): { answers: Partial<PackAnswers>; problems: AnswerProblem[] } {
  const answers: Record<string, unknown> = {};
  const problems: AnswerProblem[] = [];
  const given = flags as Record<string, string | string[] | undefined>;
  for (const name of ANSWER_NAMES) {
    const text = given[flagAttribute(FIELDS[name].flag)];
    if (text === undefined) continue;
    const converted = fieldOf(name).fromFlag(Array.isArray(text) ? text : [text]);
    problems.push(...converted.problems);
    if (converted.value !== undefined) answers[name] = converted.value;
  }
  return { answers: answers as Partial<PackAnswers>, problems };
}
