import { isDeepStrictEqual } from 'node:util';
import type { ManifestEnvEntry } from '../../manifest/manifest-schema.js';
import { parseJson } from '../../util/json.js';
import { MANIFEST_FILE } from '../pack-reader.js';
import { PACK_FILES } from '../pack-files.js';
import { hiddenSecretSpec } from '../secret-values.js';
import { type PackContext, show } from './context.js';

const ENV_SPECS_PATTERN = /(export\s+const\s+ENV_SPECS\s*(?::[^=]+)?=\s*)(\[[\s\S]*?\])(\s*;)/;

/** The ENV_SPECS literal of a generated service config: its text span and parsed value. */
export function findEnvSpecs(source: string): { start: number; end: number; specs: unknown } | undefined {
  const match = ENV_SPECS_PATTERN.exec(source);
  if (!match) return undefined;
  const parsed = parseJson(match[2]!);
  if (!parsed.ok) return undefined;
  const start = match.index + match[1]!.length;
  return { start, end: start + match[2]!.length, specs: parsed.data };
}

/** What the service must read for one entry of env[]: its key, type, whether it is required, and its default (pack-contract §4, config.ts). */
function specOf(entry: ManifestEnvEntry) {
  return { key: entry.key, type: entry.type, required: entry.required, ...(entry.default === undefined ? {} : { default: entry.default }) };
}

/** service/src/config.ts: ENV_SPECS reads every entry of env[] as declared, and nothing else. */
export function checkServiceConfig(context: PackContext) {
  const file = PACK_FILES.serviceConfig;
  const read = context.read(file);
  if (read.kind === 'refused') return;
  if (read.kind === 'missing') {
    context.add({ severity: 'warning', code: 'file-missing', file, problem: "is missing: env[] could not be compared with the service's settings", expected: 'the generated config with ENV_SPECS' });
    return;
  }
  const found = findEnvSpecs(read.text);
  if (!found || !Array.isArray(found.specs)) {
    context.add({
      severity: 'warning',
      code: 'service-config-unreadable',
      file,
      field: 'ENV_SPECS',
      problem: 'has no JSON array literal `export const ENV_SPECS = [...]`, so env[] could not be compared with it',
      expected: 'the ENV_SPECS array as generated',
    });
    return;
  }
  const entries = context.manifest.env ?? [];
  const actual = found.specs as { key?: unknown }[];
  const indexByKey = new Map<unknown, number>();
  actual.forEach((spec, index) => {
    if (!indexByKey.has(spec?.key)) indexByKey.set(spec?.key, index);
  });
  const secretKeys = new Set(entries.filter((entry) => entry.type === 'secret').map((entry) => entry.key));
  // A spec read for a secret key may carry a value: it is shown hidden.
  const shown = (spec: unknown) => JSON.stringify(hiddenSecretSpec(spec, secretKeys));
  for (const entry of entries) {
    const spec = specOf(entry);
    const index = indexByKey.get(entry.key);
    if (index === undefined)
      context.add({
        severity: 'error',
        code: 'service-config-missing',
        file,
        field: 'ENV_SPECS',
        problem: `has no spec for ${entry.key}: the service would never read it`,
        expected: shown(spec),
      });
    else if (!isDeepStrictEqual(actual[index], spec))
      context.add({
        severity: 'error',
        code: 'service-config-differs',
        file,
        field: `ENV_SPECS[${index}]`,
        problem: `is ${shown(actual[index])}, not what env[] in ${MANIFEST_FILE} says`,
        expected: shown(spec),
      });
  }
  const declared = new Set(entries.map((entry) => entry.key));
  actual.forEach((spec, index) => {
    if (!declared.has(spec?.key as string))
      context.add({
        severity: 'error',
        code: 'service-config-extra',
        file,
        field: `ENV_SPECS[${index}]`,
        problem: `reads ${show(spec?.key)}, which env[] in ${MANIFEST_FILE} does not declare: no customer can set it`,
        expected: `declare it in env[] or remove the spec`,
      });
  });
}
