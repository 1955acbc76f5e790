import { shellQuote } from '../util/shell.js';
import { ANSWER_NAMES, FIELDS, fieldOf } from './fields.js';
import type { PackAnswers } from './schema.js';

/** How the kit is run when the bin cannot tell (the package's name on the registry). */
export const DEFAULT_INVOCATION = 'npx create-khal-pack';

/**
 * The non-interactive command that makes the same pack: every answer as a flag, so a workshop
 * step can be replayed exactly. `invocation` is how the kit was started, already shell-quoted.
 * Returns undefined when an answer cannot be said as a flag (an env default holding "#");
 * `.khal-pack.json` with --answers still replays it.
 */
export function equivalentCommand(answers: PackAnswers, directory: string, invocation = DEFAULT_INVOCATION): string | undefined {
  const flags: string[] = [];
  for (const name of ANSWER_NAMES) {
    const values = fieldOf(name).toFlag(answers[name]);
    if (values === undefined) return undefined;
    flags.push(...values.flatMap((value) => flagArguments(FIELDS[name].flag, value)));
  }
  return [invocation, ...folderFirst(directory, flags).map(shellQuote)].join(' ');
}

/** `--flag value`, or `--flag=value` for a value that would read as a flag of its own. */
export function flagArguments(flag: string, value: string): string[] {
  return value.startsWith('-') ? [`${flag}=${value}`] : [flag, value];
}

/** The folder first, where it cannot be mistaken for a flag's value; after `--` when it looks like a flag. */
export function folderFirst(directory: string, flags: string[]): string[] {
  return directory.startsWith('-') ? [...flags, '--', directory] : [directory, ...flags];
}
