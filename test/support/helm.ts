import { existsSync, mkdtempSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { parseAllDocuments } from 'yaml';
import type { PackAnswers } from '../../src/answers/schema.js';
import { REPO_ROOT, scenarioAnswers, scenarioNames } from './generate.js';

/** The helm binary that scripts/fetch-helm.mjs installs (`npm test` runs it first). */
export const HELM = path.join(REPO_ROOT, '.tools/helm/helm');

export function helmMissingMessage(): string | undefined {
  return existsSync(HELM) ? undefined : `${HELM} is missing: run \`node scripts/fetch-helm.mjs\` (npm test does)`;
}

// helm keeps caches, repositories and plugins under these; the tests never touch the user's.
const helmHome = mkdtempSync(path.join(tmpdir(), 'khal-pack-helm-home-'));
const HELM_ENV = {
  HELM_CACHE_HOME: path.join(helmHome, 'cache'),
  HELM_CONFIG_HOME: path.join(helmHome, 'config'),
  HELM_DATA_HOME: path.join(helmHome, 'data'),
};

export interface HelmResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, for messages. */
  output: string;
}

export async function helm(args: string[], cwd?: string): Promise<HelmResult> {
  const result = await execa(HELM, args, { cwd, env: HELM_ENV, reject: false, all: true, timeout: 30_000 });
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr, output: result.all ?? '' };
}

/** The full-stack scenarios: the ones with a chart. */
export async function chartScenarioNames(): Promise<string[]> {
  const names: string[] = [];
  for (const name of await scenarioNames()) if ((await scenarioAnswers(name)).kind === 'full-stack') names.push(name);
  return names;
}

const SAMPLE_VALUE: Record<PackAnswers['env'][number]['type'], string> = {
  string: 'acme-shop',
  number: '25',
  boolean: 'false',
  url: 'https://shop.example.com/api',
  secret: '',
};
export const SAMPLE_SECRET_NAME = 'pack-env-secrets';

/** Values that give every required entry a value of its type (and the Secret's name when a secret is required). */
export function requiredValues(answers: PackAnswers) {
  const required = answers.env.filter((entry) => entry.required);
  return {
    env: {
      config: Object.fromEntries(required.filter((entry) => entry.type !== 'secret').map((entry) => [entry.key, SAMPLE_VALUE[entry.type]])),
      ...(required.some((entry) => entry.type === 'secret') ? { secretName: SAMPLE_SECRET_NAME } : {}),
    },
  };
}

/** Writes values as a file helm reads with -f (JSON is YAML); returns its path. */
export async function writeValues(folder: string, name: string, values: unknown): Promise<string> {
  const file = path.join(folder, `${name}.values.json`);
  await writeFile(file, JSON.stringify(values));
  return file;
}

export interface RenderedDocument {
  source: string;
  data: Record<string, any>;
}

/** The documents of `helm template` output, each parsed, with the template it came from. */
export function renderedDocuments(manifests: string): RenderedDocument[] {
  return parseAllDocuments(manifests)
    .map((document) => {
      if ('errors' in document && document.errors.length > 0) throw new Error(`rendered YAML does not parse: ${document.errors[0]!.message}`);
      const source = /^# Source: (.+)$/m.exec(String(document.commentBefore ?? ''))?.[1] ?? '(unknown)';
      return { source, data: document.toJS() as Record<string, any> };
    })
    .filter((document) => document.data !== null);
}

export function documentOfKind(documents: RenderedDocument[], kind: string): Record<string, any> {
  const found = documents.filter((document) => document.data.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind} in the rendered chart, found ${found.length}`);
  return found[0]!.data;
}
