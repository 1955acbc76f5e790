import path from 'node:path';
import { readAnswersFile } from '../answers/answers-file.js';
import { equivalentCommand } from '../answers/equivalent-command.js';
import { type AnswerFlags, answersFromFlags } from '../answers/flags.js';
import { AnswersError } from '../answers/problems.js';
import type { Prompter } from '../answers/prompter.js';
import { type ResolvedAnswers, resolveAnswers } from '../answers/resolve.js';
import type { PackAnswers } from '../answers/schema.js';
import { verifyRenderedFiles } from '../checks/verify-pack.js';
import { GenerationError, renderPack } from '../generation/render-pack.js';
import {
  commitStagedPack,
  createStagingFolder,
  existingFiles,
  inspectTarget,
  removeFolder,
} from '../generation/write-pack.js';
import { EXIT, ExitError } from '../util/exit-codes.js';
import type { Output } from '../util/output.js';

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
  /** Told the staging folder while it exists, so an interrupt can remove it. */
  onStaging?: (folder: string | undefined) => void;
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
  const resolved = await collectAnswers(directory, options, context);
  const { answers } = resolved;
  const folderArgument = directory ?? `pack-${answers.name}`;
  const target = await inspectTarget(folderArgument, options.force ?? false);

  const prompted = Object.values(resolved.origins).includes('prompt');
  if (context.prompter && prompted) {
    context.out.info(summary(answers, folderArgument));
    const go = await context.prompter.confirm({ message: 'Create this pack?', default: true });
    if (!go) throw new ExitError(EXIT.failed, 'Cancelled: nothing was written.');
  }

  const staging = await createStagingFolder(target.folder);
  context.onStaging?.(staging);
  try {
    const files = await renderPack(answers, staging);
    const findings = await verifyRenderedFiles(staging, files);
    if (findings.length > 0)
      throw new GenerationError(
        `The generated pack failed its own checks, so nothing was written:\n${findings
          .map((finding) => `  - ${finding.file}${finding.field ? ` ${finding.field}` : ''}: ${finding.message}`)
          .join('\n')}`,
      );
    const overwritten = await existingFiles(target, files);
    if (options.dryRun) {
      context.out.info(dryRunReport(folderArgument, files, overwritten));
      return { answers, folder: target.folder, files, overwritten, written: false };
    }
    await commitStagedPack(staging, target, files);
    context.out.info(doneReport(folderArgument, files, overwritten));
    if (prompted) {
      const command = equivalentCommand(answers, folderArgument);
      context.out.info(
        command
          ? `\nTo make the same pack without prompts:\n  ${command}\n`
          : `\nTo make the same pack without prompts:\n  npx create-khal-pack ${folderArgument} --answers ${path.join(folderArgument, '.khal-pack.json')}\n`,
      );
    }
    return { answers, folder: target.folder, files, overwritten, written: true };
  } finally {
    await removeFolder(staging);
    context.onStaging?.(undefined);
  }
}

async function collectAnswers(
  directory: string | undefined,
  options: CreateOptions,
  context: CreateContext,
): Promise<ResolvedAnswers> {
  const fromFlags = answersFromFlags(options);
  const problems = [...fromFlags.problems];
  let file: { path: string; answers: Partial<PackAnswers> } | undefined;
  if (options.answers !== undefined) {
    try {
      file = { path: options.answers, answers: await readAnswersFile(options.answers) };
    } catch (error) {
      if (!(error instanceof AnswersError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new AnswersError(problems);
  return resolveAnswers({
    flags: fromFlags.answers,
    file,
    directory,
    yes: options.yes ?? false,
    prompter: context.prompter,
    gitAuthor: context.gitAuthor,
  });
}

function summary(answers: PackAnswers, folder: string): string {
  const env =
    answers.env.length === 0
      ? 'none'
      : answers.env
          .map((entry) => `${entry.key} (${entry.type}, ${entry.required ? 'required' : 'optional'}${entry.default === undefined ? '' : `, default ${JSON.stringify(entry.default)}`})`)
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
  if (overwritten.length > 0) lines.push(`Overwrote ${overwritten.length} existing files (--force):`, ...overwritten.map((file) => `  ${file}`));
  lines.push('', 'Next steps:', `  cd ${folder}`, '  bun install', '  bun run typecheck && bun run test && bun run build');
  return lines.join('\n');
}
