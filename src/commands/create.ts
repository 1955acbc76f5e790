import path from 'node:path';
import { type LoadedAnswers, loadAnswersFile } from '../answers/answers-file.js';
import { equivalentCommand } from '../answers/equivalent-command.js';
import { type AnswerFlags, answersFromFlags } from '../answers/flags.js';
import type { Prompter } from '../answers/prompter.js';
import { type ResolvedAnswers, resolveAnswers } from '../answers/resolve.js';
import type { PackAnswers } from '../answers/schema.js';
import { userTexts, verifyRenderedFiles } from '../checks/verify-pack.js';
import { renderedPackFiles } from '../generation/template-render.js';
import { GenerationError } from '../generation/generation-error.js';
import { renderPack } from '../generation/render-pack.js';
import { PackWrite, inspectTarget } from '../generation/write-pack.js';
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

type Phase = 'answers' | 'render' | 'verify' | 'commit' | 'written';

/**
 * What an interrupt may do at each moment of a run. Before the commit nothing is in the
 * target: drop the staging folder and exit at once. During the commit, only ask it to stop:
 * it undoes its moves and the run exits 130 with the target as it was.
 */
export class RunGuard {
  phase: Phase = 'answers';
  write: PackWrite | undefined;
  interrupted = false;
  private wake: (() => void) | undefined;

  /** Called by the signal handler; true when the process may exit right away. */
  interrupt(): boolean {
    this.interrupted = true;
    this.wake?.();
    if (this.phase === 'commit') return false;
    // After the commit this drops only the staging folder (and the files --force replaced).
    this.write?.discardSync();
    return true;
  }

  /** The line printed on an interrupt that exits right away. */
  get interruptMessage(): string {
    return this.phase === 'written' ? 'Interrupted after the pack was written.' : 'Interrupted: nothing was written.';
  }

  /**
   * Test hook: with KHAL_PACK_TEST_PAUSE_AT=render|verify|commit the run stops at that phase
   * (for commit: after moving its first file) until it is interrupted, or 30 s pass, so that
   * the kill tests (test/input/kill.test.ts) land their signal there. Unset in real use.
   */
  async pauseForTests(phase: Phase): Promise<void> {
    if (process.env.KHAL_PACK_TEST_PAUSE_AT !== phase || this.interrupted) return;
    process.env.KHAL_PACK_TEST_PAUSE_AT = '';
    process.stderr.write(`[test] paused at ${phase}\n`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 30_000);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

export const interruptedError = () => new ExitError(EXIT.interrupted, 'Interrupted: nothing was written.');

export async function createCommand(
  directory: string | undefined,
  options: CreateOptions,
  context: CreateContext,
): Promise<CreateResult> {
  const guard = context.guard ?? new RunGuard();
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

  guard.phase = 'render';
  const write = await PackWrite.begin(target, {
    dryRun: options.dryRun,
    onBegin: (begun) => {
      guard.write = begun;
    },
  });
  try {
    await guard.pauseForTests('render');
    const files = await renderPack(answers, write.staging);
    guard.phase = 'verify';
    await guard.pauseForTests('verify');
    // Only what the answers reach can break: the verbatim copies are checked by the tests.
    const rendered = renderedPackFiles(answers.kind);
    const findings = await verifyRenderedFiles(write.staging, files.filter((file) => rendered.has(file)), userTexts(answers));
    if (findings.length > 0)
      throw new GenerationError(
        `The generated pack failed its own checks, so nothing was written:\n${findings
          .map((finding) => `  - ${finding.file}${finding.field ? ` ${finding.field}` : ''}: ${finding.message}`)
          .join('\n')}`,
      );
    const overwritten = await write.plan(files);
    if (options.dryRun) {
      context.out.info(dryRunReport(folderArgument, files, overwritten));
      return { answers, folder: target.folder, files, overwritten, written: false };
    }
    guard.phase = 'commit';
    await write.commit(files, {
      interrupted: () => guard.interrupted,
      afterEach: () => guard.pauseForTests('commit'),
      onInterrupt: interruptedError,
    });
    guard.phase = 'written';
    context.out.info(doneReport(folderArgument, files, overwritten));
    if (prompted) {
      const command = equivalentCommand(answers, folderArgument);
      context.out.info(
        command
          ? `\nTo make the same pack without prompts:\n  ${command}\n`
          : `\nTo make the same pack without prompts:\n  npx create-khal-pack ${shellQuote(folderArgument)} --answers ${shellQuote(path.join(folderArgument, '.khal-pack.json'))}\n`,
      );
    }
    return { answers, folder: target.folder, files, overwritten, written: true };
  } finally {
    write.discardSync();
    guard.write = undefined;
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
  if (overwritten.length > 0) lines.push(`Overwrote ${overwritten.length} existing ${overwritten.length === 1 ? 'file' : 'files'} (--force):`, ...overwritten.map((file) => `  ${file}`));
  const here = path.resolve(folder) === process.cwd();
  lines.push('', 'Next steps:', ...(here ? [] : [`  cd ${shellQuote(folder)}`]), '  bun install', '  bun run typecheck && bun run test && bun run build');
  return lines.join('\n');
}
