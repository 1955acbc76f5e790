import { RESERVED_ENV_KEYS, RESERVED_ENV_PREFIX } from '../../answers/rules.js';
import { envExampleLine, parseDotenv } from '../../util/dotenv.js';
import { MANIFEST_FILE } from '../pack-reader.js';
import { PACK_FILES } from '../pack-files.js';
import { type PackContext, show } from './context.js';

/** The keys the platform's install check lets .env.example hold beside env[] (khal-domain §9). */
export const PLATFORM_MANAGED_KEYS = ['KHAL_NATS_URL', 'KHAL_ORG_ID'] as const;

/**
 * service/.env.example: the platform's install check compares it with env[], so it has one
 * line per entry (a secret's empty, another's its default) and no other key beside the
 * platform-managed ones.
 */
export function checkEnvExample(context: PackContext) {
  const file = PACK_FILES.envExample;
  const read = context.read(file);
  if (read.kind === 'refused') return;
  if (read.kind === 'missing') {
    context.add({ severity: 'warning', code: 'file-missing', file, problem: 'is missing', expected: 'one KEY= line per env[] entry, so a developer knows what to set' });
    return;
  }
  const lines = parseDotenv(read.text);
  const entries = context.manifest.env ?? [];
  for (const entry of entries) {
    const line = lines.get(entry.key);
    const example = envExampleLine(entry);
    if (!line)
      context.add({
        severity: 'error',
        code: 'env-example-missing',
        file,
        field: entry.key,
        problem: `has no line for ${entry.key} (declared in env[] of ${MANIFEST_FILE}): the platform's install check compares the two`,
        expected: `${entry.key}=${example.written}`,
      });
    else if (entry.type === 'secret' && line.value !== '')
      context.add({
        severity: 'error',
        code: 'env-example-secret-value',
        file,
        field: `${entry.key} (line ${line.line})`,
        problem: `holds a value for the secret ${entry.key}: a secret's value must never be committed`,
        expected: `${entry.key}=`,
      });
    else if (entry.type !== 'secret' && line.value !== example.read)
      context.add({
        severity: 'warning',
        code: 'env-example-default',
        file,
        field: `${entry.key} (line ${line.line})`,
        problem: `is ${show(line.value)} but the default in ${MANIFEST_FILE} is ${entry.default === undefined ? 'none' : show(entry.default)}`,
        expected: `${entry.key}=${example.written}`,
      });
  }
  const declared = new Set(entries.map((entry) => entry.key));
  for (const [key, line] of lines)
    if (!declared.has(key) && !isExempt(key))
      context.add({
        severity: 'warning',
        code: 'env-example-extra',
        file,
        field: `${key} (line ${line.line})`,
        problem: `is not an entry of env[] in ${MANIFEST_FILE}: no customer will ever set it`,
        expected: `declare ${key} in env[] (khal-pack add env ${key}) or remove the line`,
      });
}

/** The platform-managed keys, and the ones the platform or chart sets for every service (PORT, KHAL_*), which env[] may not declare. */
const isExempt = (key: string) =>
  (PLATFORM_MANAGED_KEYS as readonly string[]).includes(key) || (RESERVED_ENV_KEYS as readonly string[]).includes(key) || key.startsWith(RESERVED_ENV_PREFIX);
