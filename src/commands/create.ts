import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type LoadedAnswers, loadAnswersFile } from '../answers/answers-file.js';
import { DEFAULT_INVOCATION, equivalentCommand } from '../answers/equivalent-command.js';
import { type AnswerFlags, answersFromFlags } from '../answers/flags.js';
import type { Prompter } from '../answers/prompter.js';
import { type ResolvedAnswers, resolveAnswers } from '../answers/resolve.js';
import type { PackAnswers } from '../answers/schema.js';
import { answersSummary } from '../answers/summary.js';
import { MANIFEST_FILE, RECORD_FILE } from '../checks/pack-reader.js';
import { TargetError } from '../write/errors.js';
import { RunGuard } from '../write/run-guard.js';
import { inspectTarget } from '../write/target.js';
import { makePack } from './make-pack.js';
import { packNodeNote } from '../plan/pack-node.js';
import { EXIT, ExitError } from '../util/exit-codes.js';
import type { Output } from '../util/output.js';
import { GENERATOR_NAME, PATHS, generatorVersion } from '../util/paths.js';
import { shellQuote } from '../util/shell.js';

export interface CreateOptions extends AnswerFlags {
  answers?: string;
  yes?: boolean;
  force?: boolean;
  dryRun?: boolean;
}

export interface CreateContext {
  out: Output;
  /** Present only when stdin and stdout are a terminal. */
  prompter?: Prompter;
  /** The author's default (`git config user.name`): asked only when no flag or answers file gives the author. */
  gitAuthor?: () => Promise<string | undefined>;
  /** Where the run is, for a SIGINT or SIGTERM handler (see RunGuard). */
  guard?: RunGuard;
  /** How the kit was started, shell-quoted (`node dist/cli/create-khal-pack.js`), for the replay command. */
  invocation?: string;
}

export interface CreateResult {
  answers: PackAnswers;
  folder: string;
  files: string[];
  overwritten: string[];
  written: boolean;
}

export async function createCommand(
  directory: string | undefined,
  options: CreateOptions,
  context: CreateContext,
): Promise<CreateResult> {
  const guard = context.guard ?? new RunGuard();
  // On a terminal the folder is checked before the first question, not after the last.
  if (context.prompter && directory !== undefined) checkTarget(directory, options.force ?? false);
  const resolved = await collectAnswers(directory, options, context);
  const { answers } = resolved;
  const folderArgument = directory ?? `pack-${answers.name}`;
  const prompted = Object.values(resolved.origins).includes('prompt');
  try {
    return await createPack(answers, folderArgument, options, context, guard, resolved);
  } catch (error) {
    // A refusal after the questions: the answers are not lost, the replay command says them all.
    if (prompted && error instanceof Error && !guard.interrupted) error.message += `\n${replayLines(answers, folderArgument, context, false)}`;
    throw error;
  }
}

async function createPack(
  answers: PackAnswers,
  folderArgument: string,
  options: CreateOptions,
  context: CreateContext,
  guard: RunGuard,
  resolved: ResolvedAnswers,
): Promise<CreateResult> {
  const target = checkTarget(folderArgument, options.force ?? false);
  const prompted = Object.values(resolved.origins).includes('prompt');
  if (context.prompter && prompted) {
    context.out.info(answersSummary(answers, `About to create ${folderArgument}/:`));
    const go = await context.prompter.confirm({ message: 'Create this pack?', default: true });
    if (!go) throw new ExitError(EXIT.failed, 'Cancelled: nothing was written.');
  }
  // --yes takes answers nobody typed (the author from git): say where each came from, after the report.
  const sources = () =>
    options.yes && context.out.info(answersSummary(answers, 'The answers (and where each came from):', { origins: resolved.origins, file: options.answers }));

  const made = await makePack(answers, target, { dryRun: options.dryRun, guard });
  if (!made.written) {
    context.out.info(dryRunReport(folderArgument, made.files, made.overwritten));
    sources();
    return { answers, folder: target.folder, ...made };
  }
  context.out.info(doneReport(folderArgument, made.files, made.overwritten));
  sources();
  if (prompted) context.out.info(`\n${replayLines(answers, folderArgument, context, true)}\n`);
  return { answers, folder: target.folder, ...made };
}

async function collectAnswers(
  directory: string | undefined,
  options: CreateOptions,
  context: CreateContext,
): Promise<ResolvedAnswers> {
  const fromFlags = answersFromFlags(options);
  const problems = [...fromFlags.problems];
  let file: { path: string; answers: Partial<PackAnswers> } | undefined;
  let incomplete = false;
  let refused: LoadedAnswers['refused'] = {};
  if (options.answers !== undefined) {
    const loaded = await loadAnswersFile(options.answers);
    file = { path: options.answers, answers: loaded.answers };
    problems.push(...loaded.problems);
    incomplete = !loaded.readable;
    refused = loaded.refused;
  }
  return resolveAnswers({
    flags: fromFlags.answers,
    file,
    directory,
    yes: options.yes ?? false,
    prompter: context.prompter,
    // Running git takes milliseconds, and an author given (or refused) needs no default.
    gitAuthor: [fromFlags.answers.author, file?.answers.author, refused.author].some((given) => given !== undefined) ? undefined : await context.gitAuthor?.(),
    problems,
    refused,
    incomplete,
    checkIdTarget: idTargetRule((id) => `pack-${id}`, options.force ?? false),
  });
}

/** The rule an interactive id answer adds: the folder it implies (`folderOf`) must be able to take the pack. */
export function idTargetRule(folderOf: (id: string) => string, force = false): (id: string) => string | undefined {
  return (id) => {
    try {
      checkTarget(folderOf(id), force);
      return undefined;
    } catch (error) {
      if (error instanceof TargetError) return `cannot be used: ${error.message}`;
      throw error;
    }
  };
}

/**
 * The command that makes the same pack without prompts, as the user started the kit. When a
 * flag cannot say an answer, the answers file does: the pack's own once it is written.
 */
function replayLines(answers: PackAnswers, folder: string, context: CreateContext, written: boolean): string {
  const invocation = context.invocation ?? DEFAULT_INVOCATION;
  const command = equivalentCommand(answers, folder, invocation);
  if (command) return `To make the same pack without prompts:\n  ${command}`;
  if (written) return `To make the same pack without prompts:\n  ${invocation} ${shellQuote(folder)} --answers ${shellQuote(path.join(folder, RECORD_FILE))}`;
  return `To make the same pack without prompts, save these answers as answers.json:\n${JSON.stringify(answers, null, 2)}\nthen run:\n  ${invocation} ${shellQuote(folder)} --answers answers.json`;
}

/** A pack inside a pack: what a replay run from inside a pack would make. Refused, saying where to run it. */
function refusePackInsidePack(folder: string): void {
  const absolute = path.resolve(folder);
  for (let parent = path.dirname(absolute); parent !== path.dirname(parent); parent = path.dirname(parent)) {
    const marker = [MANIFEST_FILE, RECORD_FILE].find((file) => existsSync(path.join(parent, file)));
    if (marker === undefined) continue;
    const outside = path.relative(process.cwd(), path.dirname(parent)) || '.';
    throw new TargetError(
      `${folder} would be inside the pack at ${parent} (it holds ${marker}): a pack cannot hold another pack. Run create-khal-pack from outside it, e.g. from ${outside} (to replay that pack: cd ${shellQuote(outside)} && create-khal-pack <new folder> --answers ${shellQuote(path.join(path.basename(parent), RECORD_FILE))}). Nothing was written.`,
    );
  }
}

/** The target folder as the writer sees it; refused inside another pack (a replay run from within one). */
function checkTarget(folder: string, force: boolean) {
  refusePackInsidePack(folder);
  return inspectTarget(folder, force);
}

function dryRunReport(folder: string, files: string[], overwritten: string[]): string {
  const replaced = new Set(overwritten);
  return [
    `Dry run: would write ${files.length} files into ${folder}/ (nothing was written):`,
    ...files.map((file) => `  ${replaced.has(file) ? 'overwrite' : 'create   '} ${file}`),
  ].join('\n');
}

function doneReport(folder: string, files: string[], overwritten: string[]): string {
  const lines = [`Created ${folder}/ with ${files.length} files:`, ...files.map((file) => `  ${file}`)];
  if (overwritten.length > 0) lines.push(`Overwrote ${overwritten.length} existing ${overwritten.length === 1 ? 'file' : 'files'} (--force):`, ...overwritten.map((file) => `  ${file}`));
  const here = path.resolve(folder) === process.cwd();
  const nodeNote = packNodeNote(process.versions.node);
  lines.push('', 'Next steps:', ...(here ? [] : [`  cd ${shellQuote(folder)}`]), ...unpublishedKitSteps(), '  bun install', ...(nodeNote ? [nodeNote] : []), '  bun run typecheck && bun run test && bun run build');
  return lines.join('\n');
}

/**
 * A kit run from a clone of its repository may be a version the registry does not have, and the
 * pack pins it as a development dependency: the steps that install it from this build instead.
 */
function unpublishedKitSteps(): string[] {
  if (!existsSync(path.join(PATHS.root, '.git'))) return [];
  const tarball = path.join(tmpdir(), `${GENERATOR_NAME}-${generatorVersion()}.tgz`);
  return [
    `  npm pack --pack-destination ${shellQuote(tmpdir())} ${shellQuote(PATHS.root)}   # this kit comes from a clone: install the pack's pin of it from this build`,
    `  npm pkg set devDependencies.${GENERATOR_NAME}=${shellQuote(`file:${tarball}`)}`,
  ];
}
