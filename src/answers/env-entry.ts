import { ruled, z } from '../util/zod.js';
import { envExampleLine } from '../util/dotenv.js';
import { ENV_TYPES, type EnvType, checkEnvDefault, checkEnvDescription, checkEnvKey, oneOf } from './rules.js';

// The env entry, owned here: its schema, its rules (written once, in rules.ts, and composed
// here), and every form derived from it: the manifest entry, the service's setting, the
// .env.example line. The answers, the manifest contract, the templates' model and the
// commands take these; no other module restates an env rule.

/** The fields of an entry and their rules: the answers file and khal-app.json share them. */
export const envEntryFields = {
  key: ruled(z.string(), checkEnvKey),
  description: ruled(z.string(), checkEnvDescription),
  type: z.enum(ENV_TYPES, { error: (issue) => oneOf(ENV_TYPES, issue.input) }),
  required: z.boolean(),
  default: z.optional(z.string()),
};

/** The rule between an entry's fields: who may have a default, and that it fits the type. */
export function refineEnvDefault(entry: { type: EnvType; required: boolean; default?: string }, ctx: z.core.$RefinementCtx): void {
  if (entry.default === undefined) return;
  const reason = checkEnvDefault(entry, entry.default);
  if (reason) ctx.addIssue({ code: 'custom', path: ['default'], message: reason });
}

/** An env entry as asked and recorded (`.khal-pack.json`, the answers file). */
export const envEntrySchema = z.strictObject(envEntryFields).check(z.superRefine(refineEnvDefault));

export type EnvEntry = z.infer<typeof envEntrySchema>;

export type Visibility = 'config' | 'vault';

/** Derived, never asked: secrets go to the vault, everything else is config (pack contract §3). */
export const visibilityOf = (type: EnvType): Visibility => (type === 'secret' ? 'vault' : 'config');

/** The entry in khal-app.json: the contract's key order, with the derived visibility. */
export function manifestEntryOf(entry: EnvEntry) {
  return {
    key: entry.key,
    description: entry.description,
    required: entry.required,
    type: entry.type,
    ...(entry.default === undefined ? {} : { default: entry.default }),
    visibility: visibilityOf(entry.type),
  };
}

/** The entry a manifest entry declares (its visibility is derived, so it is dropped). */
export function entryOfManifest(entry: { key: string; description: string; type: EnvType; required: boolean; default?: string }): EnvEntry {
  return {
    key: entry.key,
    description: entry.description,
    type: entry.type,
    required: entry.required,
    ...(entry.default === undefined ? {} : { default: entry.default }),
  };
}

/** The TypeScript type of the entry's value in the service's settings. */
export const tsTypeOf = (type: EnvType): 'number' | 'boolean' | 'string' => (type === 'number' ? 'number' : type === 'boolean' ? 'boolean' : 'string');

/** Absent from the service's settings when not given: optional and without a default. */
export const mayBeUnset = (entry: Pick<EnvEntry, 'required' | 'default'>) => !entry.required && entry.default === undefined;

/** The entry as the service reads it (its ENV_SPECS item): what it needs to parse and check a value. */
export function serviceSpecOf({ key, type, required, default: value }: EnvEntry) {
  return { key, type, required, ...(value === undefined ? {} : { default: value }) };
}

/** The text after `KEY=` in .env.example (empty for a secret, and for an entry without a default). */
export const envExampleValueOf = (entry: EnvEntry): string => envExampleLine(entry).written;

export interface EnvIssue {
  path: (string | number)[];
  message: string;
}

/**
 * The rules that tie a pack's entries together: keys are unique, and entries need a service
 * to inject them into. Takes anything (a broken answers file, a hand-edited manifest), so
 * nothing here trusts a type. `hasService`: the pack is full-stack (has a backend).
 */
export function envSetIssues(entries: unknown, hasService: boolean, fix: { noService: string }): EnvIssue[] {
  const issues: EnvIssue[] = [];
  const list: unknown[] = Array.isArray(entries) ? entries : [];
  const seen = new Set<string>();
  list.forEach((entry, index) => {
    const key = (entry as { key?: unknown } | null)?.key;
    if (typeof key !== 'string') return;
    if (seen.has(key)) issues.push({ path: ['env', index, 'key'], message: 'is given twice: env keys must be unique' });
    seen.add(key);
  });
  if (!hasService && list.length > 0) issues.push({ path: ['env'], message: `needs a service to inject them into: ${fix.noService}` });
  return issues;
}
