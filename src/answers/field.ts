import { ruled, z } from '../util/zod.js';
import { toValidate } from './env-prompts.js';
import type { AnswerProblem } from './problems.js';
import type { Prompter } from './prompter.js';
import type { PackKind, Rule } from './rules.js';

// The shape of one answer's entry in the table of answers (fields.ts), and the maker of a text answer's entry.

/** The earlier answers a default or a prompt depends on (typed here: the table cannot name its own types). */
export interface EarlierAnswers {
  name?: string;
  kind?: PackKind;
}

export interface DefaultContext {
  /** `--yes`: some answers (description, kind) have a default only then. */
  yes: boolean;
  gitAuthor?: string;
}

export interface AskContext<T> {
  prompter: Prompter;
  /** The default the prompt shows. */
  fallback: T | undefined;
  known: EarlierAnswers;
  /** A rule the caller adds (the id: the target folder it implies must be usable). */
  alsoCheck?: Rule<string>;
}

export interface AnswerField<T, Flag extends `--${string}` = `--${string}`> {
  schema: z.ZodMiniType<T>;
  flag: Flag;
  /** The flag's argument as --help shows it, e.g. `<id>`. */
  placeholder: string;
  /** What the answer is, as both create's --help and set's show it. */
  help: string;
  /** create's default, as its --help adds it in parentheses, e.g. `default: 8080` (set has none). */
  defaultHelp?: string;
  /** set's help, where it says more than `help` does. */
  setHelp?: string;
  /** How this answer is changed after day one when `khal-pack set` does not: told to a user who gives set its flag. */
  changedBy?: string;
  repeatable?: true;
  /** Flag text (one per use of the flag) to a value; the rule is applied later, to every source alike. */
  fromFlag(texts: string[]): { value?: T; problems: AnswerProblem[] };
  /** The flag values that give `value` back, one per use of the flag; undefined when a flag cannot say it. */
  toFlag(value: T): string[] | undefined;
  fallback(known: EarlierAnswers, context: DefaultContext): T | undefined;
  /** The earlier answer the default is made from: while that one is missing, this one is not reported missing too. */
  defaultFrom?: keyof EarlierAnswers;
  /** Where the default comes from, when it is not the kit's own. */
  fallbackSource?: 'git';
  ask(context: AskContext<T>): Promise<T>;
  /** Asked only when the user chooses to change the advanced settings. */
  advanced?: true;
  /** Only a full-stack pack uses it: a frontend-only pack's run neither asks for it nor shows it. */
  fullStackOnly?: true;
  summary: { label: string; show(value: T): string };
}

/** One answer's entry; the type arguments name its value and its flag. */
export const field = <T, Flag extends `--${string}`>(definition: AnswerField<T, Flag>) => definition;

export const single = <T>(value: T) => ({ value, problems: [] });

export function textField<Flag extends `--${string}`>(options: {
  rule: Rule<string>;
  flag: Flag;
  placeholder: string;
  help: string;
  defaultHelp?: string;
  changedBy?: string;
  prompt: string;
  label: string;
  fallback?: AnswerField<string>['fallback'];
  defaultFrom?: keyof EarlierAnswers;
  fallbackSource?: 'git';
  advanced?: true;
}): AnswerField<string, Flag> {
  return {
    schema: ruled(z.string(), options.rule),
    flag: options.flag,
    placeholder: options.placeholder,
    help: options.help,
    ...(options.defaultHelp ? { defaultHelp: options.defaultHelp } : {}),
    ...(options.changedBy ? { changedBy: options.changedBy } : {}),
    fromFlag: (texts) => single(texts.at(-1)!),
    toFlag: (value) => [value],
    fallback: options.fallback ?? (() => undefined),
    ...(options.defaultFrom ? { defaultFrom: options.defaultFrom } : {}),
    ...(options.fallbackSource ? { fallbackSource: options.fallbackSource } : {}),
    ask: ({ prompter, fallback, alsoCheck }) =>
      prompter.input({
        message: options.prompt,
        default: fallback,
        validate: toValidate((value) => options.rule(value) ?? alsoCheck?.(value)),
      }),
    ...(options.advanced ? { advanced: options.advanced } : {}),
    summary: { label: options.label, show: (value) => value },
  };
}

