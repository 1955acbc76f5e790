import { shellQuote } from '../util/shell.js';
import { formatEnvFlag } from './env-flag.js';
import { FLAG_FOR, NO_PERMISSIONS } from './flags.js';
import type { PackAnswers } from './schema.js';

/**
 * The non-interactive command that makes the same pack: every answer as a flag, so a workshop
 * step can be replayed exactly. Returns undefined when an answer cannot be said as a flag
 * (an env default holding "#"); `.khal-pack.json` with --answers still replays it.
 */
export function equivalentCommand(answers: PackAnswers, directory: string): string | undefined {
  const envFlags = answers.env.map(formatEnvFlag);
  if (envFlags.some((flag) => flag === undefined)) return undefined;
  const parts = ['npx', 'create-khal-pack', directory];
  const add = (flag: string, value: string) => parts.push(flag, value);
  add(FLAG_FOR.name, answers.name);
  add(FLAG_FOR.displayName, answers.displayName);
  add(FLAG_FOR.description, answers.description);
  add(FLAG_FOR.author, answers.author);
  add(FLAG_FOR.kind, answers.kind);
  if (answers.permissions.length === 0) add(FLAG_FOR.permissions, NO_PERMISSIONS);
  for (const permission of answers.permissions) add(FLAG_FOR.permissions, permission);
  for (const flag of envFlags) add(FLAG_FOR.env, flag!);
  add(FLAG_FOR.version, answers.version);
  add(FLAG_FOR.port, String(answers.port));
  add(FLAG_FOR.scope, answers.scope);
  add(FLAG_FOR.registry, answers.registry);
  return parts.map(shellQuote).join(' ');
}
