import path from 'node:path';
import { type LoadedAnswers, loadAnswersFile } from '../answers/answers-file.js';
import { describeEnvEntry } from '../answers/env-flag.js';
import { equivalentCommand } from '../answers/equivalent-command.js';
import { type AnswerFlags, answersFromFlags } from '../answers/flags.js';
import type { Prompter } from '../answers/prompter.js';
import { type ResolvedAnswers, resolveAnswers } from '../answers/resolve.js';
import type { PackAnswers } from '../answers/schema.js';
import { RunGuard } from '../write/run-guard.js';
import { inspectTarget } from '../write/target.js';
import { makePack } from './make-pack.js';
import { EXIT, ExitError } from '../util/exit-codes.js';
import type { Output } from '../util/output.js';
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
  gitAuthor?: string;
  /** Where the run is, for a SIGINT or SIGTERM handler (see RunGuard). */
  guard?: RunGuard;
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
  const resolved = await collectAnswers(directory, options, context);
  const { answers } = resolved;
  const folderArgument = directory ?? `pack-${answers.name}`;
  const target = inspectTarget(folderArgument, options.force ?? false);

  const prompted = Object.values(resolved.origins).includes('prompt');
  if (context.prompter && prompted) {
    context.out.info(summary(answers, folderArgument));
    const go = await context.prompter.confirm({ message: 'Create this pack?', default: true });
    if (!go) throw new ExitError(EXIT.failed, 'Cancelled: nothing was written.');
  }

  const made = await makePack(answers, target, { dryRun: options.dryRun, guard });
  if (!made.written) {
    context.out.info(dryRunReport(folderArgument, made.files, made.overwritten));
    return { answers, folder: target.folder, ...made };
  }
  context.out.info(doneReport(folderArgument, made.files, made.overwritten));
  if (prompted) {
    const command = equivalentCommand(answers, folderArgument);
    context.out.info(
      command
        ? `\nTo make the same pack without prompts:\n  ${command}\n`
        : `\nTo make the same pack without prompts:\n  npx create-khal-pack ${shellQuote(folderArgument)} --answers ${shellQuote(path.join(folderArgument, '.khal-pack.json'))}\n`,
    );
  }
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
    gitAuthor: context.gitAuthor,
    problems,
    refused,
    incomplete,
  });
}

function summary(answers: PackAnswers, folder: string): string {
  const env =
    answers.env.length === 0
      ? 'none'
      : answers.env
          .map(describeEnvEntry)
          .join(', ');
  return [
    '',
    `About to create ${folder}/:`,
    `  id            ${answers.name}`,
    `  display name  ${answers.displayName}`,
    `  description   ${answers.description}`,
    `  author        ${answers.author}`,
    `  kind          ${answers.kind}`,
    `  permissions   ${answers.permissions.join(', ') || 'none'}`,
    `  env entries   ${env}`,
    `  version       ${answers.version}`,
    ...(answers.kind === 'full-stack' ? [`  port          ${answers.port}`, `  registry      ${answers.registry}`] : []),
    `  npm scope     ${answers.scope}`,
    '',
  ].join('\n');
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
  lines.push('', 'Next steps:', ...(here ? [] : [`  cd ${shellQuote(folder)}`]), '  bun install', '  bun run typecheck && bun run test && bun run build');
  return lines.join('\n');
}
