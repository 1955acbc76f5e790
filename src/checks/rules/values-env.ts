import { MANIFEST_FILE } from '../pack-reader.js';
import { PACK_FILES } from '../pack-files.js';
import { type PackContext, isMapping, show } from './context.js';
import type { ValuesYaml } from './values.js';

/** What a value is, without its contents: a misplaced secrets list may hold a secret's value. */
function shapeOf(value: unknown): string {
  if (isMapping(value)) return Object.keys(value).length === 0 ? '{}' : `a mapping of ${Object.keys(value).slice(0, 5).join(', ')}`;
  if (Array.isArray(value)) return value.length === 0 ? '[]' : 'a list';
  return value === null ? 'null' : `a ${typeof value}`;
}

type SecretItem = { key?: unknown; required?: unknown };

/**
 * helm/values.yaml env: each non-secret entry of env[] is a key of env.config (its value the
 * entry's default), each secret entry an item { key, required } of env.secrets, and nothing else;
 * a secret's value never appears (pack-contract §4).
 */
export function checkValuesEnv(context: PackContext, values: ValuesYaml | undefined) {
  if (!values) return;
  const { add } = context;
  const entries = context.manifest.env ?? [];
  const file = PACK_FILES.values;
  if (values.env === undefined && entries.length > 0) {
    add({ severity: 'error', code: 'values-env-missing', file, field: 'env', problem: 'is missing, but env[] declares entries', expected: 'env.config, env.secretName and env.secrets' });
    return;
  }
  const shapeProblem = (field: string, actual: unknown, expected: string) =>
    add({ severity: 'error', code: 'values-env-shape', file, field, problem: `is ${shapeOf(actual)}, not a ${expected}`, expected: `a ${expected} (see the values contract in the README)` });
  if (values.env !== undefined && values.env !== null && !isMapping(values.env)) {
    shapeProblem('env', values.env, 'mapping with config, secretName and secrets');
    return;
  }
  const config = values.env?.config ?? {};
  const secrets = values.env?.secrets ?? [];
  if (!isMapping(config)) shapeProblem('env.config', config, 'mapping of KEY: "value"');
  if (!Array.isArray(secrets)) shapeProblem('env.secrets', secrets, 'list of { key, required } items');
  if (!isMapping(config) || !Array.isArray(secrets)) return;
  const items = secrets as SecretItem[];
  const itemIndexByKey = new Map<unknown, number>();
  items.forEach((item, index) => {
    if (!itemIndexByKey.has(item?.key)) itemIndexByKey.set(item?.key, index);
  });
  entries.forEach((entry, index) => {
    const where = `env[${index}] in ${MANIFEST_FILE}`;
    if (entry.type === 'secret') {
      if (Object.hasOwn(config, entry.key))
        add({
          severity: 'error',
          code: 'secret-in-config',
          file,
          field: `env.config.${entry.key}`,
          problem: `holds the secret entry ${entry.key}${config[entry.key] ? ' with a value' : ''}: a secret's value never belongs in values.yaml or the ConfigMap`,
          expected: `remove it; list it under env.secrets as { key: ${entry.key}, required: ${entry.required} }`,
        });
      const itemIndex = itemIndexByKey.get(entry.key);
      if (itemIndex === undefined)
        add({
          severity: 'error',
          code: 'values-secret-missing',
          file,
          field: 'env.secrets',
          problem: `has no item for the secret ${entry.key} (${where}): the pod would never receive it`,
          expected: `- key: ${entry.key}\n  required: ${entry.required}`,
        });
      else if (items[itemIndex]!.required !== entry.required)
        add({
          severity: 'error',
          code: 'values-secret-required',
          file,
          field: `env.secrets[${itemIndex}].required`,
          problem: `is ${show(items[itemIndex]!.required)} but ${entry.key} is ${entry.required ? 'required' : 'optional'} in ${MANIFEST_FILE}`,
          expected: show(entry.required),
        });
    } else if (!Object.hasOwn(config, entry.key)) {
      add({
        severity: 'error',
        code: 'values-config-missing',
        file,
        field: `env.config.${entry.key}`,
        problem: `is missing (${where}): the ConfigMap would not carry it`,
        expected: `${entry.key}: ${JSON.stringify(entry.default ?? '')}`,
      });
    } else if (config[entry.key] !== (entry.default ?? '')) {
      add({
        severity: 'warning',
        code: 'values-config-default',
        file,
        field: `env.config.${entry.key}`,
        problem: `is ${show(config[entry.key])} but the default in ${MANIFEST_FILE} is ${entry.default === undefined ? 'none' : show(entry.default)}: the chart and the hand-off disagree`,
        expected: show(entry.default ?? ''),
      });
    }
  });
  const declared = new Map(entries.map((entry) => [entry.key, entry]));
  for (const key of Object.keys(config))
    if (!declared.has(key))
      add({
        severity: 'error',
        code: 'values-config-extra',
        file,
        field: `env.config.${key}`,
        problem: `is not an entry of env[] in ${MANIFEST_FILE}: customers cannot see or set it`,
        expected: `declare ${key} in env[] (khal-pack add env ${key}) or remove it`,
      });
  items.forEach((item, index) => checkSecretItem(context, declared, item, index));
}

/** One item of env.secrets: it names a secret entry, and holds nothing but key and required. */
function checkSecretItem(context: PackContext, declared: Map<string, { type: string; required: boolean }>, item: SecretItem, index: number) {
  const file = PACK_FILES.values;
  const key = typeof item?.key === 'string' ? item.key : undefined;
  if (key === undefined || declared.get(key)?.type !== 'secret')
    context.add({
      severity: 'error',
      code: 'values-secret-extra',
      file,
      field: `env.secrets[${index}]`,
      problem: `names ${show(key)}, which is not a secret entry of env[] in ${MANIFEST_FILE}`,
      expected: key !== undefined && declared.has(key) ? `move ${key} to env.config (it is not a secret)` : 'remove it, or declare it in env[] as a secret',
    });
  // An item is only { key, required }: anything else (a value above all) would put the secret in git.
  const extra = isMapping(item) ? Object.keys(item).filter((name) => name !== 'key' && name !== 'required') : [];
  if (extra.length > 0)
    context.add({
      severity: 'error',
      code: 'values-secret-value',
      file,
      field: `env.secrets[${index}]`,
      problem: `holds ${extra.map((name) => JSON.stringify(name)).join(', ')} besides key and required: a secret's value never belongs in values.yaml (it comes from the Secret named by env.secretName)`,
      expected: `- key: ${key ?? 'KEY'}\n  required: ${declared.get(key ?? '')?.required ?? true}`,
    });
}
