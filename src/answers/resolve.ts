import { FLAG_FOR } from './flags.js';
import { type AnswerProblem, AnswersError, pathLabel, problemsFromZod, valueAt } from './problems.js';
import type { Prompter } from './prompter.js';
import { askForAnswers } from './prompts.js';
import { defaultAnswer } from './defaults.js';
import { idFromDirectory } from './rules.js';
import { ANSWER_NAMES, type AnswerName, type PackAnswers, answerFields, crossAnswerIssues } from './schema.js';
import { FIELDS } from './fields.js';
import type { Rule } from './rules.js';

export type AnswerOrigin = 'flag' | 'file' | 'directory' | 'default' | 'git' | 'prompt';

export interface AnswerSources {
  /** Answers given as flags, already converted from text. */
  flags: Partial<PackAnswers>;
  /** Answers read from `--answers FILE` (loadAnswersFile: each already passed its rule), and the file's name for messages. */
  file?: { path: string; answers: Partial<PackAnswers> };
  /** The positional target folder; its basename implies the pack id. */
  directory?: string;
  /** `--yes`: take every default. */
  yes: boolean;
  /** Prompts run only when stdin and stdout are a terminal. */
  prompter?: Prompter;
  /** `git config user.name`, the author's default. */
  gitAuthor?: string;
  /** Problems already found while reading the flags and the answers file; listed with the rest. */
  problems?: AnswerProblem[];
  /** Answers given (in the answers file) that broke a rule, as written: their problems are in `problems`. */
  refused?: Partial<Record<AnswerName, unknown>>;
  /** The answers file could not be read, so an answer not given elsewhere may be in it: not reported missing. */
  incomplete?: boolean;
  /** A rule the id's prompt adds: the folder the id implies must be usable (asked again if not). */
  checkIdTarget?: Rule<string>;
}

export interface ResolvedAnswers {
  answers: PackAnswers;
  origins: Record<AnswerName, AnswerOrigin>;
}

/**
 * One rule for every answer: a flag, else the answers file, else the default (with `--yes`
 * or without a terminal), else a prompt. Without a terminal, a missing answer with no
 * default is an error naming its flag. Throws AnswersError listing every problem.
 */
export async function resolveAnswers(sources: AnswerSources): Promise<ResolvedAnswers> {
  const known: Partial<PackAnswers> = {};
  const origins = {} as Record<AnswerName, AnswerOrigin>;
  const take = <K extends AnswerName>(name: K, value: PackAnswers[K] | undefined, origin: AnswerOrigin) => {
    if (value === undefined || origins[name] !== undefined) return;
    known[name] = value;
    origins[name] = origin;
  };

  for (const name of ANSWER_NAMES) {
    take(name, sources.flags[name], 'flag');
    take(name, sources.file?.answers[name], 'file');
  }
  // The folder's name is the id's default: a flag or the answers file says it first.
  if (sources.directory !== undefined) take('name', idFromDirectory(sources.directory), 'directory');

  const file = sources.file?.path;
  const label = (path: readonly PropertyKey[]) => labelFor(path, origins, file);
  // Every problem of every source is listed at once: a bad answer is left out of `known` (so
  // nothing is derived from it) but stays in `origins` (so it is neither defaulted nor missing).
  const problems = [...(sources.problems ?? [])];
  const refused: Partial<Record<AnswerName, unknown>> = {};
  for (const [name, value] of Object.entries(sources.refused ?? {}) as [AnswerName, unknown][]) {
    if (origins[name] !== undefined) continue;
    refused[name] = value;
    origins[name] = 'file';
  }
  // Each answer is checked by its own rule once: the answers file's when it was read, flags
  // here, defaults and prompted answers at the end. `checked` holds what passed.
  const checked = new Set<AnswerName>();
  for (const name of ANSWER_NAMES) {
    if (known[name] === undefined) continue;
    if (origins[name] === 'file') {
      checked.add(name);
      continue;
    }
    const parsed = answerFields[name].safeParse(known[name]);
    if (parsed.success) {
      // The rule's output (an env entry's fields in the schema's order), as the whole schema gives it.
      (known as Record<string, unknown>)[name] = parsed.data;
      checked.add(name);
      continue;
    }
    problems.push(...problemsFromZod(parsed.error, known[name], (path) => label([name, ...path])));
    refused[name] = known[name];
    delete known[name];
  }
  // The answers that tie together are checked on what was given, broken or not (a key given
  // twice is worth saying even while another entry is wrong).
  const crossProblems = () => {
    const given = { ...known, ...refused } as Partial<PackAnswers>;
    return crossAnswerIssues(given).map(({ path, message }) => {
      const value = valueAt(given, path);
      return { answer: label(path), value: typeof value === 'object' ? undefined : value, reason: message };
    });
  };

  const interactive = sources.prompter !== undefined;
  if (interactive) {
    // Flags and files are fixed by editing the command, not by a prompt: refuse before asking.
    problems.push(...crossProblems());
    if (problems.length > 0) throw new AnswersError(problems);
  }
  if (interactive && !sources.yes) {
    const alsoCheck = sources.checkIdTarget && sources.directory === undefined ? { name: sources.checkIdTarget } : {};
    await askForAnswers(known, origins, sources.prompter!, { gitAuthor: sources.gitAuthor, alsoCheck });
  } else {
    // Defaults depend on earlier answers (permissions on kind), so fill in answer order.
    for (const name of ANSWER_NAMES) take(name, defaultAnswer(name, known, sources), FIELDS[name].fallbackSource ?? 'default');
  }

  // An answer whose default waits on a missing one (display name on the id, permissions on
  // the kind: the table's defaultFrom) is not reported: giving the first one settles it.
  const missing = ANSWER_NAMES.filter((name) => {
    const waitsOn: AnswerName | undefined = FIELDS[name].defaultFrom;
    return known[name] === undefined && origins[name] === undefined && !(waitsOn && known[waitsOn] === undefined);
  });
  if (!sources.incomplete)
    problems.push(
      ...missing.map((name) => ({
        answer: FLAG_FOR[name],
        reason:
          name === 'name'
            ? 'is missing: give the target folder (e.g. pack-weather) or --name'
            : `is missing: no terminal to ask on, so pass ${FLAG_FOR[name]}${defaultAnswer(name, known, { yes: true }) !== undefined ? ' (or --yes to take the defaults)' : ''}`,
      })),
    );
  problems.push(...crossProblems());
  if (problems.length > 0) throw new AnswersError(problems);

  // The rest (a default can break a rule too: a git user name that is too long); the answers
  // that tie together were checked above. What packAnswersSchema says, each rule run once.
  const answers: Record<string, unknown> = {};
  for (const name of ANSWER_NAMES) {
    if (checked.has(name)) {
      answers[name] = known[name];
      continue;
    }
    const parsed = answerFields[name].safeParse(known[name]);
    if (parsed.success) answers[name] = parsed.data;
    else problems.push(...problemsFromZod(parsed.error, known[name], (path) => label([name, ...path])));
  }
  if (problems.length > 0) throw new AnswersError(problems);
  return { answers: answers as PackAnswers, origins };
}

function labelFor(path: readonly PropertyKey[], origins: Record<AnswerName, AnswerOrigin>, file?: string): string {
  const name = path[0] as AnswerName;
  const origin = origins[name];
  if (origin === 'file' && file) return `${file}: ${pathLabel(path)}`;
  if (origin === 'directory') return 'the pack id from the target folder (or pass --name)';
  const flag = FLAG_FOR[name] ?? String(name);
  const rest = path.slice(1);
  if (name === 'env' && typeof rest[0] === 'number')
    return `${flag} #${rest[0] + 1}${rest.length > 1 ? ` ${pathLabel(rest.slice(1))}` : ''}`;
  return flag;
}
