import { withDefaults } from '../answers/defaults.js';
import { entryOfManifest } from '../answers/env-entry.js';
import { PLATFORM_SCOPE } from '../answers/rules.js';
import { GENERATOR_KEY, type PackAnswers } from '../answers/schema.js';
import type { KhalAppManifest } from '../manifest/manifest-schema.js';
import { parseJson } from '../util/json.js';
import { GENERATOR_NAME } from '../util/paths.js';
import { RECORD_FILE } from './pack-reader.js';
import { readPackFile } from './safe-read.js';

// The answers of a pack as it stands (its manifest and .khal-pack.json), for check and for
// every change. Apart from pack-reader.ts, which only finds and reads files: the commands that
// only read a manifest (env diff, handoff) do not load the answers' rules.

/** `.khal-pack.json` when it is there and readable: how the pack was made (scope, registry, port). */
export async function readPackRecord(folder: string, onRefused?: (reason: string) => void): Promise<Partial<PackAnswers> | undefined> {
  return (await readPackRecordWithKit(folder, onRefused))?.answers;
}

/** `.khal-pack.json`'s answers, and the version of the kit that made the pack (undefined when it names none). */
export async function readPackRecordWithKit(
  folder: string,
  onRefused?: (reason: string) => void,
): Promise<{ answers: Partial<PackAnswers>; kitVersion: string | undefined } | undefined> {
  const read = readPackFile(folder, RECORD_FILE);
  if (read.kind === 'refused') onRefused?.(read.reason);
  if (read.kind !== 'text') return undefined;
  const parsed = parseJson(read.text);
  if (!parsed.ok || typeof parsed.data !== 'object' || parsed.data === null) return undefined;
  const { [GENERATOR_KEY]: generator, ...answers } = parsed.data as Record<string, unknown>;
  return { answers: answers as Partial<PackAnswers>, kitVersion: kitVersionOf(generator) };
}

/** The kit version a record's `"$generator": "create-khal-pack@<version>"` names, or undefined. */
export function kitVersionOf(generator: unknown): string | undefined {
  return typeof generator === 'string' ? new RegExp(`^${GENERATOR_NAME}@(.+)$`).exec(generator)?.[1] : undefined;
}

/** The npm scope of a package name (`@acme/pack-x` -> `@acme`), or undefined for an unscoped name. */
export function scopeOf(packageName: string | undefined): string | undefined {
  return packageName?.match(/^(@[^/]+)\//)?.[1];
}

/** The registry an image name implies when it follows the naming rule `<registry>/pack-<id>-service`. */
export function registryOf(image: string | undefined, id: string): string | undefined {
  const suffix = `/pack-${id}-service`;
  return image?.endsWith(suffix) ? image.slice(0, -suffix.length) : undefined;
}

/**
 * The answers a pack was made from, as far as its manifest and `.khal-pack.json` tell: the
 * manifest wins for everything it holds (it is what ships), the record fills in the rest.
 */
export function answersOfPack(manifest: KhalAppManifest, record: Partial<PackAnswers> = {}): PackAnswers {
  const registry = record.registry ?? registryOf(manifest.backend?.image, manifest.id) ?? 'ghcr.io/khal-os';
  const fromManifest: Partial<PackAnswers> = {
    name: manifest.id,
    displayName: manifest.name,
    description: manifest.description,
    author: manifest.author,
    kind: manifest.backend ? 'full-stack' : 'frontend-only',
    permissions: [...manifest.permissions],
    env: (manifest.env ?? []).map(entryOfManifest),
    version: manifest.version,
    port: manifest.backend?.ports[0] ?? record.port ?? 8080,
    scope: scopeOf(manifest.frontend?.package) ?? record.scope ?? PLATFORM_SCOPE,
    registry,
  };
  // An answer the manifest does not hold is the record's, else (a pack made before the kit had
  // it) its default; what the manifest holds stays as it is, even where it leaves a field out.
  return { ...withDefaults({ ...record, ...fromManifest }), ...fromManifest } as PackAnswers;
}
