import path from 'node:path';
import type { Command } from 'commander';
import { AnswersError } from '../answers/problems.js';
import { GenerationError, TargetError } from '../write/errors.js';
import { EXIT, ExitError } from '../util/exit-codes.js';
import { consoleOutput, stdoutUsed, writeTo } from '../util/output.js';
import { shellQuote } from '../util/shell.js';

/**
 * Runs a command body and turns what it throws into a message and one of the documented exit
 * codes. With --json, a command that stops before printing its JSON prints `{ "error": … }` on
 * stdout too, so that a program reading it learns why.
 */
export async function runCommand(body: () => Promise<number | void>, options: { json?: unknown } = {}): Promise<void> {
  try {
    process.exitCode = (await body()) ?? EXIT.ok;
  } catch (error) {
    process.exitCode = exitCodeFor(error);
    const message = process.exitCode === EXIT.interrupted ? 'Interrupted: nothing was written.' : messageFor(error);
    consoleOutput.error(message);
    if (options.json && !stdoutUsed()) consoleOutput.info(JSON.stringify({ error: { exitCode: process.exitCode, message } }, null, 2));
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

type CommandOption = Command['options'][number];

/** The command's options by every spelling (`--author`, `-y`). */
function optionsByFlag(command: Command): Map<string, CommandOption> {
  const byFlag = new Map<string, CommandOption>();
  for (const option of command.options) for (const flag of [option.long, option.short]) if (flag) byFlag.set(flag, option);
  return byFlag;
}

const takesValue = (option: CommandOption | undefined) => option !== undefined && (option.required || option.optional);

/**
 * A usage mistake commander lets through: an option whose value is missing takes the next flag
 * as its value (`--author --yes` makes the author "--yes"). `--author=--yes` says it is meant.
 * Returns the message, or undefined.
 */
export function flagTakenAsValue(command: Command, args: string[] = process.argv.slice(2)): string | undefined {
  const byFlag = optionsByFlag(command);
  for (let index = 0; index < args.length - 1; index++) {
    if (args[index] === '--') return undefined;
    const option = byFlag.get(args[index]!);
    if (!takesValue(option)) continue;
    const taken = args[++index]!;
    if (byFlag.has(taken.split('=')[0]!))
      return `error: option '${option!.flags}' got ${JSON.stringify(taken)} as its value, which is a flag: give ${option!.long} its value right after it (quote a value with spaces, e.g. ${option!.long} "two words")`;
  }
  return undefined;
}

/**
 * A word right after a flag's value (`--description Weather app`): the rest of an unquoted
 * value, or the target folder? Refused with the quoting hint, unless `--` comes before it.
 */
export function wordAfterFlagValue(command: Command, args: string[] = process.argv.slice(2)): string | undefined {
  const byFlag = optionsByFlag(command);
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === '--') return undefined;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const option = byFlag.get(flag);
    if (!takesValue(option)) continue;
    const value = inline ?? args[++index];
    if (value === undefined) return undefined;
    const words: string[] = [];
    while (index + 1 < args.length && !args[index + 1]!.startsWith('-')) words.push(args[++index]!);
    if (words.length === 0) continue;
    const meant = `${option!.long} ${readableQuote([value, ...words].join(' '))}`;
    return `error: did you mean ${meant}? ${words.map((word) => JSON.stringify(word)).join(' ')} follows the value of ${option!.long}, so it could be part of it or the target folder. Quote a value with spaces; name the folder first (${command.name()} <folder> ${option!.long} …) or after --.`;
  }
  return undefined;
}

/** A value in double quotes when the shell would keep it as typed there, else POSIX single quotes. */
function readableQuote(text: string): string {
  return /["$`\\!]/.test(text) ? shellQuote(text) : `"${text}"`;
}

/**
 * A usage mistake found before any command runs (by the kit or by commander, which has printed
 * it): its message on stderr, with `--json` as `{ "error": … }` on stdout too, then exit 2.
 */
export function exitForUsage(message: string, { printed = false }: { printed?: boolean } = {}): never {
  const args = process.argv.slice(2);
  if (!printed) writeTo(process.stderr, `${message}\n`);
  const options = args.includes('--') ? args.slice(0, args.indexOf('--')) : args;
  if (options.includes('--json')) writeTo(process.stdout, `${JSON.stringify({ error: { exitCode: EXIT.usage, message: message.trim() } }, null, 2)}\n`);
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

/**
 * How the user started the kit, as a shell command prefix for the replay line: `npx
 * create-khal-pack` under npx (or `npm init`), the bare name when it was found on PATH, else
 * `node <script>` as typed (relative to the current folder when it is inside it).
 */
export function invocationOf(name: string, argv: string[] = process.argv, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  const script = argv[1];
  if (script === undefined) return `npx ${name}`;
  // npm's variables reach every child of an npx run, so they count only when the bin link itself was run.
  if (env.npm_command === 'exec' && path.basename(script) === name)
    return (env.npm_config_user_agent ?? '').startsWith('pnpm/') ? `pnpm dlx ${name}` : `npx ${name}`;
  const onPath = (env.PATH ?? '')
    .split(path.delimiter)
    .some((folder) => folder !== '' && path.resolve(folder, name) === path.resolve(script));
  if (onPath) return name;
  const relative = path.relative(cwd, script);
  const shown = relative.startsWith('..') || path.isAbsolute(relative) ? script : relative;
  return `node ${shellQuote(shown)}`;
}
