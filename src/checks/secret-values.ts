// A secret entry's value is shown as hidden in every output (check, handoff, env diff, text
// and JSON), wherever it comes from: a default in khal-app.json, a spec in the service config,
// an old release. Where the value's place is still named, the reader can find it.
import type { ManifestProblem } from '../manifest/manifest-schema.js';

export const HIDDEN_VALUE = '(hidden: a secret value)';

const isMapping = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** An env entry (or spec) is a secret when it says so by type or by visibility, in any letter case. */
export function isSecretEntry(entry: unknown): boolean {
  if (!isMapping(entry)) return false;
  return (typeof entry.type === 'string' && entry.type.toLowerCase() === 'secret') || entry.visibility === 'vault';
}

/** The entry with its default hidden when it is a secret (or its key is one of `secretKeys`). */
export function hiddenSecretSpec<T>(spec: T, secretKeys: ReadonlySet<string> = new Set()): T {
  if (!isMapping(spec) || !Object.hasOwn(spec, 'default')) return spec;
  if (!isSecretEntry(spec) && !(typeof spec.key === 'string' && secretKeys.has(spec.key))) return spec;
  return { ...spec, default: HIDDEN_VALUE } as T;
}

/**
 * A contract problem of a manifest, with any secret's value in it hidden: the default of a
 * secret entry, an entry shown whole, or an env that is not a list (whose values nobody can
 * tell apart) shown without its value.
 */
export function hideSecretInProblem(problem: ManifestProblem, manifest: unknown): ManifestProblem {
  if (problem.value === undefined || !/^env(?:$|\[)/.test(problem.field)) return problem;
  const env = isMapping(manifest) ? manifest.env : undefined;
  const at = /^env\[(\d+)\](.*)$/.exec(problem.field);
  if (!at || !Array.isArray(env)) return typeof problem.value === 'object' ? { ...problem, value: undefined } : problem;
  const entry = env[Number(at[1])];
  if (!isSecretEntry(entry)) return problem;
  if (at[2] === '.default') return { ...problem, value: HIDDEN_VALUE };
  if (at[2] === '') return { ...problem, value: hiddenSecretSpec(problem.value) };
  return problem;
}
