import { type AnswerProblem, AnswersError, problemsFromZod } from '../answers/problems.js';
import type { Prompter } from '../answers/prompter.js';
import { describeEnvEntry, parseEnvFlag } from '../answers/env-flag.js';
import { askEnvEntry } from '../answers/env-prompts.js';
import { flagArguments, folderFirst } from '../answers/equivalent-command.js';
import { type EnvType, type Rule, checkEnvDescription, checkEnvKey, checkEnvType } from '../answers/rules.js';
import { type EnvEntry, type PackAnswers, envEntrySchema } from '../answers/schema.js';
import { EXIT, ExitError } from '../util/exit-codes.js';
import type { Output } from '../util/output.js';
import { shellQuote } from '../util/shell.js';
import { RunGuard } from '../write/run-guard.js';
import { type PackAnswersAt, withPackAnswers } from '../update/change-answers.js';
import { changeEnv } from './env-change.js';

// `khal-pack add env [KEY]` (also `khal-pack env add`): the entry from flags and prompts, then
// the pack's answers with it, through the engine like every other change of the answers.

export interface AddEnvOptions {
  type?: string;
  description?: string;
  required?: boolean;
  optional?: boolean;
  default?: string;
  dir?: string;
  dryRun?: boolean;
  json?: boolean;
  yes?: boolean;
}

export interface AddEnvContext {
  out: Output;
  /** Present only when stdin and stdout are a terminal. */
  prompter?: Prompter;
  /** Shared with the signal handler: an interrupt before the commit drops the staging folder, during it undoes the moves. */
  guard?: RunGuard;
  /** How the user started khal-pack (`node bin/khal-pack.js`, `npx khal-pack`), for the replay command; default `khal-pack`. */
  invocation?: string;
}

export interface AddEnvResult {
  entry: EnvEntry;
  written: boolean;
  /** 0 done; 1 when a file needs the user's hand (a conflict). */
  exitCode: number;
}

/** `khal-pack add env [KEY]`: one entry into every file it lives in, or nothing at all. */
export async function addEnvCommand(key: string | undefined, options: AddEnvOptions, context: AddEnvContext): Promise<AddEnvResult> {
  const guard = context.guard ?? new RunGuard();
  return withPackAnswers(options.dir, 'add env', guard, (at) => addEnvTo(at, key, options, { ...context, guard }));
}

async function addEnvTo(at: PackAnswersAt, key: string | undefined, options: AddEnvOptions, context: AddEnvContext & { guard: RunGuard }): Promise<AddEnvResult> {
  if (at.answers.kind !== 'full-stack')
    throw new ExitError(
      EXIT.usage,
      `${at.answers.name} is a frontend-only pack: env entries need a service to inject them into. Make it full-stack first (khal-pack set --kind full-stack), then add the entry.`,
    );
  const { entry, asked } = await resolveEntry(key, options, at.answers.env, context.prompter);
  const after: PackAnswers = { ...at.answers, env: [...at.answers.env, entry] };
  const confirm = async () => {
    if (asked && !options.dryRun && !options.yes) await confirmEntry(entry, at.answers.name, context);
  };
  const { result, exitCode } = await changeEnv(at, after, `Adding the env entry ${describeEnvEntry(entry)}`, options, context, confirm);
  if (asked && !options.dryRun && !options.json)
    context.out.info(`\nTo add the same entry without prompts:\n  ${addEnvCommandLine(entry, options.dir, context.invocation)}\n`);
  return { entry, written: result.written, exitCode };
}

/** The add env command line that adds `entry` (in `dir`, when given). */
function addEnvCommandLine(entry: Partial<EnvEntry> & { key: string }, dir?: string, invocation = 'khal-pack'): string {
  const { key, type, required, description, default: value } = entry;
  const parts = [
    ...folderFirst(key, [
      ...flagArguments('--type', String(type)),
      ...flagArguments('--description', description ?? ''),
      ...(value === undefined ? [required ? '--required' : '--optional'] : flagArguments('--default', value)),
      ...(dir === undefined ? [] : flagArguments('--dir', dir)),
    ]),
  ];
  return [`${invocation} add env`, ...parts.map(shellQuote)].join(' ');
}

/** On a terminal, after the questions: what will be added, and a confirmation. */
async function confirmEntry(entry: EnvEntry, packId: string, { prompter, out, invocation }: AddEnvContext): Promise<void> {
  out.info(`\nAbout to add to ${packId}:\n  ${describeEnvEntry(entry)}: ${entry.description}\n`);
  if (!(await prompter!.confirm({ message: `Add ${entry.key} to the pack?`, default: true })))
    throw new ExitError(EXIT.failed, `Cancelled: nothing was changed.\nTo add it later without prompts:\n  ${addEnvCommandLine(entry, undefined, invocation)}`);
}

/** The entry from flags, then prompts for what is missing (on a terminal); judged by the same rules as at creation. */
async function resolveEntry(
  key: string | undefined,
  options: AddEnvOptions,
  existing: EnvEntry[],
  terminal: Prompter | undefined,
): Promise<{ entry: EnvEntry; asked: boolean }> {
  let asked = false;
  const prompter = terminal && recording(terminal, () => (asked = true));
  const problems: AnswerProblem[] = [];
  if (options.required && options.optional)
    problems.push({ answer: '--required/--optional', reason: 'give one of the two, not both' });
  const duplicate = (value: string) =>
    existing.some((entry) => entry.key === value) ? `is already an env entry of this pack: keys must be unique (khal-pack handoff lists them)` : undefined;
  const checkKey: Rule<string> = (value) => checkEnvKey(value) ?? duplicate(value);
  if (key !== undefined && /[:#]/.test(key)) {
    const parsed = parseEnvFlag(key);
    const hint = 'error' in parsed ? undefined : addEnvCommandLine(parsed.entry);
    if (hint) throw new AnswersError([{ answer: 'KEY', value: key, reason: `is create-khal-pack's --env syntax; add env takes the parts as flags: ${hint}` }]);
  }
  const early = (answer: string, value: string | undefined, rule: Rule<string>) => {
    if (value === undefined) return;
    const reason = rule(value);
    if (reason) problems.push({ answer, value, reason });
  };
  early('KEY', key, checkKey);
  early('--type', options.type, checkEnvType);
  early('--description', options.description, checkEnvDescription);
  if (problems.length > 0) throw new AnswersError(problems);

  const missing = [
    ...(key === undefined ? ['KEY'] : []),
    ...(options.type === undefined ? ['--type'] : []),
    ...(options.description === undefined ? ['--description'] : []),
  ];
  // A required entry is a breaking change for customers: never taken without being said.
  const undecided = !options.required && !options.optional && options.default === undefined;
  if ((missing.length > 0 || undecided) && !prompter)
    throw new AnswersError([
      ...missing.map((answer) => ({ answer, reason: `is required without a terminal to prompt on (e.g. khal-pack add env WEATHER_API_KEY --type secret --description "API key of the provider" --required)` })),
      ...(undecided
        ? [{ answer: '--required/--optional', reason: 'give one without a terminal to prompt on: a required entry is a breaking change (customers must supply it before they upgrade), an optional one (with --default, or none) is not' }]
        : []),
    ]);
  const required = options.required ? true : options.optional ? false : options.default !== undefined || !prompter ? options.default === undefined : undefined;
  const given: Partial<EnvEntry> = {
    ...(key === undefined ? {} : { key }),
    ...(options.description === undefined ? {} : { description: options.description }),
    ...(options.type === undefined ? {} : { type: options.type as EnvType }),
    ...(required === undefined ? {} : { required }),
    ...(options.default === undefined ? {} : { default: options.default }),
  };
  const entry = prompter
    ? await askEnvEntry(prompter, given, {
        checkKey,
        requiredNote: '; customers must supply it before upgrading',
        // A default is asked when the flags left the entry open, never behind a complete command line.
        askDefault: missing.length > 0 || (!options.required && !options.optional),
      })
    : (given as EnvEntry);
  const parsed = envEntrySchema.safeParse(entry);
  if (!parsed.success)
    throw new AnswersError(problemsFromZod(parsed.error, entry, (at) => (at[0] === 'default' ? '--default' : at[0] === 'key' ? 'KEY' : `--${String(at[0])}`)));
  return { entry: parsed.data, asked };
}

/** `prompter`, calling `onAsk` whenever it puts a question. */
function recording(prompter: Prompter, onAsk: () => void): Prompter {
  return {
    input: (question) => (onAsk(), prompter.input(question)),
    select: (question) => (onAsk(), prompter.select(question)),
    confirm: (question) => (onAsk(), prompter.confirm(question)),
    checkbox: (question) => (onAsk(), prompter.checkbox(question)),
  };
}
