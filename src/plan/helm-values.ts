import { BOOLEAN_VALUES, NUMBER_PATTERN, URL_PATTERN } from '../answers/rules.js';
import type { ManifestEnvEntry } from '../manifest/manifest-schema.js';

// helm/values.schema.json, derived from env[]: helm validates the values against it on
// lint, template, install and upgrade, so an install with a required setting missing or
// malformed is refused by helm itself, with the setting's path in the message.
// Draft-07 on purpose: helm 3 (gojsonschema) and helm 4 (santhosh-tekuri) both read it.

/** A Kubernetes object name (DNS subdomain): what a Secret's name must be. */
const SECRET_NAME_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';

type JsonSchema = Record<string, unknown>;

/** `pattern`, or also the empty string when the entry may be left unset. */
const orEmpty = (pattern: string, required: boolean) => (required ? pattern : `^$|${pattern}`);

/** The schema of one non-secret entry's value in env.config. */
function configValueSchema(entry: ManifestEnvEntry): JsonSchema {
  const described = { description: `${entry.description} (${entry.type}, ${entry.required ? 'required' : 'optional'})` };
  const nonEmpty = entry.required ? { minLength: 1 } : {};
  switch (entry.type) {
    // Numbers and booleans may arrive typed (`--set KEY=30`, `KEY: true` in a values file);
    // the ConfigMap template turns them into strings.
    case 'number':
      return { ...described, type: ['string', 'number'], ...nonEmpty, pattern: orEmpty(NUMBER_PATTERN, entry.required) };
    case 'boolean':
      return { ...described, type: ['string', 'boolean'], enum: [...BOOLEAN_VALUES, true, false, ...(entry.required ? [] : [''])] };
    case 'url':
      return { ...described, type: 'string', ...nonEmpty, pattern: orEmpty(URL_PATTERN, entry.required) };
    default:
      return { ...described, type: 'string', ...nonEmpty };
  }
}

export function helmValuesSchema(entries: readonly ManifestEnvEntry[]): JsonSchema {
  const configEntries = entries.filter((entry) => entry.type !== 'secret');
  const secretEntries = entries.filter((entry) => entry.type === 'secret');
  const secretRequired = secretEntries.some((entry) => entry.required);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Values of the pack chart',
    type: 'object',
    required: ['image', 'port', 'env'],
    properties: {
      image: {
        type: 'object',
        required: ['repository'],
        properties: {
          repository: { type: 'string', minLength: 1 },
          tag: { type: 'string', description: 'Empty: v<appVersion> of Chart.yaml' },
          pullPolicy: { enum: ['Always', 'IfNotPresent', 'Never'] },
        },
      },
      replicaCount: { type: 'integer', minimum: 0 },
      port: { type: 'integer', minimum: 1, maximum: 65535 },
      platformEnv: {
        type: 'object',
        description: 'Environment the platform gives every pack service (khal-app.json backend.env)',
        propertyNames: { pattern: '^KHAL_[A-Z0-9_]*$' },
        additionalProperties: { type: 'string' },
      },
      env: {
        type: 'object',
        additionalProperties: false,
        required: ['config', 'secretName', 'secrets'],
        properties: {
          config: {
            type: 'object',
            description: 'The non-secret env entries of khal-app.json; a key not declared there (a secret above all) is refused',
            additionalProperties: false,
            required: configEntries.map((entry) => entry.key),
            properties: Object.fromEntries(configEntries.map((entry) => [entry.key, configValueSchema(entry)])),
          },
          secretName: {
            type: 'string',
            description: secretRequired
              ? 'Name of the platform-provided Secret that holds the secret entries (required: a secret entry is required)'
              : 'Name of the platform-provided Secret that holds the secret entries (empty: the optional secrets are not set)',
            pattern: secretRequired ? SECRET_NAME_PATTERN : orEmpty(SECRET_NAME_PATTERN, false),
            ...(secretRequired ? { minLength: 1 } : {}),
          },
          secrets: {
            type: 'array',
            description: 'The secret env entries of khal-app.json: read from that Secret, never given a value here',
            ...(secretEntries.length === 0
              ? { maxItems: 0 }
              : {
                  items: {
                    type: 'object',
                    additionalProperties: false,
                    required: ['key', 'required'],
                    properties: {
                      key: { enum: secretEntries.map((entry) => entry.key) },
                      required: { type: 'boolean' },
                    },
                  },
                }),
          },
        },
      },
    },
  };
}

/** Values that satisfy the schema, for `helm lint --strict` in the pack's CI: each required entry gets a sample of its type. */
export function helmLintValues(entries: readonly ManifestEnvEntry[]) {
  const sample: Record<ManifestEnvEntry['type'], string> = {
    string: 'lint-sample',
    number: '1',
    boolean: 'true',
    url: 'https://example.com',
    secret: '',
  };
  const required = entries.filter((entry) => entry.required);
  return {
    env: {
      config: Object.fromEntries(required.filter((entry) => entry.type !== 'secret').map((entry) => [entry.key, sample[entry.type]])),
      ...(required.some((entry) => entry.type === 'secret') ? { secretName: 'lint-sample-secret' } : {}),
    },
  };
}
