import { parseEnvFlag } from './env-flag.js';
import type { AnswerProblem } from './problems.js';
import type { AnswerName, EnvEntryAnswer, PackAnswers } from './schema.js';
import type { PackKind, Permission } from './rules.js';

/** `--permission none`: a pack that asks for no permission. */
export const NO_PERMISSIONS = 'none';

/** The flag that sets each answer. */
export const FLAG_FOR: Record<AnswerName, string> = {
  name: '--name',
  displayName: '--display-name',
  description: '--description',
  author: '--author',
  kind: '--kind',
  permissions: '--permission',
  env: '--env',
  version: '--version-number',
  port: '--port',
  scope: '--scope',
  registry: '--registry',
};

/** The answer flags as commander hands them over: strings, and arrays for repeatable flags. */
export interface AnswerFlags {
  name?: string;
  displayName?: string;
  description?: string;
  author?: string;
  kind?: string;
  permission?: string[];
  env?: string[];
  versionNumber?: string;
  port?: string;
  scope?: string;
  registry?: string;
}

/** Converts flag strings to answer values; the answer rules are applied later, to every source alike. */
export function answersFromFlags(flags: AnswerFlags): { answers: Partial<PackAnswers>; problems: AnswerProblem[] } {
  const answers: Partial<PackAnswers> = {};
  const problems: AnswerProblem[] = [];
  const copy = <K extends 'name' | 'displayName' | 'description' | 'author' | 'scope' | 'registry'>(key: K) => {
    if (flags[key] !== undefined) answers[key] = flags[key];
  };
  copy('name');
  copy('displayName');
  copy('description');
  copy('author');
  copy('scope');
  copy('registry');
  if (flags.kind !== undefined) answers.kind = flags.kind as PackKind;
  if (flags.versionNumber !== undefined) answers.version = flags.versionNumber;
  if (flags.permission !== undefined) {
    const values = flags.permission.flatMap((value) => value.split(',')).map((value) => value.trim());
    if (values.includes(NO_PERMISSIONS) && values.length > 1)
      problems.push({
        answer: FLAG_FOR.permissions,
        value: NO_PERMISSIONS,
        reason: `means no permission at all, so it cannot be combined with ${values.filter((value) => value !== NO_PERMISSIONS).join(', ')}`,
      });
    else answers.permissions = (values[0] === NO_PERMISSIONS ? [] : values) as Permission[];
  }
  if (flags.port !== undefined) {
    if (/^\d+$/.test(flags.port.trim())) answers.port = Number(flags.port.trim());
    else problems.push({ answer: FLAG_FOR.port, value: flags.port, reason: 'must be a whole number from 1024 to 65535, e.g. 8080' });
  }
  if (flags.env !== undefined) {
    const entries: EnvEntryAnswer[] = [];
    flags.env.forEach((text) => {
      const parsed = parseEnvFlag(text);
      if ('error' in parsed) problems.push({ answer: FLAG_FOR.env, value: text, reason: parsed.error });
      else entries.push(parsed.entry as EnvEntryAnswer);
    });
    answers.env = entries;
  }
  return { answers, problems };
}
