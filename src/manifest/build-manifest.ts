import { manifestEntryOf } from '../answers/env-entry.js';
import type { PackAnswers } from '../answers/schema.js';
import type { KhalAppManifest, ManifestEnvEntry } from './manifest-schema.js';
import { packNames } from './pack-names.js';

export const MANIFEST_SCHEMA_URL = 'https://install.khal.ai/app-kit/schema/khal-app-schema.json';
export const PLATFORM_NATS_URL = 'nats://nats.khal-system.svc:4222';
export const ICON_PATH = './package/src/assets/icon.svg';

/** The manifest's env[] entries: the answers plus the derived visibility, in the contract's key order. */
export function manifestEnvEntries(answers: Pick<PackAnswers, 'env'>): ManifestEnvEntry[] {
  return answers.env.map(manifestEntryOf);
}

/** `khal-app.json` in the pack contract's key order. */
export function buildManifest(answers: PackAnswers): KhalAppManifest {
  const names = packNames(answers);
  const manifest: KhalAppManifest = {
    $schema: MANIFEST_SCHEMA_URL,
    id: answers.name,
    name: answers.displayName,
    version: answers.version,
    icon: ICON_PATH,
    description: answers.description,
    author: answers.author,
    permissions: [...answers.permissions],
    frontend: { package: names.frontendPackage },
  };
  if (answers.kind === 'full-stack') {
    manifest.backend = {
      image: names.image,
      helmChart: names.helmChart,
      env: { KHAL_NATS_URL: PLATFORM_NATS_URL },
      ports: [answers.port],
    };
    manifest.env = manifestEnvEntries(answers);
  }
  return manifest;
}
