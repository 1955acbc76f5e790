import { readdirSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse as parseYaml } from 'yaml';
import type { PackAnswers } from '../answers/schema.js';
import { type KhalAppManifest, type ManifestProblem, checkManifest } from '../manifest/manifest-schema.js';
import { packNames } from '../manifest/pack-names.js';
import { buildPackModel } from '../plan/pack-model.js';
import { RESERVED_ENV_KEYS, RESERVED_ENV_PREFIX } from '../answers/rules.js';
import {
  NOT_PACK_SOURCES,
  MANIFEST_FILE,
  type PackLocation,
  answersOfPack,
  readOptionalText,
  readPackRecord,
} from './pack-reader.js';
import { findPlaceholder, userTexts } from './verify-pack.js';
import { filesUnder } from '../util/files.js';
import { parseJson } from '../util/json.js';
import { envExampleLine, parseDotenv } from '../util/dotenv.js';

export type Severity = 'error' | 'warning';

/** One thing wrong with a pack: where (file, field), what is wrong, and what would be right. */
export interface CheckFinding {
  severity: Severity;
  /** A stable name of the rule that found it, e.g. `version-mismatch`. */
  code: string;
  file: string;
  field?: string;
  problem: string;
  expected?: string;
}

export interface CheckReport {
  folder: string;
  findings: CheckFinding[];
  /** What could not be checked, and why (a folder holding only a manifest). */
  skipped: { file: string; reason: string }[];
}

export const PACK_FILES = {
  frontendPackage: 'package/package.json',
  servicePackage: 'service/package.json',
  chart: 'helm/Chart.yaml',
  values: 'helm/values.yaml',
  valuesSchema: 'helm/values.schema.json',
  envExample: 'service/.env.example',
  serviceConfig: 'service/src/config.ts',
} as const;

const show = (value: unknown) => (value === undefined ? 'missing' : JSON.stringify(value));

/** Checks a pack (or a lone manifest) against the pack contract and against itself. */
export async function checkPack(location: PackLocation): Promise<CheckReport> {
  const report: CheckReport = { folder: location.folder, findings: [], skipped: [] };
  const add = (finding: CheckFinding) => report.findings.push(finding);
  const manifestFile = location.manifestOnly ? path.basename(location.manifestPath) : MANIFEST_FILE;

  const text = (await readOptionalText(location.manifestPath))!;
  const parsed = parseJson(text);
  if (!parsed.ok) {
    add({ severity: 'error', code: 'manifest-json', file: manifestFile, problem: parsed.reason, expected: 'a JSON object (the pack contract)' });
    return report;
  }
  const contractProblems = checkManifest(parsed.data);
  for (const problem of contractProblems)
    add({
      severity: 'error',
      code: 'contract',
      file: manifestFile,
      field: problem.field,
      problem: `${problem.value === undefined ? '' : `${JSON.stringify(problem.value)} `}${problem.reason}`,
    });
  const isObject = typeof parsed.data === 'object' && parsed.data !== null && !Array.isArray(parsed.data);
  const sound = soundFields(contractProblems);
  const manifest = parsed.data as KhalAppManifest;
  const record = location.manifestOnly ? undefined : await readPackRecord(location.folder);
  const typed = isObject ? typedTexts(record, manifest) : [];
  placeholderFindings(manifestFile, text, typed, parsed.data).forEach(add);
  if (!isObject) return report;

  const packFolders = ['package', 'helm', 'service'];
  const hasPackFiles =
    !location.manifestOnly && readdirSync(location.folder).some((entry) => packFolders.includes(entry));
  if (!hasPackFiles) {
    const files = manifest.backend ? Object.values(PACK_FILES) : [PACK_FILES.frontendPackage];
    const reason = location.manifestOnly
      ? 'a manifest file was given, not a pack folder'
      : `the folder holds ${MANIFEST_FILE} but no package/, helm/ or service/`;
    report.skipped.push(...files.map((file) => ({ file, reason: `${reason}: ${skipConsequence(file)}` })));
    report.skipped.push({ file: '(other files)', reason: `${reason}: no placeholder search outside ${manifestFile}` });
    return report;
  }

  const answers = answersOfPack(withStandIns(manifest, sound), record);
  const names = packNames(answers);
  const crossCheckable = (file: string, fields: string[], compared: string) => {
    const broken = fields.filter((field) => !sound(field));
    if (broken.length === 0) return true;
    report.skipped.push({
      file,
      reason: `${compared} not compared: ${broken.join(', ')} in ${MANIFEST_FILE} ${broken.length === 1 ? 'breaks' : 'break'} the pack contract (fix the errors above)`,
    });
    return false;
  };
  const context: PackContext = { folder: location.folder, manifest, answers, names, add, crossCheckable };

  await checkFrontendPackage(context);
  if (manifest.backend) {
    await checkServicePackage(context);
    await checkChart(context);
    const values = await checkValues(context);
    if (crossCheckable(PACK_FILES.values, ['env'], 'env.config and env.secrets')) checkValuesEnv(context, values);
    if (crossCheckable(PACK_FILES.valuesSchema, ['env'], 'env[]')) await checkValuesSchema(context);
    if (crossCheckable(PACK_FILES.envExample, ['env'], 'env[]')) await checkEnvExample(context);
    if (crossCheckable(PACK_FILES.serviceConfig, ['env'], 'env[]')) await checkServiceConfig(context);
  }
  for (const file of textFiles(location.folder))
    if (file !== MANIFEST_FILE) {
      const content = await readOptionalText(path.join(location.folder, file));
      if (content === undefined || content.includes('\u0000')) continue;
      const data = file.endsWith('.json') ? parseJson(content) : undefined;
      placeholderFindings(file, content, typed, data?.ok ? data.data : undefined).forEach(add);
    }
  return report;
}

/**
 * Which manifest fields a cross-check may read: a field is sound when the contract check found
 * nothing wrong at it, inside it, or in a field that holds it.
 */
function soundFields(problems: ManifestProblem[]): (field: string) => boolean {
  const within = (inner: string, outer: string) => inner === outer || inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}[`);
  return (field) => !problems.some(({ field: broken }) => broken === '(manifest)' || within(broken, field) || within(field, broken));
}

/**
 * The manifest with each broken field the answers are derived from replaced by a harmless
 * stand-in (or left out), so answers and names can be built; every cross-check that reads a
 * broken field is skipped, so no stand-in is ever compared with a file.
 */
function withStandIns(manifest: KhalAppManifest, sound: (field: string) => boolean): KhalAppManifest {
  const text = (field: 'name' | 'version' | 'icon' | 'description' | 'author') => (sound(field) ? manifest[field] : '');
  return {
    ...manifest,
    id: sound('id') ? manifest.id : 'unknown',
    name: text('name'),
    version: text('version'),
    icon: text('icon'),
    description: text('description'),
    author: text('author'),
    permissions: sound('permissions') ? manifest.permissions : [],
    frontend: sound('frontend') ? manifest.frontend : undefined,
    backend: sound('backend') ? manifest.backend : undefined,
    env: sound('env') ? manifest.env : [],
  };
}

/**
 * The texts the pack's author typed (name, description, author, env descriptions and defaults),
 * where a placeholder-like text is on purpose: as `.khal-pack.json` records the answers
 * create-khal-pack and add env accepted, else as the manifest says them. A manifest text that
 * is nothing but a placeholder is an unfilled template (the docs' examples), not a typed text.
 */
function typedTexts(record: Partial<PackAnswers> | undefined, manifest: KhalAppManifest): string[] {
  const source = record ?? { displayName: manifest.name, description: manifest.description, author: manifest.author, env: manifest.env };
  const env = Array.isArray(source.env) ? source.env.filter(isMapping) : [];
  // Records and broken manifests may hold anything; an empty text would match everywhere and hide every placeholder.
  const texts = userTexts({ ...source, env } as Parameters<typeof userTexts>[0]).filter(
    (text): text is string => typeof text === 'string' && text !== '',
  );
  return record ? texts : texts.filter((text) => findPlaceholder(text, [])?.length !== text.length);
}

function skipConsequence(file: string): string {
  switch (file) {
    case PACK_FILES.frontendPackage:
      return 'version and frontend.package not compared with the frontend package';
    case PACK_FILES.servicePackage:
      return 'version not compared with the service package';
    case PACK_FILES.chart:
      return 'version, appVersion and chart name not compared';
    case PACK_FILES.values:
      return 'image repository, port and env.config/env.secrets not compared';
    case PACK_FILES.valuesSchema:
      return 'env[] not compared with the values schema';
    case PACK_FILES.envExample:
      return 'env[] not compared with .env.example';
    default:
      return "env[] not compared with the service's ENV_SPECS";
  }
}

interface PackContext {
  folder: string;
  manifest: KhalAppManifest;
  answers: PackAnswers;
  names: ReturnType<typeof packNames>;
  add: (finding: CheckFinding) => void;
  /** True when every manifest field in `fields` passes the contract; else the comparison is listed as skipped. */
  crossCheckable: (file: string, fields: string[], compared: string) => boolean;
}

const isMapping = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads and parses one file that must hold a mapping; a missing, unparsable, empty or
 * non-mapping one becomes a finding (missing: error or warning as the caller says) and gives undefined.
 */
async function readPackData<T>(
  context: PackContext,
  file: string,
  format: 'json' | 'yaml',
  whenMissing: { severity: Severity; expected: string },
): Promise<T | undefined> {
  const text = await readOptionalText(path.join(context.folder, file));
  if (text === undefined) {
    context.add({ severity: whenMissing.severity, code: 'file-missing', file, problem: 'is missing', expected: whenMissing.expected });
    return undefined;
  }
  let data: unknown;
  if (format === 'json') {
    const parsed = parseJson(text);
    if (!parsed.ok) {
      context.add({ severity: 'error', code: 'file-unreadable', file, problem: parsed.reason });
      return undefined;
    }
    data = parsed.data;
  } else {
    try {
      data = parseYaml(text);
    } catch (error) {
      context.add({ severity: 'error', code: 'file-unreadable', file, problem: `is not valid YAML: ${(error as Error).message}` });
      return undefined;
    }
  }
  if (!isMapping(data)) {
    context.add({
      severity: 'error',
      code: 'file-unreadable',
      file,
      problem: `is empty or not a mapping (it holds ${data === null || data === undefined ? 'nothing' : JSON.stringify(data).slice(0, 60)})`,
      expected: whenMissing.expected,
    });
    return undefined;
  }
  return data as T;
}

function compareVersion(context: PackContext, file: string, field: string, actual: unknown) {
  if (actual !== context.manifest.version)
    context.add({
      severity: 'error',
      code: 'version-mismatch',
      file,
      field,
      problem: `is ${show(actual)} but ${MANIFEST_FILE} version is ${show(context.manifest.version)}`,
      expected: show(context.manifest.version),
    });
}

async function checkFrontendPackage(context: PackContext) {
  const file = PACK_FILES.frontendPackage;
  const pkg = await readPackData<{ name?: unknown; version?: unknown }>(context, file, 'json', {
    severity: 'error',
    expected: `the frontend package (${context.manifest.frontend?.package ?? context.names.frontendPackage}), named by frontend.package`,
  });
  if (!pkg) return;
  if (context.crossCheckable(file, ['version'], 'version')) compareVersion(context, file, 'version', pkg.version);
  if (!context.crossCheckable(file, ['id', 'frontend'], 'name (frontend.package)')) return;
  const declared = context.manifest.frontend?.package;
  if (declared === undefined) {
    context.add({
      severity: 'error',
      code: 'frontend-package-mismatch',
      file: MANIFEST_FILE,
      field: 'frontend.package',
      problem: `is missing, but the pack has a frontend package (${show(pkg.name)})`,
      expected: show(pkg.name),
    });
  } else if (pkg.name !== declared && pkg.name === context.names.frontendPackage) {
    // The fix goes where the naming rule is broken: the manifest, when the package follows the rule.
    context.add({
      severity: 'error',
      code: 'frontend-package-mismatch',
      file: MANIFEST_FILE,
      field: 'frontend.package',
      problem: `is ${show(declared)} but ${PACK_FILES.frontendPackage} is named ${show(pkg.name)}: the platform would load a package that is not this one`,
      expected: show(pkg.name),
    });
  } else if (pkg.name !== declared) {
    context.add({
      severity: 'error',
      code: 'frontend-package-mismatch',
      file: PACK_FILES.frontendPackage,
      field: 'name',
      problem: `is ${show(pkg.name)} but ${MANIFEST_FILE} frontend.package is ${show(declared)}: the platform would load a package that is not this one`,
      expected: show(declared),
    });
  }
  // When the manifest-side error above names the fix, a naming warning on the same field would only repeat it.
  if (declared !== undefined && declared !== context.names.frontendPackage && pkg.name !== context.names.frontendPackage)
    context.add({
      severity: 'warning',
      code: 'naming-rule',
      file: MANIFEST_FILE,
      field: 'frontend.package',
      problem: `is ${show(declared)}, which does not follow <scope>/pack-<id>`,
      expected: show(context.names.frontendPackage),
    });
}

interface ValuesYaml {
  image?: { repository?: unknown };
  port?: unknown;
  platformEnv?: unknown;
  env?: { config?: unknown; secretName?: unknown; secrets?: unknown };
}

/** service/package.json: the service ships in the image tagged v<version>, so its version is the pack's too. */
async function checkServicePackage(context: PackContext) {
  const file = PACK_FILES.servicePackage;
  const pkg = await readPackData<{ version?: unknown }>(context, file, 'json', {
    severity: 'error',
    expected: 'the service package, since khal-app.json has a backend',
  });
  if (pkg && context.crossCheckable(file, ['version'], 'version')) compareVersion(context, file, 'version', pkg.version);
}

async function checkChart(context: PackContext) {
  const { manifest, names, add } = context;
  const backend = manifest.backend!;
  const chart = await readPackData<{ name?: unknown; version?: unknown; appVersion?: unknown }>(context, PACK_FILES.chart, 'yaml', {
    severity: 'error',
    expected: `the chart of the service (${names.chart}), since ${MANIFEST_FILE} has a backend`,
  });
  if (chart && context.crossCheckable(PACK_FILES.chart, ['version'], 'version and appVersion')) {
    compareVersion(context, PACK_FILES.chart, 'version', chart.version);
    compareVersion(context, PACK_FILES.chart, 'appVersion', chart.appVersion);
  }
  if (!context.crossCheckable(PACK_FILES.chart, ['id', 'backend'], 'the chart name and backend.helmChart/backend.image')) return;
  if (chart) {
    const chartName = chart.name;
    if (backend.helmChart === undefined)
      add({
        severity: 'warning',
        code: 'helm-chart-mismatch',
        file: MANIFEST_FILE,
        field: 'backend.helmChart',
        problem: 'is missing: the customer hand-off cannot name the chart to install',
        expected: show(names.helmChart),
      });
    else if (typeof chartName === 'string' && backend.helmChart.split('/').pop() !== chartName) {
      // The fix goes where the naming rule is broken: the chart, when the manifest follows the rule.
      if (backend.helmChart === names.helmChart) {
        add({
          severity: 'error',
          code: 'helm-chart-mismatch',
          file: PACK_FILES.chart,
          field: 'name',
          problem: `is ${show(chartName)} but ${MANIFEST_FILE} backend.helmChart is ${show(backend.helmChart)}: customers would pull another chart`,
          expected: show(names.chart),
        });
      } else
        add({
          severity: 'error',
          code: 'helm-chart-mismatch',
          file: MANIFEST_FILE,
          field: 'backend.helmChart',
          problem: `is ${show(backend.helmChart)} but helm/Chart.yaml names the chart ${show(chartName)}: customers would pull another chart`,
          expected: show(`${backend.helmChart.slice(0, backend.helmChart.lastIndexOf('/') + 1)}${chartName}`),
        });
    }
    // When the chart-side error above names the fix, a naming warning on the same field would only repeat it.
    const chartFixNamed = typeof chartName === 'string' && backend.helmChart === names.helmChart && chartName !== names.chart;
    if (chartName !== names.chart && !chartFixNamed)
      add({
        severity: 'warning',
        code: 'naming-rule',
        file: PACK_FILES.chart,
        field: 'name',
        problem: `is ${show(chartName)}, which does not follow pack-<id>`,
        expected: show(names.chart),
      });
  }
  if (backend.helmChart !== undefined && backend.helmChart !== names.helmChart)
    add({
      severity: 'warning',
      code: 'naming-rule',
      file: MANIFEST_FILE,
      field: 'backend.helmChart',
      problem: `is ${show(backend.helmChart)}, which does not follow oci://<registry>/charts/pack-<id> (registry ${show(context.answers.registry)})`,
      expected: show(names.helmChart),
    });
  if (backend.image !== names.image)
    add({
      severity: 'warning',
      code: 'naming-rule',
      file: MANIFEST_FILE,
      field: 'backend.image',
      problem: `is ${show(backend.image)}, which does not follow <registry>/pack-<id>-service (registry ${show(context.answers.registry)})`,
      expected: show(names.image),
    });
}

/** helm/values.yaml: its image and port against backend; its env part is left to checkValuesEnv. */
async function checkValues(context: PackContext): Promise<ValuesYaml | undefined> {
  const { manifest, add } = context;
  const values = await readPackData<ValuesYaml>(context, PACK_FILES.values, 'yaml', {
    severity: 'error',
    expected: 'the chart values (image, port, env.config, env.secrets)',
  });
  if (!values || !context.crossCheckable(PACK_FILES.values, ['backend'], 'image.repository and port')) return values;
  const backend = manifest.backend!;
  const repository = values.image?.repository;
  if (repository !== backend.image)
    add({
      severity: 'error',
      code: 'image-mismatch',
      file: PACK_FILES.values,
      field: 'image.repository',
      problem: `is ${show(repository)} but ${MANIFEST_FILE} backend.image is ${show(backend.image)}: the chart would run another image than the one published`,
      expected: show(backend.image),
    });
  const port = values.port;
  if (!isDeepStrictEqual(backend.ports, [port]))
    add({
      severity: 'error',
      code: 'port-mismatch',
      file: MANIFEST_FILE,
      field: 'backend.ports',
      problem: `is ${show(backend.ports)} but helm/values.yaml port is ${show(port)}`,
      expected: show(typeof port === 'number' ? [port] : backend.ports),
    });
  checkPlatformEnv(context, values.platformEnv);
  return values;
}

/** helm/values.yaml platformEnv: the chart must give the service exactly backend.env. */
function checkPlatformEnv(context: PackContext, platformEnv: unknown) {
  const { add } = context;
  const declared = context.manifest.backend!.env;
  const file = PACK_FILES.values;
  if (platformEnv !== undefined && platformEnv !== null && !isMapping(platformEnv)) {
    add({ severity: 'error', code: 'platform-env-mismatch', file, field: 'platformEnv', problem: `is ${show(platformEnv)}, not a mapping of KEY: "value"`, expected: show(declared) });
    return;
  }
  const chart = isMapping(platformEnv) ? platformEnv : {};
  for (const [key, value] of Object.entries(declared)) {
    const field = `platformEnv.${key}`;
    if (!Object.hasOwn(chart, key))
      add({ severity: 'error', code: 'platform-env-mismatch', file, field, problem: `is missing, but ${MANIFEST_FILE} backend.env sets ${key}: the service would start without it`, expected: show(value) });
    // The chart renders each value with toString, so a YAML number 4222 reaches the service as "4222".
    else if (isMapping(chart[key]) || Array.isArray(chart[key]) || String(chart[key]) !== value)
      add({ severity: 'error', code: 'platform-env-mismatch', file, field, problem: `is ${show(chart[key])} but ${MANIFEST_FILE} backend.env.${key} is ${show(value)}`, expected: show(value) });
  }
  for (const key of Object.keys(chart).filter((key) => !Object.hasOwn(declared, key)))
    add({
      severity: 'warning',
      code: 'platform-env-extra',
      file,
      field: `platformEnv.${key}`,
      problem: `is set by the chart, but ${MANIFEST_FILE} backend.env does not declare ${key}`,
      expected: `${key} in backend.env, or no ${key} in platformEnv`,
    });
}

function checkValuesEnv(context: PackContext, values: ValuesYaml | undefined) {
  if (!values) return;
  const { add } = context;
  const entries = context.manifest.env ?? [];
  const file = PACK_FILES.values;
  if (values.env === undefined && entries.length > 0) {
    add({ severity: 'error', code: 'values-env-missing', file, field: 'env', problem: 'is missing, but env[] declares entries', expected: 'env.config, env.secretName and env.secrets' });
    return;
  }
  const shapeProblem = (field: string, actual: unknown, expected: string) =>
    add({ severity: 'error', code: 'values-env-shape', file, field, problem: `is ${show(actual)}, not a ${expected}`, expected: `a ${expected} (see the values contract in the README)` });
  if (values.env !== undefined && values.env !== null && !isMapping(values.env)) {
    shapeProblem('env', values.env, 'mapping with config, secretName and secrets');
    return;
  }
  const config = values.env?.config ?? {};
  const secrets = values.env?.secrets ?? [];
  if (!isMapping(config)) shapeProblem('env.config', config, 'mapping of KEY: "value"');
  if (!Array.isArray(secrets)) shapeProblem('env.secrets', secrets, 'list of { key, required } items');
  if (!isMapping(config) || !Array.isArray(secrets)) return;
  for (const entry of entries) {
    const where = `env[${entries.indexOf(entry)}] in ${MANIFEST_FILE}`;
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
      const item = (secrets as { key?: unknown; required?: unknown }[]).find((secret) => secret?.key === entry.key);
      if (!item)
        add({
          severity: 'error',
          code: 'values-secret-missing',
          file,
          field: 'env.secrets',
          problem: `has no item for the secret ${entry.key} (${where}): the pod would never receive it`,
          expected: `- key: ${entry.key}\n  required: ${entry.required}`,
        });
      else if (item.required !== entry.required)
        add({
          severity: 'error',
          code: 'values-secret-required',
          file,
          field: `env.secrets[${secrets.indexOf(item)}].required`,
          problem: `is ${show(item.required)} but ${entry.key} is ${entry.required ? 'required' : 'optional'} in ${MANIFEST_FILE}`,
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
  }
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
  (secrets as { key?: unknown; required?: unknown }[]).forEach((item, index) => {
    const key = typeof item?.key === 'string' ? item.key : undefined;
    if (key === undefined || declared.get(key)?.type !== 'secret')
      add({
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
      add({
        severity: 'error',
        code: 'values-secret-value',
        file,
        field: `env.secrets[${index}]`,
        problem: `holds ${extra.map((name) => JSON.stringify(name)).join(', ')} besides key and required: a secret's value never belongs in values.yaml (it comes from the Secret named by env.secretName)`,
        expected: `- key: ${key ?? 'KEY'}\n  required: ${declared.get(key ?? '')?.required ?? true}`,
      });
  });
}

async function checkValuesSchema(context: PackContext) {
  const schema = await readPackData<Record<string, unknown>>(context, PACK_FILES.valuesSchema, 'json', {
    severity: 'error',
    expected: 'the values schema derived from env[], so helm refuses a missing required value',
  });
  if (!schema) return;
  // The template is `{{json helmValuesSchema}}` of the pack model: compare with the model
  // directly, so a check never loads the template engine.
  const expected = (buildPackModel(context.answers).helmValuesSchema as { properties?: Record<string, unknown> }).properties?.env;
  const actual = (schema as { properties?: Record<string, unknown> }).properties?.env;
  for (const difference of jsonDifferences(expected, actual, 'properties.env').slice(0, 20))
    context.add({
      severity: 'error',
      code: 'values-schema-env',
      file: PACK_FILES.valuesSchema,
      field: difference.path,
      problem: `is ${show(difference.actual)}, not what env[] in ${MANIFEST_FILE} implies`,
      expected: show(difference.expected),
    });
}

/** Every leaf where `actual` differs from `expected`, by dotted path. */
export function jsonDifferences(expected: unknown, actual: unknown, at: string): { path: string; expected: unknown; actual: unknown }[] {
  if (isDeepStrictEqual(expected, actual)) return [];
  const bothObjects =
    typeof expected === 'object' && expected !== null && typeof actual === 'object' && actual !== null && Array.isArray(expected) === Array.isArray(actual);
  if (!bothObjects || Array.isArray(expected)) return [{ path: at, expected, actual }];
  const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])];
  return keys.flatMap((key) =>
    jsonDifferences((expected as Record<string, unknown>)[key], (actual as Record<string, unknown>)[key], `${at}.${key}`),
  );
}

async function checkEnvExample(context: PackContext) {
  const file = PACK_FILES.envExample;
  const text = await readOptionalText(path.join(context.folder, file));
  if (text === undefined) {
    context.add({ severity: 'warning', code: 'file-missing', file, problem: 'is missing', expected: 'one KEY= line per env[] entry, so a developer knows what to set' });
    return;
  }
  const lines = parseDotenv(text);
  for (const entry of context.manifest.env ?? []) {
    const line = lines.get(entry.key);
    if (!line)
      context.add({
        severity: 'error',
        code: 'env-example-missing',
        file,
        field: entry.key,
        problem: `has no line for ${entry.key} (declared in env[] of ${MANIFEST_FILE})`,
        expected: `${entry.key}=${envExampleLine(entry).written}`,
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
    else if (entry.type !== 'secret' && line.value !== envExampleLine(entry).read)
      context.add({
        severity: 'warning',
        code: 'env-example-default',
        file,
        field: `${entry.key} (line ${line.line})`,
        problem: `is ${show(line.value)} but the default in ${MANIFEST_FILE} is ${entry.default === undefined ? 'none' : show(entry.default)}`,
        expected: `${entry.key}=${envExampleLine(entry).written}`,
      });
  }
  const declared = new Set((context.manifest.env ?? []).map((entry) => entry.key));
  for (const [key, line] of lines)
    if (!declared.has(key) && !(RESERVED_ENV_KEYS as readonly string[]).includes(key) && !key.startsWith(RESERVED_ENV_PREFIX))
      context.add({
        severity: 'warning',
        code: 'env-example-extra',
        file,
        field: `${key} (line ${line.line})`,
        problem: `is not an entry of env[] in ${MANIFEST_FILE}: no customer will ever set it`,
        expected: `declare ${key} in env[] (khal-pack add env ${key}) or remove the line`,
      });
}

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

async function checkServiceConfig(context: PackContext) {
  const file = PACK_FILES.serviceConfig;
  const source = await readOptionalText(path.join(context.folder, file));
  if (source === undefined) {
    context.add({ severity: 'warning', code: 'file-missing', file, problem: "is missing: env[] could not be compared with the service's settings", expected: 'the generated config with ENV_SPECS' });
    return;
  }
  const found = findEnvSpecs(source);
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
  const expected = buildPackModel(context.answers).envSpecs;
  const actual = found.specs as { key?: unknown }[];
  const byKey = new Map(actual.map((spec) => [spec?.key, spec]));
  for (const spec of expected) {
    const present = byKey.get(spec.key);
    if (!present)
      context.add({
        severity: 'error',
        code: 'service-config-missing',
        file,
        field: 'ENV_SPECS',
        problem: `has no spec for ${spec.key}: the service would never read it`,
        expected: JSON.stringify(spec),
      });
    else if (!isDeepStrictEqual(present, spec))
      context.add({
        severity: 'error',
        code: 'service-config-differs',
        file,
        field: `ENV_SPECS[${actual.indexOf(present)}]`,
        problem: `is ${JSON.stringify(present)}, not what env[] in ${MANIFEST_FILE} says`,
        expected: JSON.stringify(spec),
      });
  }
  const declared = new Set(expected.map((spec) => spec.key));
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

/**
 * `<name>`-style placeholders outside the texts the pack's author typed (`typed`); in a JSON
 * file each is named by its field, elsewhere by its line.
 */
export function placeholderFindings(file: string, text: string, typed: readonly string[], data?: unknown): CheckFinding[] {
  if (findPlaceholder(text, typed) === undefined) return [];
  const findings: CheckFinding[] = [];
  const finding = (field: string, placeholder: string): CheckFinding => ({
    severity: 'error',
    code: 'placeholder',
    file,
    field,
    problem: `holds the placeholder ${JSON.stringify(placeholder)}`,
    expected: 'the real value (for a generated pack: the pack id, scope or registry it was made with)',
  });
  if (data !== undefined) {
    const walk = (value: unknown, at: string) => {
      if (typeof value === 'string') {
        const placeholder = findPlaceholder(value, typed);
        if (placeholder !== undefined) findings.push(finding(at || '(value)', placeholder));
      } else if (Array.isArray(value)) value.forEach((item, index) => walk(item, `${at}[${index}]`));
      else if (value && typeof value === 'object')
        for (const [key, item] of Object.entries(value)) walk(item, at ? `${at}.${key}` : key);
    };
    walk(data, '');
    if (findings.length > 0) return findings;
  }
  text.split('\n').forEach((line, index) => {
    const placeholder = findPlaceholder(line, typed);
    if (placeholder !== undefined) findings.push(finding(`line ${index + 1}`, placeholder));
  });
  return findings;
}

// Binary files a pack may hold: the text checks skip them.
const BINARY_FILE = /\.(png|jpe?g|gif|ico|woff2?|lockb|tgz)$/;

function textFiles(folder: string): string[] {
  return filesUnder(folder, (name) => NOT_PACK_SOURCES.has(name)).filter((file) => !BINARY_FILE.test(file));
}

export function countBySeverity(findings: CheckFinding[]) {
  return {
    errors: findings.filter((finding) => finding.severity === 'error').length,
    warnings: findings.filter((finding) => finding.severity === 'warning').length,
  };
}
