import { MANIFEST_FILE } from '../checks/pack-reader.js';
import type { KhalAppManifest } from '../manifest/manifest-schema.js';
import { installArtifact } from '../release/artifact-moves.js';
import { markdownCellCode, markdownCode, markdownTable, markdownText } from '../util/markdown.js';
import { shellQuote } from '../util/shell.js';

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
  /** A full-stack pack's frontend package, which the shell loads beside the chart's service. */
  frontend?: { package: string; version: string; reference: string };
  /** For a chart: an example `helm install` line with the Secret's name and the required config values; an example only. */
  helmInstallExample?: string;
}

/** What a customer admin needs to install the pack, read from its manifest alone (`manifestFile`: the file's name, as the sheet names it). */
export function handoffSheet(manifest: KhalAppManifest, manifestFile = MANIFEST_FILE): HandoffSheet {
  const tag = `v${manifest.version}`;
  const installed = installArtifact(manifest);
  const artifact: HandoffSheet['artifact'] =
    installed?.kind === 'helm-chart'
      ? { kind: 'helm-chart', chart: installed.location, version: manifest.version, tag }
      : installed?.kind === 'npm-package'
        ? { kind: 'npm-package', package: installed.location, version: manifest.version, reference: `${installed.location}@${manifest.version}` }
        : { kind: 'unknown', reason: `${manifestFile} names neither backend.helmChart nor frontend.package: a customer has nothing to install` };
  const frontend =
    artifact.kind === 'helm-chart' && manifest.frontend?.package
      ? { package: manifest.frontend.package, version: manifest.version, reference: `${manifest.frontend.package}@${manifest.version}` }
      : undefined;
  return {
    id: manifest.id,
    name: manifest.name,
    version: manifest.version,
    artifact,
    ...(frontend ? { frontend } : {}),
    ...(artifact.kind === 'helm-chart' ? { helmInstallExample: helmInstallExample(artifact.chart, manifest) } : {}),
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

/** A sample value of each type, for the example install line: never a real value. */
const EXAMPLE_VALUES: Record<string, string> = { string: 'example', number: '1', boolean: 'true', url: 'https://example.com' };

/** `helm install` of the chart with the Secret's name (when a secret entry exists) and each required config value, as an example. */
function helmInstallExample(chart: string, manifest: KhalAppManifest): string {
  const release = chart.slice(chart.lastIndexOf('/') + 1);
  const entries = manifest.env ?? [];
  const settings = [
    ...(entries.some((entry) => entry.type === 'secret') ? [`--set ${shellQuote(`env.secretName=${release}-secrets`)}`] : []),
    ...entries
      .filter((entry) => entry.type !== 'secret' && entry.required)
      .map((entry) => `--set-string ${shellQuote(`env.config.${entry.key}=${EXAMPLE_VALUES[entry.type] ?? 'example'}`)}`),
  ];
  return [`helm install ${shellQuote(release)} ${shellQuote(chart)} --version ${shellQuote(manifest.version)}`, ...settings].join(' \\\n  ');
}

/**
 * What `khal-pack handoff` prints after the sheet: the frontend package of a full-stack pack, how
 * the customer's platform supplies the secret entries, and an example install line.
 */
export function handoffDetailsMarkdown(sheet: HandoffSheet, heading = '##'): string {
  const sub = `${heading}#`;
  const lines: string[] = [];
  if (sheet.frontend)
    lines.push(`${sub} Frontend package`, '', `- npm package: ${markdownCode(sheet.frontend.reference)} (the shell loads it once the chart is installed)`, '');
  const secrets = sheet.env.filter((row) => row.storage === 'secret store');
  if (sheet.artifact.kind === 'helm-chart') {
    lines.push(`${sub} How the secret entries reach the service`, '');
    lines.push(
      secrets.length === 0
        ? 'This pack has no secret entries.'
        : [
            `The chart never holds a secret's value. The customer's platform keeps the secret entries (${secrets.map((row) => markdownCode(row.key)).join(', ')})`,
            "in a Kubernetes Secret, one key per entry, and gives the chart that Secret's name as `env.secretName`;",
            'the service reads each entry from it.',
          ].join('\n'),
      '',
    );
  }
  if (sheet.helmInstallExample)
    lines.push(
      `${sub} Example install (an example only: the customer's platform runs its own)`,
      '',
      'Sample values stand where the customer admin puts the real ones.',
      '',
      '```sh',
      sheet.helmInstallExample,
      '```',
      '',
    );
  return lines.length === 0 ? '' : `${lines.join('\n').trimEnd()}\n`;
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
