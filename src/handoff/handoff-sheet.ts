import type { KhalAppManifest } from '../manifest/manifest-schema.js';
import { markdownCellCode, markdownCode, markdownTable, markdownText } from '../util/markdown.js';

export interface HandoffEnvRow {
  key: string;
  required: boolean;
  type: string;
  default?: string;
  storage: 'secret store' | 'plain config';
  description: string;
}

export interface HandoffSheet {
  id: string;
  name: string;
  version: string;
  artifact:
    | { kind: 'helm-chart'; chart: string; version: string; tag: string }
    | { kind: 'npm-package'; package: string; version: string; reference: string }
    | { kind: 'unknown'; reason: string };
  env: HandoffEnvRow[];
}

/** What a customer admin needs to install the pack, read from its manifest alone. */
export function handoffSheet(manifest: KhalAppManifest): HandoffSheet {
  const tag = `v${manifest.version}`;
  const artifact: HandoffSheet['artifact'] = manifest.backend?.helmChart
    ? { kind: 'helm-chart', chart: manifest.backend.helmChart, version: manifest.version, tag }
    : manifest.frontend?.package
      ? {
          kind: 'npm-package',
          package: manifest.frontend.package,
          version: manifest.version,
          reference: `${manifest.frontend.package}@${manifest.version}`,
        }
      : { kind: 'unknown', reason: 'khal-app.json names neither backend.helmChart nor frontend.package: a customer has nothing to install' };
  return {
    id: manifest.id,
    name: manifest.name,
    version: manifest.version,
    artifact,
    env: (manifest.env ?? []).map((entry) => ({
      key: entry.key,
      required: entry.required,
      type: entry.type,
      ...(entry.default === undefined || entry.type === 'secret' ? {} : { default: entry.default }),
      storage: entry.type === 'secret' ? 'secret store' : 'plain config',
      description: entry.description,
    })),
  };
}

/** The hand-off sheet as Markdown; `heading` is the level of its title (the pack README nests it). */
export function handoffMarkdown(sheet: HandoffSheet, heading = '##'): string {
  const sub = `${heading}#`;
  const lines = [`${heading} Customer hand-off`, ''];
  lines.push(`${sub} Install artifact`, '');
  if (sheet.artifact.kind === 'helm-chart') {
    lines.push(`- Helm chart (OCI): ${markdownCode(sheet.artifact.chart)}`);
    lines.push(`- Version: ${markdownCode(sheet.artifact.tag)} (chart version ${markdownCode(sheet.artifact.version)})`);
  } else if (sheet.artifact.kind === 'npm-package') {
    lines.push(`- npm package: ${markdownCode(sheet.artifact.reference)}`);
  } else {
    lines.push(`- Unknown: ${markdownText(sheet.artifact.reason)}`);
  }
  lines.push('', `${sub} Configuration the customer admin supplies`, '');
  if (sheet.env.length === 0) {
    lines.push('None: this pack declares no env entries.');
  } else {
    lines.push(
      markdownTable(
        ['Key', 'Required', 'Type', 'Default', 'Stored in', 'Description'],
        sheet.env.map((row) => [
          markdownCode(row.key),
          row.required ? 'yes' : 'no',
          row.type,
          row.default === undefined ? '' : markdownCellCode(row.default),
          row.storage,
          markdownText(row.description),
        ]),
      ),
    );
    lines.push(
      '',
      'Secret entries go to the platform secret store: the admin pastes each value once and the',
      'platform injects it into the service. Nothing else in this pack holds a secret value.',
    );
  }
  return `${lines.join('\n')}\n`;
}
