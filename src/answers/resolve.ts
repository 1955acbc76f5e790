import { FLAG_FOR } from './flags.js';
import { type AnswerProblem, AnswersError, pathLabel, problemsFromZod } from './problems.js';
import type { Prompter } from './prompter.js';
import { askForAnswers } from './prompts.js';
import { defaultAnswer } from './defaults.js';
import { idFromDirectory } from './rules.js';
import { ANSWER_NAMES, type AnswerName, type PackAnswers, answerFields, packAnswersSchema } from './schema.js';

export type AnswerOrigin = 'flag' | 'file' | 'directory' | 'default' | 'prompt';

export interface AnswerSources {
  /** Answers given as flags, already converted from text. */
  flags: Partial<PackAnswers>;
  /** Answers read from `--answers FILE`, and the file's name for messages. */
  file?: { path: string; answers: Partial<PackAnswers> };
  /** The positional target folder; its basename implies the pack id. */
  directory?: string;
  /** `--yes`: take every default. */
  yes: boolean;
  /** Prompts run only when stdin and stdout are a terminal. */
  prompter?: Prompter;
  /** `git config user.name`, the author's default. */
  gitAuthor?: string;
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

  const problems = checkGivenAnswers(known, origins, sources.file?.path);
  if (problems.length > 0) throw new AnswersError(problems);

  const interactive = sources.prompter !== undefined;
  if (interactive && !sources.yes) {
    await askForAnswers(known, origins, sources.prompter!, { gitAuthor: sources.gitAuthor });
  } else {
    // Defaults depend on earlier answers (permissions on kind), so fill in answer order.
    for (const name of ANSWER_NAMES) take(name, defaultAnswer(name, known, sources), 'default');
    if (interactive) await askForAnswers(known, origins, sources.prompter!, { gitAuthor: sources.gitAuthor });
  }

  // An answer whose default waits on a missing one (display name on the id, permissions on
  // the kind) is not reported: giving the first one settles it.
  const dependsOnMissing: Partial<Record<AnswerName, AnswerName>> = { displayName: 'name', permissions: 'kind' };
  const missing = ANSWER_NAMES.filter(
    (name) => known[name] === undefined && !(dependsOnMissing[name] && known[dependsOnMissing[name]] === undefined),
  );
  if (missing.length > 0)
    throw new AnswersError(
      missing.map((name) => ({
        answer: FLAG_FOR[name],
        reason:
          name === 'name'
            ? 'is missing: give the target folder (e.g. pack-weather) or --name'
            : `is missing: no terminal to ask on, so pass ${FLAG_FOR[name]}${name === 'kind' || name === 'description' ? ' (or --yes to take the defaults)' : ''}`,
      })),
    );

  const parsed = packAnswersSchema.safeParse(known);
  if (!parsed.success)
    throw new AnswersError(problemsFromZod(parsed.error, known, (path) => labelFor(path, origins, sources.file?.path)));
  return { answers: parsed.data as PackAnswers, origins };
}

/** Checks each given answer on its own, so that every problem of every source is reported at once. */
function checkGivenAnswers(
  known: Partial<PackAnswers>,
  origins: Record<AnswerName, AnswerOrigin>,
  file: string | undefined,
): AnswerProblem[] {
  const problems: AnswerProblem[] = [];
  for (const name of ANSWER_NAMES) {
    if (known[name] === undefined) continue;
    const parsed = answerFields[name].safeParse(known[name]);
    if (!parsed.success)
      problems.push(
        ...problemsFromZod(parsed.error, known[name], (path) => labelFor([name, ...path], origins, file)),
      );
  }
  return problems;
}

function labelFor(path: readonly PropertyKey[], origins: Record<AnswerName, AnswerOrigin>, file?: string): string {
  const name = path[0] as AnswerName;
  const origin = origins[name];
  if (origin === 'file' && file) return `${file}: ${pathLabel(path)}`;
  if (origin === 'directory') return 'the target folder name (pack id)';
  const flag = FLAG_FOR[name] ?? String(name);
  const rest = path.slice(1);
  if (name === 'env' && typeof rest[0] === 'number')
    return `${flag} #${rest[0] + 1}${rest.length > 1 ? ` ${pathLabel(rest.slice(1))}` : ''}`;
  if (name === 'permissions' && typeof rest[0] === 'number') return flag;
  return flag;
}
