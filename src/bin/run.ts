import type { Command } from 'commander';
import { AnswersError } from '../answers/problems.js';
import { GenerationError, TargetError } from '../write/errors.js';
import { EXIT, ExitError } from '../util/exit-codes.js';
import { consoleOutput } from '../util/output.js';

/** Runs a command body and turns what it throws into a message and one of the documented exit codes. */
export async function runCommand(body: () => Promise<number | void>): Promise<void> {
  try {
    process.exitCode = (await body()) ?? EXIT.ok;
  } catch (error) {
    process.exitCode = exitCodeFor(error);
    if (process.exitCode === EXIT.interrupted) consoleOutput.error('Interrupted: nothing was written.');
    else consoleOutput.error(messageFor(error));
  }
}

export function exitCodeFor(error: unknown): number {
  if (error instanceof ExitError) return error.exitCode;
  if (error instanceof AnswersError || error instanceof TargetError) return EXIT.usage;
  if (error instanceof Error && error.name === 'ExitPromptError') return EXIT.interrupted;
  return EXIT.failed;
}

function messageFor(error: unknown): string {
  if (error instanceof AnswersError) return `${error.message}\nNothing was written.`;
  if (error instanceof TargetError || error instanceof ExitError || error instanceof GenerationError) return error.message;
  // A system error (it carries an errno code, e.g. EACCES) is about the disk, not a bug: its
  // message says what and where. Anything else is a bug: the stack helps to report it.
  if (error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string') return `Failed: ${error.message}`;
  return `Failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}

/**
 * A usage mistake commander lets through: an option whose value is missing takes the next flag
 * as its value (`--author --yes` makes the author "--yes"). Returns the message, or undefined.
 */
export function flagTakenAsValue(command: Command): string | undefined {
  const flags = new Set(command.options.flatMap((option) => [option.long, option.short]).filter((flag): flag is string => flag !== undefined));
  for (const option of command.options) {
    if (!option.required && !option.optional) continue;
    const value: unknown = command.getOptionValue(option.attributeName());
    const values = Array.isArray(value) ? value : [value];
    const taken = values.find((item): item is string => typeof item === 'string' && flags.has(item.split('=')[0]!));
    if (taken !== undefined)
      return `error: option '${option.flags}' got ${JSON.stringify(taken)} as its value, which is a flag: give ${option.long} its value right after it (quote a value with spaces, e.g. ${option.long} "two words")`;
  }
  return undefined;
}

/** A usage mistake found before any command runs: its message on stderr, then exit 2. */
export function exitForUsage(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(EXIT.usage);
}

/** `-V` with anything else: the kit's version was printed, not the pack's set (that is --version-number). */
export function versionFlagAmongOthers(args: string[]): string | undefined {
  if (args.length < 2 || !args.some((arg) => arg === '-V' || arg === '--version')) return undefined;
  return 'error: --version (-V) prints the version of this kit and takes no other arguments; to set the version of the pack, use --version-number <semver>';
}

/** What a run tells the signal handler: whether it may exit now, and the line to print then. */
export interface InterruptGuard {
  interrupt(): boolean;
  interruptMessage: string;
}

/**
 * SIGINT and SIGTERM: a run before its commit exits 130 at once (its guard drops the staging
 * folder); during the commit, the guard only asks the commit to undo itself and the run exits
 * 130 when it has. `guard` is read when the signal arrives.
 */
export function exitOnInterrupt(guard: () => InterruptGuard | undefined, message: string): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => {
      const current = guard();
      if (current && !current.interrupt()) return;
      // A prompt may have hidden the cursor; a signal skips its clean-up.
      if (process.stdout.isTTY) process.stdout.write('\u001b[?25h');
      process.stderr.write(`\n${current?.interruptMessage ?? message}\n`);
      process.exit(EXIT.interrupted);
    });
}
