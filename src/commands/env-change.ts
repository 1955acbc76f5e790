import { describeEnvEntry } from '../answers/env-flag.js';
import { AnswersError, pathLabel } from '../answers/problems.js';
import type { Prompter } from '../answers/prompter.js';
import { checkEnvKey } from '../answers/rules.js';
import type { EnvEntry, PackAnswers } from '../answers/schema.js';
import { type EnvChange, diffEnv, envChangesMarkdown } from '../checks/env-changes.js';
import { EXIT, ExitError } from '../util/exit-codes.js';
import type { Output } from '../util/output.js';
import type { RunGuard } from '../write/run-guard.js';
import { type ChangeOptions, type PackAnswersAt, changeAnswers, checkedAnswers, confirmChange, packNotes, withPackAnswers } from '../update/change-answers.js';
import type { ChangeResult } from '../update/apply-change.js';
import { reportChange } from '../update/change-report.js';

// `khal-pack env remove | rename | set` (and add, in add-env.ts): new answers with one env entry
// changed, through the engine; each says first what the change means for the pack's customers.

export interface EnvChangeOptions {
  dir?: string;
  dryRun?: boolean;
  json?: boolean;
  yes?: boolean;
  type?: string;
  description?: string;
  required?: boolean;
  optional?: boolean;
  default?: string;
}

export interface EnvChangeContext {
  out: Output;
  /** Present only when stdin and stdout are a terminal. */
  prompter?: Prompter;
  guard: RunGuard;
}

export async function envRemoveCommand(key: string, options: EnvChangeOptions, context: EnvChangeContext): Promise<number> {
  return withPackAnswers(options.dir, 'env remove', context.guard, async (at) => {
    entryOf(at.answers, key);
    const env = at.answers.env.filter((entry) => entry.key !== key);
    return runEnvChange(at, { ...at.answers, env }, `Removing the env entry ${key}`, options, context);
  });
}

export async function envRenameCommand(from: string, to: string, options: EnvChangeOptions, context: EnvChangeContext): Promise<number> {
  return withPackAnswers(options.dir, 'env rename', context.guard, async (at) => {
    entryOf(at.answers, from);
    const taken = to === from ? `is ${from}'s name already: give the new name` : 'is already an env entry of this pack: keys must be unique';
    const reason = checkEnvKey(to) ?? (at.answers.env.some((entry) => entry.key === to) ? taken : undefined);
    if (reason) throw new AnswersError([{ answer: 'NEW_KEY', value: to, reason }]);
    const env = at.answers.env.map((entry) => (entry.key === from ? { ...entry, key: to } : entry));
    return runEnvChange(at, { ...at.answers, env }, `Renaming the env entry ${from} to ${to}`, { ...options, renames: new Map([[from, to]]) }, context);
  });
}

export async function envSetCommand(key: string, options: EnvChangeOptions, context: EnvChangeContext): Promise<number> {
  return withPackAnswers(options.dir, 'env set', context.guard, async (at) => {
    const changed = changedEntry(entryOf(at.answers, key), options);
    const env = at.answers.env.map((entry) => (entry.key === key ? changed : entry));
    // A problem with the changed entry is named by the flag that gives it (--default "x"), not as env[2].default.
    const index = env.indexOf(changed);
    // A default the flags did not give is the entry's own, kept: say so, and which flag changes it.
    const flagOf = (path: readonly PropertyKey[]) => {
      if (path[0] !== 'env' || path[1] !== index || typeof path[2] !== 'string' || !(path[2] in ENTRY_FLAGS)) return pathLabel(path);
      return path[2] === 'default' && options.default === undefined ? `${key}'s default (kept: change it with --default)` : ENTRY_FLAGS[path[2]]!;
    };
    return runEnvChange(at, { ...at.answers, env }, `Changing the env entry ${describeEnvEntry(changed)}`, options, context, flagOf);
  });
}

const ENTRY_FLAGS: Record<string, string> = { type: '--type', description: '--description', required: '--required/--optional', default: '--default' };

/** The entry with the flags applied. A required entry or a secret has no default, so either drops it. */
function changedEntry(entry: EnvEntry, options: EnvChangeOptions): EnvEntry {
  const given = ['type', 'description', 'required', 'optional', 'default'].filter((flag) => options[flag as keyof EnvChangeOptions] !== undefined);
  if (given.length === 0)
    throw new ExitError(EXIT.usage, `env set ${entry.key} needs at least one of --type, --description, --required, --optional, --default (e.g. khal-pack env set ${entry.key} --optional --default 30)`);
  const problems = [];
  if (options.required && options.optional) problems.push({ answer: '--required/--optional', reason: 'give one of the two, not both' });
  if (options.required && options.default !== undefined) problems.push({ answer: '--default', value: options.default, reason: 'is only for optional entries: drop --required, or --default' });
  if (problems.length > 0) throw new AnswersError(problems);
  const next: EnvEntry = { ...entry };
  if (options.type !== undefined) next.type = options.type as EnvEntry['type'];
  if (options.description !== undefined) next.description = options.description;
  if (options.required) next.required = true;
  if (options.optional || options.default !== undefined) next.required = false;
  if (options.default !== undefined) next.default = options.default;
  if ((next.required || next.type === 'secret') && options.default === undefined) delete next.default;
  return next;
}

function entryOf(answers: PackAnswers, key: string): EnvEntry {
  const entry = answers.env.find((item) => item.key === key);
  if (entry) return entry;
  const keys = answers.env.map((item) => item.key);
  throw new ExitError(
    EXIT.usage,
    `${key} is not an env entry of ${answers.name}: ${keys.length === 0 ? 'the pack has none (khal-pack env add KEY adds one)' : `its entries are ${keys.join(', ')}`}`,
  );
}

async function runEnvChange(
  at: PackAnswersAt,
  after: PackAnswers,
  title: string,
  options: EnvChangeOptions & Pick<ChangeOptions, 'renames'>,
  context: EnvChangeContext,
  flagOf: (path: readonly PropertyKey[]) => string = pathLabel,
): Promise<number> {
  const confirm = () => confirmChange(context.prompter, `${title}: go ahead?`, options);
  return (await changeEnv(at, after, title, options, context, confirm, flagOf)).exitCode;
}

/**
 * The env entries of `at` become those of `after`, through the engine: says what the change means
 * for customers, asks (`confirm`, by default nothing), applies it and reports it. `flagOf` names
 * the flag behind a refused answer.
 */
export async function changeEnv(
  at: PackAnswersAt,
  after: PackAnswers,
  title: string,
  options: Pick<EnvChangeOptions, 'dryRun' | 'json'> & Pick<ChangeOptions, 'renames'>,
  context: EnvChangeContext,
  confirm: () => Promise<void> = async () => undefined,
  flagOf: (path: readonly PropertyKey[]) => string = pathLabel,
): Promise<{ result: ChangeResult; exitCode: number }> {
  const answers = checkedAnswers(after, flagOf);
  const envChanges = diffEnv(at.answers.env, answers.env);
  if (!options.json) context.out.info(customerImpact(envChanges));
  await confirm();
  const result = await changeAnswers(at, answers, { guard: context.guard, dryRun: options.dryRun, renames: options.renames });
  return { result, exitCode: reportChange(result, { out: context.out, json: options.json, title, envChanges, ...packNotes(at, result) }) };
}

/** The `env diff` of the change, as the release notes would say it. */
function customerImpact(changes: EnvChange[]): string {
  const breaking = changes.some((change) => change.level === 'breaking');
  const impact = envChangesMarkdown(changes, { from: 'the pack now', to: 'after this change' }).trimEnd();
  // One blank line before the report that follows.
  return breaking
    ? `${impact}\n\nThis is a breaking change for customers: release it as a major version (khal-pack release major writes the release notes with the env[] changes).\n`
    : `${impact}\n`;
}
