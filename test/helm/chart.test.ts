import path from 'node:path';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Service } from 'kubernetes-models/v1/Service';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PackAnswers } from '../../src/answers/schema.js';
import { packNames } from '../../src/manifest/pack-names.js';
import { generateScenario, readText } from '../support/generate.js';
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

// The chart of every full-stack scenario, judged by the real helm (scripts/fetch-helm.mjs)
// and the Kubernetes OpenAPI schemas (kubernetes-models), then snapshot-tested as rendered.
const KUBE_VERSION = '1.33.0';
const RELEASE = 'desk';
const NAMESPACE = 'packs';
const SNAPSHOTS = path.join(import.meta.dirname, '__file_snapshots__');
const MODELS: Record<string, new (data: any) => { validate(): void }> = { ConfigMap, Deployment, Service };

if (helmMissingMessage()) throw new Error(helmMissingMessage());

describe.each(await chartScenarioNames())('chart of scenario %s', (scenario) => {
  let answers: PackAnswers;
  let chart: string;
  let folder: string;
  let valuesFile: string;
  const template = async (...extra: string[]) =>
    helm(['template', RELEASE, chart, '--namespace', NAMESPACE, '--kube-version', KUBE_VERSION, '-f', valuesFile, ...extra]);

  beforeAll(async () => {
    const generated = await generateScenario(scenario);
    answers = generated.answers;
    folder = generated.folder;
    chart = path.join(folder, 'helm');
    valuesFile = await writeValues(folder, 'required', requiredValues(answers));
  });

  it('passes helm lint --strict with a value for every required entry', async () => {
    const result = await helm(['lint', '--strict', chart, '-f', valuesFile, '--kube-version', KUBE_VERSION]);
    expect(result.output).toContain('1 chart(s) linted, 0 chart(s) failed');
    expect(result.exitCode).toBe(0);
  });

  it('passes helm lint --strict with helm/ci/lint-values.yaml, as the pack CI runs it', async () => {
    const result = await helm(['lint', '--strict', chart, '-f', path.join(chart, 'ci/lint-values.yaml')]);
    expect(result.output).toContain('0 chart(s) failed');
    expect(result.exitCode).toBe(0);
  });

  it('renders documents that parse and validate against the Kubernetes schemas, as in the snapshot', async () => {
    const result = await template();
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const documents = renderedDocuments(result.stdout);
    expect(documents.map((document) => document.data.kind).sort()).toEqual(['ConfigMap', 'Deployment', 'Service']);
    for (const { source, data } of documents) {
      const Model = MODELS[data.kind];
      expect(Model, `${source} renders a ${data.kind}, which the test does not know`).toBeDefined();
      expect(() => new Model!(data).validate(), `${source} is not a valid ${data.kind}`).not.toThrow();
    }
    await expect(result.stdout).toMatchFileSnapshot(path.join(SNAPSHOTS, `${scenario}.yaml`));
  });

  it('names the chart pack-<id> at the pack version and runs the release image by default', async () => {
    const chartYaml = parse(await readText(folder, 'helm/Chart.yaml'));
    expect(chartYaml).toMatchObject({ apiVersion: 'v2', name: `pack-${answers.name}`, version: answers.version, appVersion: answers.version });
    const container = documentOfKind(renderedDocuments((await template()).stdout), 'Deployment').spec.template.spec.containers[0];
    expect(container.image).toBe(`${packNames(answers).image}:v${answers.version}`);
    const tagged = documentOfKind(renderedDocuments((await template('--set', 'image.tag=sha-1234')).stdout), 'Deployment');
    expect(tagged.spec.template.spec.containers[0].image).toBe(`${packNames(answers).image}:sha-1234`);
  });

  it('runs the service on its port, probed, limited and locked down', async () => {
    const documents = renderedDocuments((await template()).stdout);
    const pod = documentOfKind(documents, 'Deployment').spec.template.spec;
    const container = pod.containers[0];
    expect(container.ports).toEqual([{ name: 'http', containerPort: answers.port, protocol: 'TCP' }]);
    expect(container.env).toContainEqual({ name: 'PORT', value: String(answers.port) });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(container.resources.requests).toBeDefined();
    expect(container.resources.limits.memory).toBeDefined();
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(container.securityContext).toEqual({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    const tmp = pod.volumes.find((volume: any) => volume.name === 'tmp');
    expect(tmp).toEqual({ name: 'tmp', emptyDir: {} });
    expect(container.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
    const service = documentOfKind(documents, 'Service');
    expect(service.spec.ports).toEqual([{ name: 'http', port: answers.port, targetPort: 'http', protocol: 'TCP' }]);
    expect(service.spec.selector).toEqual(documentOfKind(documents, 'Deployment').spec.selector.matchLabels);
  });

  it('puts the non-secret entries, and only those, in the ConfigMap the container loads', async () => {
    const documents = renderedDocuments((await template()).stdout);
    const configMap = documentOfKind(documents, 'ConfigMap');
    const given = requiredValues(answers).env.config as Record<string, string>;
    const expected = Object.fromEntries(
      answers.env
        .filter((entry) => entry.type !== 'secret')
        .map((entry) => [entry.key, given[entry.key] ?? entry.default ?? ''])
        .filter(([, value]) => value !== ''),
    );
    expect(configMap.data ?? {}).toEqual(expected);
    const container = documentOfKind(documents, 'Deployment').spec.template.spec.containers[0];
    expect(container.envFrom).toEqual([{ configMapRef: { name: configMap.metadata.name } }]);
  });

  it('reads every secret entry through secretKeyRef, optional ones optional, and no secret elsewhere', async () => {
    const secrets = answers.env.filter((entry) => entry.type === 'secret');
    const result = await template('--set', `env.secretName=${SAMPLE_SECRET_NAME}`);
    const documents = renderedDocuments(result.stdout);
    const container = documentOfKind(documents, 'Deployment').spec.template.spec.containers[0];
    const fromSecrets = container.env.filter((variable: any) => variable.valueFrom?.secretKeyRef);
    expect(fromSecrets).toEqual(
      secrets.map((entry) => ({
        name: entry.key,
        valueFrom: { secretKeyRef: { name: SAMPLE_SECRET_NAME, key: entry.key, ...(entry.required ? {} : { optional: true }) } },
      })),
    );
    const valued = container.env.filter((variable: any) => 'value' in variable).map((variable: any) => variable.name);
    for (const entry of secrets) {
      expect(valued).not.toContain(entry.key);
      expect(Object.keys(documentOfKind(documents, 'ConfigMap').data ?? {})).not.toContain(entry.key);
    }
    const values = parse(await readText(folder, 'helm/values.yaml'));
    expect(values.env).toEqual({
      config: Object.fromEntries(answers.env.filter((entry) => entry.type !== 'secret').map((entry) => [entry.key, entry.default ?? ''])),
      secretName: '',
      secrets: secrets.map((entry) => ({ key: entry.key, required: entry.required })),
    });
  });

  it('rolls the pods when a setting changes, and only then', async () => {
    const checksumOf = async (...extra: string[]) => {
      const documents = renderedDocuments((await template(...extra)).stdout);
      return documentOfKind(documents, 'Deployment').spec.template.metadata.annotations['checksum/config'] as string;
    };
    const base = await checksumOf();
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(await checksumOf('--set', 'replicaCount=3')).toBe(base);
    const config = answers.env.find((entry) => entry.type === 'string' || entry.type === 'url');
    if (config) expect(await checksumOf('--set-string', `env.config.${config.key}=https://changed.example.com`)).not.toBe(base);
  });
});
