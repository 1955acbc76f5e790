import { isDeepStrictEqual } from 'node:util';
import type { ManifestEnvEntry } from '../../manifest/manifest-schema.js';
import { MANIFEST_FILE } from '../pack-reader.js';
import { PACK_FILES } from '../pack-files.js';
import { type PackContext, isMapping, readPackData, show } from './context.js';
import { quoted } from '../../util/quoted.js';

// helm/values.schema.json is "derived from env[] (types and required keys, so helm itself
// refuses a missing required value and names it)" (pack-contract §4). The rules below say what
// that means for the values helm would be given, tried on sample values: they are not the
// generator's schema compared word for word, so a generator that derives it wrongly is caught.

type Schema = Record<string, unknown>;

/** Values each entry's schema must accept, and must refuse, by type; `''` is an unset entry. */
const ACCEPTED: Record<string, string[]> = { string: ['any text'], number: ['30', '-1.5'], boolean: ['true', 'false'], url: ['https://example.com/x'] };
const REFUSED: Record<string, string[]> = { string: [], number: ['thirty'], boolean: ['yes'], url: ['example.com'] };

const ENV_AT = 'properties.env';
const CONFIG_AT = `${ENV_AT}.properties.config`;
const SECRETS_AT = `${ENV_AT}.properties.secrets`;

export function checkValuesSchema(context: PackContext) {
  const file = PACK_FILES.valuesSchema;
  const schema = readPackData<Schema>(context, file, 'json', {
    severity: 'error',
    expected: 'the values schema derived from env[], so helm refuses a missing required value',
  });
  if (!schema) return;
  const entries = context.manifest.env ?? [];
  const problem = (field: string, actual: unknown, what: string, expected: unknown) =>
    context.add({ severity: 'error', code: 'values-schema-env', file, field, problem: `is ${show(actual)}, ${what}`, expected: show(expected) });
  const env = child(schema, ENV_AT);
  const config = child(env, 'properties.config');
  if (!isMapping(config)) return problem(CONFIG_AT, config, `so helm would check none of env[] in ${MANIFEST_FILE}`, 'a schema of env.config');

  const configEntries = entries.filter((entry) => entry.type !== 'secret');
  // Every required key must be listed, so helm refuses a values file without it; an optional key
  // may be listed too (values.yaml always holds it, '' when unset), but no key env[] does not declare.
  const listed = Array.isArray(config.required) ? config.required : [];
  const listedKeys = new Set(listed);
  const configKeys = new Set(configEntries.map((entry) => entry.key));
  const unlisted = configEntries.filter((entry) => entry.required && !listedKeys.has(entry.key)).map((entry) => entry.key);
  const unknown = listed.filter((key) => !configKeys.has(key as string));
  if (unlisted.length > 0 || unknown.length > 0)
    problem(
      `${CONFIG_AT}.required`,
      config.required,
      unlisted.length > 0
        ? `which leaves out the required ${unlisted.join(', ')} of env[] in ${MANIFEST_FILE}: helm would not refuse an install that lacks ${unlisted.length === 1 ? 'it' : 'them'}`
        : `which names ${unknown.map((key) => show(key)).join(', ')}, not a non-secret entry of env[] in ${MANIFEST_FILE}: helm would refuse every install`,
      [...new Set([...listed.filter((key) => configKeys.has(key as string)), ...unlisted])],
    );
  if (config.additionalProperties !== false)
    problem(`${CONFIG_AT}.additionalProperties`, config.additionalProperties, 'so helm would take a key env[] does not declare (a secret above all) into the ConfigMap', false);

  const properties = isMapping(config.properties) ? config.properties : {};
  for (const entry of configEntries) checkConfigValue(context, entry, properties[entry.key]);
  for (const key of Object.keys(properties))
    if (!configKeys.has(key)) problem(`${CONFIG_AT}.properties.${key}`, properties[key], `but ${key} is not a non-secret entry of env[] in ${MANIFEST_FILE}`, undefined);

  checkSecretsSchema(context, env, entries);
}

/** The schema of one env.config value: it takes the entry's default and its type's values, and refuses what helm must refuse. */
function checkConfigValue(context: PackContext, entry: ManifestEnvEntry, schema: unknown) {
  const field = `${CONFIG_AT}.properties.${entry.key}`;
  const add = (problem: string, expected: string) => context.add({ severity: 'error', code: 'values-schema-env', file: PACK_FILES.valuesSchema, field, problem, expected });
  if (!isMapping(schema)) return add(`is ${show(schema)}: helm would not check ${entry.key} (env[] in ${MANIFEST_FILE})`, `a schema of a ${entry.type} value`);
  checkConfigDescription(context, entry, schema.description, field);
  const accepted = [...(ACCEPTED[entry.type] ?? []), ...(entry.default === undefined ? [] : [entry.default]), ...(entry.required ? [] : [''])];
  const refused = [...(REFUSED[entry.type] ?? []), ...(entry.required ? [''] : [])];
  const wrongly = (value: string) => (value === '' ? 'the empty string (unset)' : quoted(value));
  const notAccepted = accepted.filter((value) => accepts(schema, value) !== true);
  const notRefused = refused.filter((value) => accepts(schema, value) === true);
  const unreadable = [...accepted, ...refused].map((value) => accepts(schema, value)).find((result) => typeof result === 'string');
  if (unreadable) add(`${unreadable}`, 'a draft-07 schema helm can read');
  else if (notAccepted.length > 0)
    add(`refuses ${notAccepted.map(wrongly).join(', ')}, which ${entry.key} (${entry.required ? 'required' : 'optional'} ${entry.type}${entry.default === undefined ? '' : ', with its default'}) may be`, `a schema that takes every ${entry.type} value`);
  else if (notRefused.length > 0)
    add(`takes ${notRefused.map(wrongly).join(', ')}, which ${entry.key} (${entry.required ? 'required' : 'optional'} ${entry.type}) must not be: helm would install it`, entry.required ? 'a schema with minLength 1 (required)' : `a schema that refuses what is not a ${entry.type}`);
}

/** A described value says the entry's description: helm and the tools that read the schema show it to whoever sets the value. */
function checkConfigDescription(context: PackContext, entry: ManifestEnvEntry, description: unknown, field: string) {
  if (typeof description !== 'string' || description.startsWith(entry.description)) return;
  context.add({
    severity: 'warning',
    code: 'values-schema-description',
    file: PACK_FILES.valuesSchema,
    field: `${field}.description`,
    problem: `is ${show(description)}, but the description of ${entry.key} in env[] of ${MANIFEST_FILE} is ${show(entry.description)}: whoever sets the value reads the other one`,
    expected: `a description that starts with ${show(entry.description)} (khal-pack env set ${entry.key} --description <text> writes one text into every file)`,
  });
}

/** env.secrets holds an item per secret entry, { key, required } only; env.secretName is required when a secret is. */
function checkSecretsSchema(context: PackContext, env: unknown, entries: readonly ManifestEnvEntry[]) {
  const add = (field: string, actual: unknown, what: string, expected: unknown) =>
    context.add({ severity: 'error', code: 'values-schema-env', file: PACK_FILES.valuesSchema, field, problem: `is ${show(actual)}, ${what}`, expected: show(expected) });
  const secretKeys = entries.filter((entry) => entry.type === 'secret').map((entry) => entry.key);
  const secrets = child(env, 'properties.secrets');
  if (secretKeys.length === 0) {
    if (!(isMapping(secrets) && secrets.maxItems === 0) && !isDeepStrictEqual(child(secrets, 'items.properties.key.enum'), []))
      add(`${SECRETS_AT}.maxItems`, child(secrets, 'maxItems'), `but env[] in ${MANIFEST_FILE} has no secret entry, so env.secrets must stay empty`, 0);
    return;
  }
  const keys = child(secrets, 'items.properties.key.enum');
  if (!Array.isArray(keys) || !sameSet(keys, secretKeys))
    add(`${SECRETS_AT}.items.properties.key.enum`, keys, `not the secret keys of env[] in ${MANIFEST_FILE}`, secretKeys);
  if (child(secrets, 'items.additionalProperties') !== false)
    add(`${SECRETS_AT}.items.additionalProperties`, child(secrets, 'items.additionalProperties'), "so an item could carry a secret's value into values.yaml", false);
  const secretName = child(env, 'properties.secretName');
  if (entries.some((entry) => entry.type === 'secret' && entry.required) && isMapping(secretName) && accepts(secretName, '') === true)
    add(`${ENV_AT}.properties.secretName`, secretName.minLength, 'so helm would install without the Secret a required secret entry comes from', 1);
}

/** Whether a draft-07 schema takes a string value, for the keywords a string meets; a text when the schema cannot be read. */
function accepts(schema: Schema, value: string): boolean | string {
  const type = schema.type;
  if (type !== undefined && !(type === 'string' || (Array.isArray(type) && type.includes('string')))) return false;
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) return false;
  if (typeof schema.minLength === 'number' && [...value].length < schema.minLength) return false;
  if (typeof schema.maxLength === 'number' && [...value].length > schema.maxLength) return false;
  if (typeof schema.pattern === 'string') {
    const pattern = compiled(schema.pattern);
    if (pattern === undefined) return `has the pattern ${JSON.stringify(schema.pattern)}, which is not a regular expression`;
    if (!pattern.test(value)) return false;
  }
  return true;
}

// Every entry of a type has the same pattern: compiled once.
const patterns = new Map<string, RegExp | undefined>();
function compiled(source: string): RegExp | undefined {
  if (!patterns.has(source)) {
    let pattern: RegExp | undefined;
    try {
      pattern = new RegExp(source, 'u');
    } catch {
      pattern = undefined;
    }
    patterns.set(source, pattern);
  }
  return patterns.get(source);
}

/** The value at a dotted path below `value`, or undefined. */
function child(value: unknown, at: string): unknown {
  let current = value;
  for (const key of at.split('.')) current = isMapping(current) ? current[key] : undefined;
  return current;
}

function sameSet(actual: readonly unknown[], expected: readonly string[]): boolean {
  const keys = new Set(actual);
  return actual.length === expected.length && keys.size === expected.length && expected.every((key) => keys.has(key));
}
