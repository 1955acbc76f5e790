import { readdirSync } from 'node:fs';
import path from 'node:path';
import { type KhalAppManifest, type ManifestProblem, shownManifestProblems } from '../manifest/manifest-schema.js';
import { parseJson } from '../util/json.js';
import type { Finding } from './finding.js';
import { answersOfPack, readPackRecord } from './pack-answers.js';
import { MANIFEST_FILE, type PackLocation, readOptionalText, RECORD_FILE } from './pack-reader.js';
import { PACK_FILES, skipConsequence } from './pack-files.js';
import { placeholderFindings, scanPackFiles, typedTexts } from './placeholders.js';
import { type PackContext, contractNames, packFileReader } from './rules/context.js';
import { checkChart } from './rules/chart.js';
import { checkEnvExample } from './rules/env-example.js';
import { checkFrontendPackage, checkServicePackage } from './rules/packages.js';
import { SERVICE_ENTRY, checkServicePermissions } from './rules/permissions.js';
import { checkServiceConfig } from './rules/service-config.js';
import { checkValues } from './rules/values.js';
import { checkValuesEnv } from './rules/values-env.js';
import { checkValuesSchema } from './rules/values-schema.js';
import { quoted } from '../util/quoted.js';

export { PACK_FILES } from './pack-files.js';
export { findEnvSpecs } from './rules/service-config.js';
export { placeholderFindings } from './placeholders.js';
export { jsonDifferences } from '../util/json.js';
export { countBySeverity } from './finding.js';

export interface CheckReport {
  folder: string;
  findings: Finding[];
  /** What could not be checked, and why (a folder holding only a manifest). */
  skipped: { file: string; reason: string }[];
  /** What was checked: the files compared with the manifest, how many rule groups ran, how many files the placeholder search read. */
  checked: { files: string[]; rules: number; searched: number };
}

/** Checks a pack (or a lone manifest) against the pack contract and against itself. */
export async function checkPack(location: PackLocation): Promise<CheckReport> {
  const report: CheckReport = { folder: location.folder, findings: [], skipped: [], checked: { files: [], rules: 0, searched: 1 } };
  const add = (finding: Finding) => report.findings.push(finding);
  const manifestFile = location.manifestOnly ? path.basename(location.manifestPath) : MANIFEST_FILE;
  const ran = (rules: number, ...files: string[]) => {
    report.checked.rules += rules;
    for (const file of files) if (!report.checked.files.includes(file)) report.checked.files.push(file);
  };

  const text = (await readOptionalText(location.manifestPath))!;
  const parsed = parseJson(text);
  ran(1, manifestFile);
  if (!parsed.ok) {
    add({ severity: 'error', code: 'manifest-json', file: manifestFile, problem: parsed.reason, expected: 'a JSON object (the pack contract)' });
    return report;
  }
  const contractProblems = shownManifestProblems(parsed.data);
  for (const problem of contractProblems)
    add({
      severity: 'error',
      code: 'contract',
      file: manifestFile,
      field: problem.field,
      problem: `${problem.value === undefined ? '' : `${quoted(problem.value)} `}${problem.reason}`,
    });
  const isObject = typeof parsed.data === 'object' && parsed.data !== null && !Array.isArray(parsed.data);
  const sound = soundFields(contractProblems);
  const manifest = parsed.data as KhalAppManifest;
  const record = location.manifestOnly
    ? undefined
    : await readPackRecord(location.folder, (reason) =>
        add({ severity: 'error', code: 'file-refused', file: RECORD_FILE, problem: reason, expected: 'a regular file inside the pack folder' }),
      );
  const typed = isObject ? typedTexts(record, manifest) : [];
  placeholderFindings(manifestFile, text, typed, parsed.data).forEach(add);
  ran(1);
  if (!isObject) return report;

  const packFolders = ['package', 'helm', 'service'];
  const hasPackFiles = !location.manifestOnly && readdirSync(location.folder).some((entry) => packFolders.includes(entry));
  if (!hasPackFiles) {
    const files = manifest.backend ? Object.values(PACK_FILES) : [PACK_FILES.frontendPackage];
    const reason = location.manifestOnly
      ? 'a manifest file was given, not a pack folder'
      : `the folder holds ${MANIFEST_FILE} but no package/, helm/ or service/`;
    report.skipped.push(...files.map((file) => ({ file, reason: `${reason}: ${skipConsequence(file)}` })));
    report.skipped.push({ file: '(other files)', reason: `${reason}: no placeholder search outside ${manifestFile}` });
    return report;
  }

  const context = packContext(location.folder, manifest, sound, record, add, report.skipped);
  let values: ReturnType<typeof checkValues>;
  // Each rule group: the file it compares with the manifest, and the manifest fields it reads (checked first, else skipped).
  const groups: { file: string; fields?: string[]; compared?: string; run: () => void; backend?: true }[] = [
    { file: PACK_FILES.frontendPackage, run: () => checkFrontendPackage(context) },
    { file: PACK_FILES.servicePackage, run: () => checkServicePackage(context), backend: true },
    { file: PACK_FILES.chart, run: () => checkChart(context), backend: true },
    { file: PACK_FILES.values, run: () => (values = checkValues(context)), backend: true },
    { file: PACK_FILES.values, fields: ['env'], compared: 'env.config and env.secrets', run: () => checkValuesEnv(context, values), backend: true },
    { file: PACK_FILES.valuesSchema, fields: ['env'], compared: 'env[]', run: () => checkValuesSchema(context), backend: true },
    { file: PACK_FILES.envExample, fields: ['env'], compared: 'env[]', run: () => checkEnvExample(context), backend: true },
    { file: PACK_FILES.serviceConfig, fields: ['env'], compared: 'env[]', run: () => checkServiceConfig(context), backend: true },
    { file: SERVICE_ENTRY, fields: ['permissions'], compared: 'permissions', run: () => checkServicePermissions(context), backend: true },
  ];
  for (const group of groups) {
    if (group.backend && !manifest.backend) continue;
    if (group.fields && !context.crossCheckable(group.file, group.fields, group.compared!)) continue;
    group.run();
    ran(1, group.file);
  }
  report.checked.searched += scanPackFiles(location.folder, typed, context.read, add);
  return report;
}

function packContext(
  folder: string,
  manifest: KhalAppManifest,
  sound: (field: string) => boolean,
  record: ReturnType<typeof answersOfPack> | Partial<ReturnType<typeof answersOfPack>> | undefined,
  add: (finding: Finding) => void,
  skipped: CheckReport['skipped'],
): PackContext {
  // Scope and registry: as the manifest implies them, else as .khal-pack.json records them.
  const { scope, registry } = answersOfPack(withStandIns(manifest, sound), record);
  const crossCheckable = (file: string, fields: string[], compared: string) => {
    const broken = fields.filter((field) => !sound(field));
    if (broken.length === 0) return true;
    skipped.push({
      file,
      reason: `${compared} not compared: ${broken.join(', ')} in ${MANIFEST_FILE} ${broken.length === 1 ? 'breaks' : 'break'} the pack contract (fix the errors above)`,
    });
    return false;
  };
  const id = sound('id') ? manifest.id : 'unknown';
  return { folder, manifest, names: contractNames(id, scope, registry), registry, add, crossCheckable, read: packFileReader(folder, add) };
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
 * The manifest with each broken field the scope and registry are read from replaced by a
 * harmless stand-in (or left out); every cross-check that reads a broken field is skipped,
 * so no stand-in is ever compared with a file.
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
