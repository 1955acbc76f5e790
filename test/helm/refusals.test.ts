import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PackAnswers } from '../../src/answers/schema.js';
import { packNames } from '../../src/manifest/pack-names.js';
import { filesUnder } from '../../src/util/files.js';
import { REPO_ROOT, generatePack, generateScenario, scenarioAnswers } from '../support/generate.js';
import {
  SAMPLE_SECRET_NAME,
  chartScenarioNames,
  documentOfKind,
  helm,
  helmMissingMessage,
  renderedDocuments,
  requiredValues,
  writeValues,
} from '../support/helm.js';

// What helm itself refuses, through values.schema.json, and what never reaches the
// ConfigMap whatever the values. Installs run as `helm install --dry-run=client`: the real
// install path up to the cluster, so the messages are the ones a customer admin sees.
type EnvEntry = PackAnswers['env'][number];
const SCHEMA_REFUSAL = "values don't meet the specifications of the schema(s)";

if (helmMissingMessage()) throw new Error(helmMissingMessage());

async function chartOf(answers: PackAnswers) {
  const { folder } = await generatePack(answers);
  const chart = path.join(folder, 'helm');
  const valuesFile = await writeValues(folder, 'required', requiredValues(answers));
  const install = (...extra: string[]) => helm(['install', 'desk', chart, '--dry-run=client', '--namespace', 'packs', '-f', valuesFile, ...extra]);
  const template = (...extra: string[]) => helm(['template', 'desk', chart, '--namespace', 'packs', '-f', valuesFile, ...extra]);
  return { folder, chart, install, template };
}

describe.each(await chartScenarioNames())('helm refuses incomplete or malformed values of scenario %s', (scenario) => {
  let answers: PackAnswers;
  let chart: Awaited<ReturnType<typeof chartOf>>;
  const entryWhere = (test: (entry: EnvEntry) => boolean) => answers.env.find(test);

  beforeAll(async () => {
    answers = await scenarioAnswers(scenario);
    chart = await chartOf(answers);
  });

  it('installs with a value for every required entry, and the notes say where the service is', async () => {
    const result = await chart.install();
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const notes = result.stdout.slice(result.stdout.indexOf('NOTES:'));
    expect(notes).toContain(`Image:    ${packNames(answers).image}:v${answers.version}`);
    expect(notes).toContain(`Service:  desk-pack-${answers.name}.packs.svc:${answers.port}`);
    for (const entry of answers.env) expect(notes).toContain(`  ${entry.key}`);
  });

  it('refuses a required config entry left empty, naming it', async (context) => {
    const entry = entryWhere((entry) => entry.required && entry.type !== 'secret' && entry.type !== 'boolean');
    if (!entry) return context.skip('no required string, number or url entry');
    const result = await chart.install('--set-string', `env.config.${entry.key}=`);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`INSTALLATION FAILED: ${SCHEMA_REFUSAL}`);
    expect(result.stderr).toContain(`at '/env/config/${entry.key}': minLength: got 0, want 1`);
  });

  it('refuses a required config entry removed from the values, naming it', async (context) => {
    const entry = entryWhere((entry) => entry.required && entry.type !== 'secret');
    if (!entry) return context.skip('no required config entry');
    const result = await chart.install('--set', `env.config.${entry.key}=null`);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`at '/env/config': missing property '${entry.key}'`);
  });

  it('refuses a required secret without the name of the Secret that holds it', async (context) => {
    if (!entryWhere((entry) => entry.required && entry.type === 'secret')) return context.skip('no required secret');
    const result = await chart.install('--set-string', 'env.secretName=');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`INSTALLATION FAILED: ${SCHEMA_REFUSAL}`);
    expect(result.stderr).toContain(`at '/env/secretName': minLength: got 0, want 1`);
  });

  it('refuses a number entry given abc', async (context) => {
    const entry = entryWhere((entry) => entry.type === 'number');
    if (!entry) return context.skip('no number entry');
    const result = await chart.install('--set', `env.config.${entry.key}=abc`);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`at '/env/config/${entry.key}': 'abc' does not match pattern`);
  });

  it('refuses a boolean entry given yes', async (context) => {
    const entry = entryWhere((entry) => entry.type === 'boolean');
    if (!entry) return context.skip('no boolean entry');
    const result = await chart.install('--set', `env.config.${entry.key}=yes`);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`at '/env/config/${entry.key}': value must be one of 'true', 'false', true, false`);
  });

  it('refuses a url entry given a bare host name', async (context) => {
    const entry = entryWhere((entry) => entry.type === 'url');
    if (!entry) return context.skip('no url entry');
    const result = await chart.install('--set', `env.config.${entry.key}=shop.example.com`);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`at '/env/config/${entry.key}': 'shop.example.com' does not match pattern`);
  });

  it('refuses a secret entry put in env.config, and a key env[] does not declare', async () => {
    for (const key of [...answers.env.filter((entry) => entry.type === 'secret').map((entry) => entry.key), 'UNDECLARED_KEY']) {
      const result = await chart.install('--set-string', `env.config.${key}=hunter2`);
      expect(result.exitCode, key).toBe(1);
      expect(result.stderr).toContain(`at '/env/config': additional properties '${key}' not allowed`);
    }
  });

  it('takes numbers and booleans given typed (--set, YAML true) and passes them on as strings', async (context) => {
    const number = entryWhere((entry) => entry.type === 'number');
    const boolean = entryWhere((entry) => entry.type === 'boolean');
    if (!number || !boolean) return context.skip('no number and boolean entries');
    const result = await chart.template('--set', `env.config.${number.key}=45`, '--set', `env.config.${boolean.key}=true`);
    expect(result.exitCode).toBe(0);
    const data = documentOfKind(renderedDocuments(result.stdout), 'ConfigMap').data;
    expect(data[number.key]).toBe('45');
    expect(data[boolean.key]).toBe('true');
  });
});

describe('secrets never reach the ConfigMap, whatever the values', () => {
  let answers: PackAnswers;
  let chart: Awaited<ReturnType<typeof chartOf>>;
  let secrets: EnvEntry[];
  let configEntries: EnvEntry[];

  beforeAll(async () => {
    answers = await scenarioAnswers('full-stack-every-env');
    chart = await chartOf(answers);
    secrets = answers.env.filter((entry) => entry.type === 'secret');
    configEntries = answers.env.filter((entry) => entry.type !== 'secret');
  });

  it('with the schema check on or skipped, no secret key or value is rendered into the ConfigMap', async () => {
    const secretValue = fc.stringMatching(/^[A-Za-z0-9]{6,16}$/).map((text) => `s3cret-${text}`);
    const configValue = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean(), fc.constant(''));
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          secretsInConfig: fc.subarray(secrets.map((entry) => entry.key)),
          secretValues: fc.tuple(secretValue, secretValue),
          config: fc.dictionary(fc.constantFrom('TENANT_NAME', 'GREETING', 'NOTE', 'MIRROR_URL'), configValue),
          secretName: fc.constantFrom('', SAMPLE_SECRET_NAME),
          skipSchema: fc.boolean(),
        }),
        async ({ secretsInConfig, secretValues, config, secretName, skipSchema }) => {
          const given = { ...requiredValues(answers).env.config, ...config } as Record<string, unknown>;
          secretsInConfig.forEach((key, index) => (given[key] = secretValues[index]));
          const valuesFile = await writeValues(chart.folder, 'arbitrary', { env: { config: given, secretName } });
          const result = await chart.template('-f', valuesFile, ...(skipSchema ? ['--skip-schema-validation'] : []));
          if (!skipSchema && secretsInConfig.length > 0) {
            expect(result.exitCode).toBe(1);
            expect(result.stderr).toContain("at '/env/config': additional properties");
          }
          for (const value of secretValues.slice(0, secretsInConfig.length)) expect(result.output).not.toContain(value);
          if (result.exitCode !== 0) return;
          const data = documentOfKind(renderedDocuments(result.stdout), 'ConfigMap').data;
          for (const key of Object.keys(data)) expect(configEntries.map((entry) => entry.key)).toContain(key);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('with the schema check skipped, a required secret without a Secret name still fails, naming both', async () => {
    const result = await chart.template('--set-string', 'env.secretName=', '--skip-schema-validation');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('env.secretName is required: the secret entry SHOP_API_TOKEN is required and is read from that Secret');
  });

  it('leaves an optional secret out when no Secret is named, and reads it optionally when one is', async () => {
    const optionalOnly = { ...answers, env: answers.env.filter((entry) => !(entry.type === 'secret' && entry.required)) };
    const optional = await chartOf(optionalOnly);
    const variablesOf = async (...extra: string[]) => {
      const result = await optional.template(...extra);
      expect(result.exitCode).toBe(0);
      return documentOfKind(renderedDocuments(result.stdout), 'Deployment').spec.template.spec.containers[0].env as { name: string }[];
    };
    expect((await variablesOf()).map((variable) => variable.name)).not.toContain('WEBHOOK_SIGNING_KEY');
    expect(await variablesOf('--set', `env.secretName=${SAMPLE_SECRET_NAME}`)).toContainEqual({
      name: 'WEBHOOK_SIGNING_KEY',
      valueFrom: { secretKeyRef: { name: SAMPLE_SECRET_NAME, key: 'WEBHOOK_SIGNING_KEY', optional: true } },
    });
  });
});

describe('the chart files survive generation byte for byte', () => {
  it('every helm template that is not .hbs is written exactly as in templates/full-stack/helm', async () => {
    const source = path.join(REPO_ROOT, 'templates/full-stack/helm');
    const verbatim = filesUnder(source).filter((file) => !file.endsWith('.hbs'));
    expect(verbatim).toEqual(expect.arrayContaining(['.helmignore', 'templates/_helpers.tpl', 'templates/deployment.yaml', 'templates/configmap.yaml']));
    const { folder } = await generateScenario('full-stack-every-env');
    for (const file of verbatim) {
      const written = await readFile(path.join(folder, 'helm', file));
      expect(written.equals(await readFile(path.join(source, file))), `helm/${file} differs from its template`).toBe(true);
    }
    const deployment = await readFile(path.join(folder, 'helm/templates/deployment.yaml'), 'utf8');
    expect(deployment).toContain('{{ include "pack.fullname" . }}');
  });
});
