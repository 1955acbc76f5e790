import { execFileSync } from 'node:child_process';
import { copyFile, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { parseDocument } from 'yaml';
import type { Finding as CheckFinding } from '../../src/checks/finding.js';
import { checkManifest } from '../../src/manifest/manifest-schema.js';
import { REPO_ROOT, scenarioAnswers, scenarioNames, tempFolder } from '../support/generate.js';
import { EXAMPLES, checkFolder, editJson, editText, folderState, khalPack, scenarioCopy } from './support.js';

const packs = new Map<string, string>();
const SCENARIOS = await scenarioNames();
const EXAMPLE_FILES = (await readdir(EXAMPLES)).filter((file) => file.endsWith('.khal-app.json')).sort();
const fourEnv = () => scenarioCopy('full-stack-four-env', packs);

const editYaml = (folder: string, file: string, edit: (document: ReturnType<typeof parseDocument>) => void) =>
  editText(folder, file, (text) => {
    const document = parseDocument(text);
    edit(document);
    return document.toString();
  });

describe('khal-pack check on generated packs', () => {
  it.each(SCENARIOS)('%s: passes with no finding', async (scenario) => {
    const report = await checkFolder(await scenarioCopy(scenario, packs));
    expect(report.findings).toEqual([]);
    expect(report.skipped).toEqual([]);
  });

  it('exits 0 and says so; --json gives the same as data', async () => {
    const folder = await fourEnv();
    const text = await khalPack(['check', folder]);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toContain('No problems found.');
    // What was checked, in one line: the files compared, the rule groups, the placeholder search, what was skipped.
    expect(text.stdout).toMatch(
      /Checked khal-app\.json against the pack contract, 8 pack files against it \(package\/package\.json, service\/package\.json, helm\/Chart\.yaml, helm\/values\.yaml, helm\/values\.schema\.json, service\/\.env\.example, service\/src\/config\.ts, service\/src\/index\.ts\); 11 rule groups; the placeholder search read \d+ files; nothing skipped\.\nNo problems found\./,
    );
    const json = await khalPack(['check', folder, '--json']);
    expect(json.exitCode).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, errors: 0, warnings: 0, findings: [], skipped: [] });
  });
});

interface BrokenCase {
  name: string;
  code: string;
  severity: 'error' | 'warning';
  file: string;
  field?: string;
  /** Other codes the same break also causes, if any. */
  alsoCodes?: string[];
  /** What the finding says would be right, where a case pins it. */
  expected?: string;
  breakIt: (folder: string) => Promise<void>;
}

const BROKEN: BrokenCase[] = [
  {
    name: 'khal-app.json is not JSON',
    code: 'manifest-json',
    severity: 'error',
    file: 'khal-app.json',
    breakIt: (folder) => editText(folder, 'khal-app.json', (text) => text.replace('{', '{,')),
  },
  {
    name: 'khal-app.json starts with a byte order mark (JSON.parse, and so the platform, refuses it)',
    code: 'manifest-json',
    severity: 'error',
    file: 'khal-app.json',
    breakIt: (folder) => editText(folder, 'khal-app.json', (text) => `\uFEFF${text}`),
  },
  {
    name: 'a field fails the pack contract',
    code: 'contract',
    severity: 'error',
    file: 'khal-app.json',
    field: 'permissions[0]',
    breakIt: (folder) => editJson(folder, 'khal-app.json', (manifest) => (manifest.permissions[0] = 'user:read')),
  },
  {
    name: 'a secret has a default',
    code: 'contract',
    severity: 'error',
    file: 'khal-app.json',
    field: 'env[0].default',
    breakIt: (folder) => editJson(folder, 'khal-app.json', (manifest) => (manifest.env[0].default = 'sk-live-123')),
  },
  {
    name: 'a <name> placeholder in the manifest',
    code: 'placeholder',
    severity: 'error',
    file: 'khal-app.json',
    field: 'description',
    breakIt: (folder) => editJson(folder, 'khal-app.json', (manifest) => (manifest.description = 'The <name> pack')),
  },
  {
    name: 'a <name> placeholder in another file',
    code: 'placeholder',
    severity: 'error',
    file: 'package/src/index.tsx',
    field: 'line 1',
    breakIt: (folder) => editText(folder, 'package/src/index.tsx', (text) => `// pack-<name>\n${text}`),
  },
  {
    name: 'package/package.json has another version',
    code: 'version-mismatch',
    severity: 'error',
    file: 'package/package.json',
    field: 'version',
    breakIt: (folder) => editJson(folder, 'package/package.json', (pkg) => (pkg.version = '1.1.0')),
  },
  {
    name: 'Chart.yaml version differs',
    code: 'version-mismatch',
    severity: 'error',
    file: 'helm/Chart.yaml',
    field: 'version',
    breakIt: (folder) => editYaml(folder, 'helm/Chart.yaml', (doc) => doc.set('version', '1.1.0')),
  },
  {
    name: 'Chart.yaml appVersion differs',
    code: 'version-mismatch',
    severity: 'error',
    file: 'helm/Chart.yaml',
    field: 'appVersion',
    breakIt: (folder) => editYaml(folder, 'helm/Chart.yaml', (doc) => doc.set('appVersion', '1.1.0')),
  },
  {
    name: 'frontend.package names another package (the manifest breaks the naming rule, so the fix goes there)',
    code: 'frontend-package-mismatch',
    severity: 'error',
    file: 'khal-app.json',
    field: 'frontend.package',
    breakIt: (folder) => editJson(folder, 'khal-app.json', (manifest) => (manifest.frontend.package = '@khal-os/pack-weather')),
  },
  {
    name: 'backend.helmChart names another chart than Chart.yaml',
    code: 'helm-chart-mismatch',
    severity: 'error',
    file: 'khal-app.json',
    field: 'backend.helmChart',
    alsoCodes: ['naming-rule'],
    breakIt: (folder) => editJson(folder, 'khal-app.json', (manifest) => (manifest.backend.helmChart = 'oci://ghcr.io/khal-os/charts/pack-weather')),
  },
  {
    name: 'the chart is renamed against the naming rule (the fix goes to the chart, not the manifest)',
    code: 'helm-chart-mismatch',
    severity: 'error',
    file: 'helm/Chart.yaml',
    field: 'name',
    breakIt: (folder) => editYaml(folder, 'helm/Chart.yaml', (doc) => doc.set('name', 'weather')),
  },
  {
    name: 'service/package.json keeps the old version (publish-image tags the image with the pack version)',
    code: 'version-mismatch',
    severity: 'error',
    file: 'service/package.json',
    field: 'version',
    breakIt: (folder) => editJson(folder, 'service/package.json', (pkg) => (pkg.version = '1.1.0')),
  },
  {
    name: 'values.yaml gives a secret item a value',
    code: 'values-secret-value',
    severity: 'error',
    file: 'helm/values.yaml',
    field: 'env.secrets[0]',
    breakIt: (folder) => editYaml(folder, 'helm/values.yaml', (doc) => doc.setIn(['env', 'secrets', 0, 'value'], 'hunter2')),
  },
  {
    name: 'values.yaml runs another image',
    code: 'image-mismatch',
    severity: 'error',
    file: 'helm/values.yaml',
    field: 'image.repository',
    breakIt: (folder) => editYaml(folder, 'helm/values.yaml', (doc) => doc.setIn(['image', 'repository'], 'ghcr.io/khal-os/other')),
  },
  {
    name: 'backend.ports differs from the chart port',
    code: 'port-mismatch',
    severity: 'error',
    file: 'khal-app.json',
    field: 'backend.ports',
    breakIt: (folder) => editJson(folder, 'khal-app.json', (manifest) => (manifest.backend.ports = [8080])),
    expected: '[8002], or port: 8080 in helm/values.yaml',
  },
  {
    name: 'values.yaml platformEnv gives the service another NATS URL than backend.env',
    code: 'platform-env-mismatch',
    severity: 'error',
    file: 'helm/values.yaml',
    field: 'platformEnv.KHAL_NATS_URL',
    breakIt: (folder) => editYaml(folder, 'helm/values.yaml', (doc) => doc.setIn(['platformEnv', 'KHAL_NATS_URL'], 'nats://localhost:4222')),
  },
  {
    name: 'backend.env gains a key the chart does not set',
    code: 'platform-env-mismatch',
    severity: 'error',
    file: 'helm/values.yaml',
    field: 'platformEnv.KHAL_REGION',
    breakIt: (folder) => editJson(folder, 'khal-app.json', (manifest) => (manifest.backend.env.KHAL_REGION = 'eu-west')),
  },
  {
    name: 'values.yaml platformEnv is not a mapping',
    code: 'platform-env-mismatch',
    severity: 'error',
    file: 'helm/values.yaml',
    field: 'platformEnv',
    breakIt: (folder) => editYaml(folder, 'helm/values.yaml', (doc) => doc.set('platformEnv', ['KHAL_NATS_URL'])),
  },
  {
    name: 'values.yaml platformEnv sets a key backend.env does not declare (warning only)',
    code: 'platform-env-extra',
    severity: 'warning',
    file: 'helm/values.yaml',
    field: 'platformEnv.DEBUG',
    breakIt: (folder) => editYaml(folder, 'helm/values.yaml', (doc) => doc.setIn(['platformEnv', 'DEBUG'], 'true')),
  },
  {
    name: 'a config entry missing from values.yaml',
    code: 'values-config-missing',
    severity: 'error',
    file: 'helm/values.yaml',
    field: 'env.config.POLL_SECONDS',
    breakIt: (folder) => editYaml(folder, 'helm/values.yaml', (doc) => doc.deleteIn(['env', 'config', 'POLL_SECONDS'])),
  },
  {
    name: 'values.yaml config holds a key env[] does not declare',
    code: 'values-config-extra',
    severity: 'error',
    file: 'helm/values.yaml',
    field: 'env.config.CUSTOMER_URL',
    breakIt: (folder) => editYaml(folder, 'helm/values.yaml', (doc) => doc.setIn(['env', 'config', 'CUSTOMER_URL'], 'https://acme.example')),
  },
  {
    name: 'values.yaml config default differs (warning only)',
    code: 'values-config-default',
    severity: 'warning',
    file: 'helm/values.yaml',
    field: 'env.config.POLL_SECONDS',
    breakIt: (folder) => editYaml(folder, 'helm/values.yaml', (doc) => doc.setIn(['env', 'config', 'POLL_SECONDS'], '60')),
  },
  {
    name: 'a secret with its value in values.yaml config',
    code: 'secret-in-config',
    severity: 'error',
    file: 'helm/values.yaml',
    field: 'env.config.WEATHER_API_KEY',
    breakIt: (folder) => editYaml(folder, 'helm/values.yaml', (doc) => doc.setIn(['env', 'config', 'WEATHER_API_KEY'], 'sk-live-123')),
  },
  {
    name: 'a secret missing from env.secrets',
    code: 'values-secret-missing',
    severity: 'error',
    file: 'helm/values.yaml',
    field: 'env.secrets',
    breakIt: (folder) => editYaml(folder, 'helm/values.yaml', (doc) => doc.setIn(['env', 'secrets'], doc.createNode([]))),
  },
  {
    name: 'env.secrets says optional for a required secret',
    code: 'values-secret-required',
    severity: 'error',
    file: 'helm/values.yaml',
    field: 'env.secrets[0].required',
    breakIt: (folder) => editYaml(folder, 'helm/values.yaml', (doc) => doc.setIn(['env', 'secrets', 0, 'required'], false)),
  },
  {
    name: 'env.secrets names a key that is not a secret entry',
    code: 'values-secret-extra',
    severity: 'error',
    file: 'helm/values.yaml',
    field: 'env.secrets[1]',
    breakIt: (folder) =>
      editYaml(folder, 'helm/values.yaml', (doc) => (doc.getIn(['env', 'secrets']) as any).add(doc.createNode({ key: 'OLD_TOKEN', required: true }))),
  },
  {
    name: 'values.schema.json out of step with env[]',
    code: 'values-schema-env',
    severity: 'error',
    file: 'helm/values.schema.json',
    field: 'properties.env.properties.config.required',
    breakIt: (folder) => editJson(folder, 'helm/values.schema.json', (schema) => (schema.properties.env.properties.config.required = [])),
  },
  {
    name: "a description in khal-app.json edited by hand: values.schema.json still says the old one",
    code: 'values-schema-description',
    severity: 'warning',
    file: 'helm/values.schema.json',
    field: 'properties.env.properties.config.properties.PROVIDER_URL.description',
    breakIt: (folder) =>
      editJson(folder, 'khal-app.json', (manifest) => {
        manifest.env.find((entry: any) => entry.key === 'PROVIDER_URL').description = 'Base URL of our weather proxy';
      }),
  },
  {
    name: 'values.schema.json is missing',
    code: 'file-missing',
    severity: 'error',
    file: 'helm/values.schema.json',
    breakIt: (folder) => rm(path.join(folder, 'helm/values.schema.json')),
  },
  {
    name: '.env.example lacks an entry',
    code: 'env-example-missing',
    severity: 'error',
    file: 'service/.env.example',
    field: 'PROVIDER_URL',
    breakIt: (folder) => editText(folder, 'service/.env.example', (text) => text.replace(/^PROVIDER_URL=.*$/m, '')),
  },
  {
    name: '.env.example holds a secret value',
    code: 'env-example-secret-value',
    severity: 'error',
    file: 'service/.env.example',
    breakIt: (folder) => editText(folder, 'service/.env.example', (text) => text.replace(/^WEATHER_API_KEY=.*$/m, 'WEATHER_API_KEY=sk-live-123')),
  },
  {
    name: '.env.example default differs (warning only)',
    code: 'env-example-default',
    severity: 'warning',
    file: 'service/.env.example',
    breakIt: (folder) => editText(folder, 'service/.env.example', (text) => text.replace(/^POLL_SECONDS=.*$/m, 'POLL_SECONDS=5')),
  },
  {
    name: '.env.example sets a key env[] does not declare (warning only)',
    code: 'env-example-extra',
    severity: 'warning',
    file: 'service/.env.example',
    breakIt: (folder) => editText(folder, 'service/.env.example', (text) => `${text}LEGACY_FLAG=1\n`),
  },
  {
    name: 'the service config lacks a spec',
    code: 'service-config-missing',
    severity: 'error',
    file: 'service/src/config.ts',
    field: 'ENV_SPECS',
    breakIt: (folder) => editText(folder, 'service/src/config.ts', (text) => text.replace(/,?\s*\{\s*"key": "POLL_SECONDS"[^}]*\}/, '')),
  },
  {
    name: 'the service config reads a spec with another type',
    code: 'service-config-differs',
    severity: 'error',
    file: 'service/src/config.ts',
    field: 'ENV_SPECS[3]',
    breakIt: (folder) => editText(folder, 'service/src/config.ts', (text) => text.replace(/("key": "POLL_SECONDS",\s*"type": )"number"/, '$1"string"')),
  },
  {
    name: 'the service config reads a key env[] does not declare',
    code: 'service-config-extra',
    severity: 'error',
    file: 'service/src/config.ts',
    field: 'ENV_SPECS[4]',
    breakIt: (folder) =>
      editText(folder, 'service/src/config.ts', (text) => text.replace(/("default": "30"\s*\})/, '$1, { "key": "OLD_KEY", "type": "string", "required": false }')),
  },
];

describe('khal-pack check on packs broken on purpose', () => {
  it.each(BROKEN)('$name -> $severity $code', async (broken) => {
    const folder = await fourEnv();
    await broken.breakIt(folder);
    const { findings } = await checkFolder(folder);
    const hit = findings.find(
      (finding: CheckFinding) =>
        finding.code === broken.code && finding.file === broken.file && (broken.field === undefined || finding.field === broken.field),
    );
    expect(hit, JSON.stringify(findings, null, 2)).toBeDefined();
    expect(hit!.severity).toBe(broken.severity);
    expect(hit!.problem.length).toBeGreaterThan(5);
    if (broken.code !== 'manifest-json' && broken.code !== 'contract') expect(hit!.expected, 'says what would be right').toBeTruthy();
    if (broken.expected !== undefined) expect(hit!.expected).toBe(broken.expected);
    expect(new Set(findings.map((finding) => finding.code))).toEqual(new Set([broken.code, ...(broken.alsoCodes ?? [])]));

    const run = await khalPack(['check', folder, '--json']);
    const errors = findings.filter((finding) => finding.severity === 'error').length;
    expect(run.exitCode, run.stdout).toBe(errors > 0 ? 1 : 0);
    expect(JSON.parse(run.stdout).findings).toEqual(findings);
  });

  it('takes a platformEnv number as the string the chart renders it to', async () => {
    const folder = await fourEnv();
    await editJson(folder, 'khal-app.json', (manifest) => (manifest.backend.env.KHAL_PING_PORT = '4222'));
    await editYaml(folder, 'helm/values.yaml', (doc) => doc.setIn(['platformEnv', 'KHAL_PING_PORT'], 4222));
    expect((await checkFolder(folder)).findings).toEqual([]);
  });

  it('never prints a secret value it found in values.yaml', async () => {
    const folder = await fourEnv();
    await editYaml(folder, 'helm/values.yaml', (doc) => doc.setIn(['env', 'secrets', 0, 'value'], 'sk-live-456'));
    const run = await khalPack(['check', folder]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('helm/values.yaml env.secrets[0]');
    expect(run.stdout).toMatch(/would be right: - key: WEATHER_API_KEY\n\s+required: true/);
    expect(run.stdout).not.toContain('sk-live-456');
  });

  it('never prints a secret value it found, only where it is', async () => {
    const folder = await fourEnv();
    await editText(folder, 'service/.env.example', (text) => text.replace(/^WEATHER_API_KEY=.*$/m, 'WEATHER_API_KEY=sk-live-123'));
    const run = await khalPack(['check', folder]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('WEATHER_API_KEY');
    expect(run.stdout).not.toContain('sk-live-123');
  });

  it('names file, field, problem and the right value in its text output', async () => {
    const folder = await fourEnv();
    await editJson(folder, 'package/package.json', (pkg) => (pkg.version = '1.1.0'));
    const run = await khalPack(['check', folder]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/error\s+package\/package\.json version: is "1\.1\.0" but khal-app\.json version is "1\.2\.0"/);
    expect(run.stdout).toContain('would be right: "1.2.0"');
    expect(run.stdout).toContain('1 error, 0 warnings.');
  });
});

describe('khal-pack check on a folder that holds only khal-app.json', () => {
  it('checks the manifest and lists what it skipped', async () => {
    const folder = await tempFolder();
    await copyFile(path.join(EXAMPLES, 'docs-legacy-complete-example-my-pack.khal-app.json'), path.join(folder, 'khal-app.json'));
    const run = await khalPack(['check', folder, '--json']);
    expect(run.exitCode).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.findings.map((finding: CheckFinding) => `${finding.code} ${finding.field}`)).toEqual(['contract permissions[2]']);
    expect(report.skipped.map((skip: { file: string }) => skip.file)).toEqual(
      expect.arrayContaining(['package/package.json', 'helm/Chart.yaml', 'helm/values.yaml', 'helm/values.schema.json', 'service/.env.example', 'service/src/config.ts']),
    );
    const text = await khalPack(['check', folder]);
    expect(text.stdout).toContain('Skipped:');
    expect(text.stdout).toContain('Checked khal-app.json against the pack contract; 2 rule groups; the placeholder search read 1 file; 8 skipped (listed above, with the reason).');
    expect(text.stdout).toMatch(/helm\/values\.yaml: the folder holds khal-app\.json but no package\/, helm\/ or service\//);
  });

  it('with no folder given, finds the pack the working folder is in, as git finds its repository; a folder given inside a pack is named as such', async () => {
    const folder = await scenarioCopy('full-stack-four-env');
    const inside = path.join(folder, 'service/src');
    const check = await khalPack(['check', '--json'], inside);
    expect(check.exitCode, check.stderr).toBe(0);
    expect(JSON.parse(check.stdout).findings).toEqual([]);
    const added = await khalPack(['env', 'add', 'REGION', '--type', 'string', '--description', 'Region', '--default', 'eu'], inside);
    expect(added.exitCode, `${added.stdout}\n${added.stderr}`).toBe(0);
    expect(JSON.parse(await readFile(path.join(folder, 'khal-app.json'), 'utf8')).env.map((entry: { key: string }) => entry.key)).toContain('REGION');
    expect((await khalPack(['handoff'], inside)).stdout).toContain('REGION');
    const named = await khalPack(['check', 'service/src'], folder);
    expect(named.exitCode).toBe(2);
    expect(named.stderr).toContain('service/src holds no khal-app.json: give the folder of a pack (the one with khal-app.json at its top), or the manifest file itself (service/src is inside the pack .: give that folder)');
  });

  it('exits 2 for a folder without khal-app.json, naming what it wants', async () => {
    const folder = await tempFolder();
    const run = await khalPack(['check', folder]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('holds no khal-app.json');
  });
});

describe('khal-pack check on the real manifests', () => {
  it.each(EXAMPLE_FILES)('%s: the contract problems, any placeholder, and what it skipped', async (file) => {
    const run = await khalPack(['check', path.join(EXAMPLES, file), '--json']);
    const report = JSON.parse(run.stdout);
    const manifestText = await readFile(path.join(EXAMPLES, file), 'utf8');
    const contract = checkManifest(JSON.parse(manifestText)).map((problem) => problem.field);
    expect(report.findings.filter((finding: CheckFinding) => finding.code === 'contract').map((finding: CheckFinding) => finding.field)).toEqual(contract);
    const placeholders = report.findings.filter((finding: CheckFinding) => finding.code === 'placeholder');
    expect(placeholders.length > 0).toBe(/<name>/i.test(manifestText));
    expect(report.skipped.length).toBeGreaterThan(0);
    expect(run.exitCode).toBe(report.findings.some((finding: CheckFinding) => finding.severity === 'error') ? 1 : 0);
  });

  it('passes the docs full-stack example, and finds its placeholders in the frontend-only template', async () => {
    expect((await khalPack(['check', path.join(EXAMPLES, 'docs-legacy-pack-terminal.khal-app.json')])).exitCode).toBe(0);
    const template = JSON.parse((await khalPack(['check', path.join(EXAMPLES, 'docs-legacy-template-frontend-only.khal-app.json'), '--json'])).stdout);
    expect(template.findings.filter((finding: CheckFinding) => finding.code === 'placeholder').map((finding: CheckFinding) => finding.field)).toEqual([
      'id',
      'name',
      'frontend.package',
    ]);
  });
});

interface ContractBreak {
  name: string;
  breakIt: (manifest: any) => void;
  /** The contract problems check reports (their fields). */
  fields: string[];
  /** The files whose cross-checks that break makes check skip. */
  skipped: string[];
}

const CONTRACT_BREAKS: ContractBreak[] = [
  {
    name: 'version not semver (helm refuses such a chart version)',
    breakIt: (manifest) => (manifest.version = 'banana'),
    fields: ['version'],
    skipped: ['package/package.json', 'service/package.json', 'helm/Chart.yaml'],
  },
  { name: 'permissions missing', breakIt: (manifest) => delete manifest.permissions, fields: ['permissions'], skipped: ['service/src/index.ts'] },
  { name: 'permissions not an array', breakIt: (manifest) => (manifest.permissions = {}), fields: ['permissions'], skipped: ['service/src/index.ts'] },
  { name: 'frontend.package a number', breakIt: (manifest) => (manifest.frontend.package = 5), fields: ['frontend.package'], skipped: ['package/package.json'] },
  { name: 'backend without ports', breakIt: (manifest) => delete manifest.backend.ports, fields: ['backend.ports'], skipped: ['helm/Chart.yaml', 'helm/values.yaml'] },
  { name: 'backend: true', breakIt: (manifest) => (manifest.backend = true), fields: ['backend'], skipped: ['helm/Chart.yaml', 'helm/values.yaml'] },
  { name: 'backend.helmChart a number', breakIt: (manifest) => (manifest.backend.helmChart = 5), fields: ['backend.helmChart'], skipped: ['helm/Chart.yaml', 'helm/values.yaml'] },
  {
    name: 'env not an array',
    breakIt: (manifest) => (manifest.env = { WEATHER_API_KEY: 'x' }),
    fields: ['env'],
    skipped: ['helm/values.yaml', 'helm/values.schema.json', 'service/.env.example', 'service/src/config.ts'],
  },
];

describe('khal-pack check on a manifest that breaks the contract where the cross-checks read it', () => {
  it.each(CONTRACT_BREAKS)('$name: reports it, skips what reads it (with the reason), never crashes; a change of the answers refuses', async (broken) => {
    const folder = await fourEnv();
    await editJson(folder, 'khal-app.json', broken.breakIt);
    const run = await khalPack(['check', folder, '--json']);
    expect(run.stderr).toBe('');
    expect(run.exitCode, run.stdout).toBe(1);
    const report = JSON.parse(run.stdout);
    // The files still agree with each other: the only errors are the contract's.
    expect(report.findings.map((finding: CheckFinding) => `${finding.code} ${finding.field}`)).toEqual(broken.fields.map((field) => `contract ${field}`));
    expect([...new Set(report.skipped.map((skip: { file: string }) => skip.file))].sort()).toEqual([...broken.skipped].sort());
    for (const skip of report.skipped) expect(skip.reason).toMatch(/not compared: .* in khal-app\.json breaks? the pack contract/);

    const before = await folderState(folder);
    for (const [command, args] of [
      ['add env', ['add', 'env', 'REGION', '--type', 'string', '--description', 'R', '--default', 'eu']],
      ['env remove', ['env', 'remove', 'POLL_SECONDS', '--yes']],
      ['set', ['set', '--description', 'Another description', '--yes']],
    ] as const) {
      const change = await khalPack([...args], folder);
      expect(change.exitCode, `${command}: ${change.stderr}`).toBe(1);
      expect(change.stderr).toContain(`khal-app.json breaks the pack contract, so khal-pack ${command} cannot read the pack's answers from it, and nothing was changed:`);
      for (const field of broken.fields) expect(change.stderr).toMatch(new RegExp(`\\n  - ${field.replaceAll('.', '\\.')}[ :]`));
      expect(change.stderr).not.toMatch(/TypeError|\n\s+at /);
    }
    expect(await folderState(folder)).toEqual(before);
  });

  it('values.yaml env.secrets that is not a list is a finding, not a crash', async () => {
    const folder = await fourEnv();
    await editYaml(folder, 'helm/values.yaml', (document) => document.setIn(['env', 'secrets'], document.createNode({})));
    const run = await khalPack(['check', folder, '--json']);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(1);
    expect(JSON.parse(run.stdout).findings).toMatchObject([
      { severity: 'error', code: 'values-env-shape', file: 'helm/values.yaml', field: 'env.secrets', problem: 'is {}, not a list of { key, required } items' },
    ]);
  });
});

describe('khal-pack check on a file that is empty or not a mapping', () => {
  it.each([
    ['helm/values.yaml', ''],
    ['helm/values.yaml', '# only a comment\n'],
    ['helm/values.yaml', '- image\n- port\n'],
    ['helm/Chart.yaml', ''],
    ['helm/Chart.yaml', 'pack-weather\n'],
    ['package/package.json', '[]\n'],
    ['helm/values.schema.json', '"schema"\n'],
  ])('%s holding %j is an error', async (file, content) => {
    const folder = await fourEnv();
    await editText(folder, file, () => content);
    const { findings } = await checkFolder(folder);
    expect(findings).toMatchObject([{ severity: 'error', code: 'file-unreadable', file, problem: expect.stringMatching(/^is empty or not a mapping/) }]);
    expect(findings).toHaveLength(1);
    expect((await khalPack(['check', folder])).exitCode).toBe(1);
  });
});

describe('khal-pack check is written from the contract, not from the generator', () => {
  it('imports nothing of the generator', async () => {
    const checks = path.join(REPO_ROOT, 'src/checks');
    const files = [...(await readdir(checks, { recursive: true })).filter((file) => file.endsWith('.ts')).map((file) => path.join(checks, file)), path.join(REPO_ROOT, 'src/commands/check.ts')];
    for (const file of files) expect(await readFile(file, 'utf8'), file).not.toMatch(/from '[./]*(?:generation|plan|write)\//);
  });

  it("finds the values schema a generator with a bug in its model would make (and would compare itself with)", async () => {
    const folder = await fourEnv();
    vi.resetModules();
    // A plausible bug: the url rule of the values schema loses its pattern and its minLength.
    vi.doMock('../../src/plan/helm-values.js', async (importOriginal) => {
      const real = await importOriginal<typeof import('../../src/plan/helm-values.js')>();
      return {
        ...real,
        helmValuesSchema: (entries: Parameters<typeof real.helmValuesSchema>[0]) => {
          const schema = real.helmValuesSchema(entries) as any;
          const config = schema.properties.env.properties.config;
          for (const entry of entries.filter((item) => item.type === 'url')) config.properties[entry.key] = { type: 'string' };
          return schema;
        },
      };
    });
    try {
      const { buildPackModel } = await import('../../src/plan/pack-model.js');
      const model = buildPackModel(await scenarioAnswers('full-stack-four-env'));
      await writeFile(path.join(folder, 'helm/values.schema.json'), `${JSON.stringify(model.helmValuesSchema, null, 2)}\n`);
    } finally {
      vi.doUnmock('../../src/plan/helm-values.js');
      vi.resetModules();
    }
    const { findings } = await checkFolder(folder);
    expect(findings).toMatchObject([
      {
        severity: 'error',
        code: 'values-schema-env',
        file: 'helm/values.schema.json',
        field: 'properties.env.properties.config.properties.PROVIDER_URL',
        problem: 'takes "example.com", the empty string (unset), which PROVIDER_URL (required url) must not be: helm would install it',
      },
    ]);
  });

  it('a hand-made ENV_SPECS that drops a default is caught, the secret entry of a spec never shown', async () => {
    const folder = await fourEnv();
    await editText(folder, 'service/src/config.ts', (text) => text.replace(/("key": "WEATHER_API_KEY",[^}]*?"required": true)/, '$1, "default": "sk-canary-spec"'));
    const { findings } = await checkFolder(folder);
    expect(findings).toMatchObject([{ code: 'service-config-differs', field: 'ENV_SPECS[0]' }]);
    expect(JSON.stringify(findings)).not.toContain('sk-canary-spec');
  });
});

describe('khal-pack check on hostile files', () => {
  const CANARY = 'CANARY-7f3a-root:$6$secret';
  const outside = async () => {
    const file = path.join(await tempFolder('khal-pack-outside-'), 'shadow');
    await writeFile(file, `${CANARY}\n`);
    return file;
  };

  it('a pack file that links out of the pack is refused and named, never read', async () => {
    const folder = await fourEnv();
    await rm(path.join(folder, 'helm/values.yaml'));
    await symlink(await outside(), path.join(folder, 'helm/values.yaml'));
    const run = await khalPack(['check', folder]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/error\s+helm\/values\.yaml: is refused and not read: helm\/values\.yaml is a symbolic link to .*shadow, outside the pack/);
    expect(run.stdout + run.stderr).not.toContain('CANARY');
    const json = await khalPack(['check', folder, '--json']);
    expect(JSON.parse(json.stdout).findings.map((finding: CheckFinding) => finding.code)).toEqual(['file-refused']);
  });

  it('a folder of the pack that links out of it, and any other linked-out file, are refused too', async () => {
    const folder = await fourEnv();
    const elsewhere = path.dirname(await outside());
    await writeFile(path.join(elsewhere, 'Chart.yaml'), `${CANARY}: [\n`);
    await rm(path.join(folder, 'helm'), { recursive: true });
    await symlink(elsewhere, path.join(folder, 'helm'));
    await symlink(path.join(elsewhere, 'shadow'), path.join(folder, 'NOTES.md'));
    const run = await khalPack(['check', folder, '--json']);
    expect(run.stdout + run.stderr).not.toContain('CANARY');
    const refused = JSON.parse(run.stdout).findings.filter((finding: CheckFinding) => finding.code === 'file-refused').map((finding: CheckFinding) => finding.file);
    expect(refused).toEqual(expect.arrayContaining(['helm', 'helm/Chart.yaml', 'NOTES.md']));
    expect(run.stdout).toMatch(/"problem": "is refused and not read: helm is a symbolic link to /);
  });

  it('a manifest that links out of the pack is refused by every command, never read', async () => {
    const folder = await fourEnv();
    await rm(path.join(folder, 'khal-app.json'));
    await symlink(await outside(), path.join(folder, 'khal-app.json'));
    for (const args of [['check', folder], ['handoff', folder], ['env', 'diff', folder, folder]]) {
      const run = await khalPack(args);
      expect(run.exitCode, args.join(' ')).toBe(1);
      expect(run.stderr).toMatch(/khal-app\.json is refused and not read: khal-app\.json is a symbolic link to .*shadow, outside the pack/);
      expect(run.stdout + run.stderr).not.toContain('CANARY');
    }
  });

  it('a FIFO where a pack file or the manifest should be is refused without hanging', async () => {
    const folder = await fourEnv();
    await rm(path.join(folder, 'helm/values.yaml'));
    execFileSync('mkfifo', [path.join(folder, 'helm/values.yaml')]);
    const run = await khalPack(['check', folder, '--json']);
    expect(JSON.parse(run.stdout).findings).toMatchObject([{ code: 'file-refused', file: 'helm/values.yaml', problem: expect.stringContaining('is a FIFO (named pipe), not a file') }]);

    const lone = await tempFolder();
    execFileSync('mkfifo', [path.join(lone, 'khal-app.json')]);
    const inFolder = await khalPack(['check', lone]);
    expect(inFolder.exitCode).toBe(1);
    expect(inFolder.stderr).toContain('khal-app.json is a FIFO (named pipe), not a file: refused and not read');
    const given = await khalPack(['handoff', path.join(lone, 'khal-app.json')]);
    expect(given.exitCode).toBe(2);
    expect(given.stderr).toContain('is a FIFO (named pipe), not a pack folder or a file');
  }, 30_000);

  it('a device given as the pack folder gets a message, not ENOTDIR', async () => {
    for (const args of [['check', '/dev/null'], ['handoff', '/dev/zero'], ['env', 'diff', '/dev/null', '/dev/null']]) {
      const run = await khalPack(args);
      expect(run.exitCode, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/\/dev\/(null|zero) is a character device, not a pack folder or a file: give a pack folder or its khal-app\.json/);
      expect(run.stderr).not.toMatch(/ENOTDIR|\n\s+at /);
    }
  });

  it('a manifest nested 10,000 levels deep gets a message, not a stack overflow', async () => {
    const folder = await fourEnv();
    await editJson(folder, 'khal-app.json', (manifest) => (manifest.description = '__DEEP__'));
    await editText(folder, 'khal-app.json', (text) => text.replace('"__DEEP__"', `${'['.repeat(10_000)}${']'.repeat(10_000)}`));
    for (const args of [['check', folder], ['handoff', folder], ['env', 'diff', folder, folder]]) {
      const run = await khalPack(args);
      expect(run.exitCode, args.join(' ')).toBe(1);
      expect(run.stdout + run.stderr).toMatch(/is nested more than 100 levels deep \(line \d+, column \d+\): no pack file nests that deep/);
      expect(run.stderr).not.toMatch(/RangeError|Maximum call stack|\n\s+at /);
    }
  });

  it('a key given twice in values.yaml is a finding with its line, as yaml would say it', async () => {
    const folder = await fourEnv();
    await editText(folder, 'helm/values.yaml', (text) => `${text}replicaCount: 2\nreplicaCount: 3\n`);
    const run = await khalPack(['check', folder]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/helm\/values\.yaml: is not valid YAML: Map keys must be unique at line \d+, column 1\n/);
  });

  it('a parse error never quotes the file (it may be a secret given by mistake)', async () => {
    const folder = await fourEnv();
    await writeFile(path.join(folder, 'helm/Chart.yaml'), `name: x\n  ${CANARY}: [\n`);
    await writeFile(path.join(folder, 'package/package.json'), `${CANARY}\n`);
    const run = await khalPack(['check', folder]);
    expect(run.stdout).toContain('helm/Chart.yaml: is not valid YAML');
    expect(run.stdout).toMatch(/package\/package\.json: is not valid JSON: line \d+, column \d+: Unexpected token 'C'\n/);
    expect(run.stdout).not.toContain('CANARY');
  });
});

describe('a secret value is hidden in every output of check', () => {
  it("a secret's default in the manifest, in text and --json", async () => {
    const folder = await fourEnv();
    await editJson(folder, 'khal-app.json', (manifest) => (manifest.env[0].default = 'sk-canary-manifest'));
    const text = await khalPack(['check', folder]);
    const json = await khalPack(['check', folder, '--json']);
    expect(text.stdout).toContain('khal-app.json env[0].default: "(hidden: a secret value)"');
    for (const run of [text, json]) expect(run.stdout + run.stderr).not.toContain('sk-canary-manifest');
  });
});

