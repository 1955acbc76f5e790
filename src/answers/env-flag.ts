import { type EnvType, closestChoice } from './rules.js';
import type { EnvEntry } from './env-entry.js';
import { quoted } from '../util/quoted.js';

export const ENV_FLAG_SYNTAX = 'KEY:type[:required|optional][=default]#description';
const REQUIREDNESS = ['required', 'optional'];

export type EnvFlagResult = { entry: Partial<EnvEntry> & { key: string } } | { error: string };

/**
 * Parses `--env KEY:type[:required|optional][=default]#description`.
 * The description is everything after the first "#"; the default everything between the
 * first "=" and that "#". An entry with a default is optional unless it says otherwise.
 * Only the syntax is checked here; the answer rules judge the parts.
 */
export function parseEnvFlag(text: string): EnvFlagResult {
  const hash = text.indexOf('#');
  if (hash === -1) return { error: `has no description: write ${ENV_FLAG_SYNTAX}` };
  const description = text.slice(hash + 1);
  const head = text.slice(0, hash);
  const equals = head.indexOf('=');
  const spec = equals === -1 ? head : head.slice(0, equals);
  const defaultValue = equals === -1 ? undefined : head.slice(equals + 1);
  const [key = '', type, requiredness, ...extra] = spec.split(':');
  if (type === undefined || type === '') return { error: `has no type: write ${ENV_FLAG_SYNTAX}` };
  if (extra.length > 0 || (requiredness !== undefined && !REQUIREDNESS.includes(requiredness))) {
    const meant = extra.length === 0 && requiredness !== undefined ? closestChoice(REQUIREDNESS, requiredness) : undefined;
    return { error: `has "${spec}" where KEY:type[:required|optional] was expected${meant ? ` (did you mean ${meant}?)` : ''}` };
  }
  const required = requiredness === undefined ? defaultValue === undefined : requiredness === 'required';
  return {
    entry: {
      key,
      type: type as EnvType,
      required,
      description,
      ...(defaultValue === undefined ? {} : { default: defaultValue }),
    },
  };
}

/** One line about an entry for people: `KEY (type, required|optional[, default "x"])`. */
export function describeEnvEntry(entry: EnvEntry): string {
  const requiredness = entry.required ? 'required' : 'optional';
  return `${entry.key} (${entry.type}, ${requiredness}${entry.default === undefined ? '' : `, default ${quoted(entry.default)}`})`;
}

/** The flag text that `parseEnvFlag` reads back as `entry`, or undefined when a flag cannot say it. */
export function formatEnvFlag(entry: EnvEntry): string | undefined {
  if (entry.default?.includes('#')) return undefined;
  const requiredness = entry.required ? 'required' : 'optional';
  const defaultPart = entry.default === undefined ? '' : `=${entry.default}`;
  return `${entry.key}:${entry.type}:${requiredness}${defaultPart}#${entry.description}`;
}
