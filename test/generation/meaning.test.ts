import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { checkManifest } from '../../src/manifest/manifest-schema.js';
import { generateScenario, readJson, readText, scenarioNames } from '../support/generate.js';

// What the generated files mean, parsed back: every derived name, version and env entry.
const generated = await Promise.all(
  (await scenarioNames()).map(async (scenario) => {
    const pack = await generateScenario(scenario);
    return {
      scenario,
      ...pack,
      manifest: await readJson(pack.folder, 'khal-app.json'),
      frontend: await readJson(pack.folder, 'package/package.json'),
      root: await readJson(pack.folder, 'package.json'),
    };
  }),
);

describe.each(generated)('scenario $scenario', ({ answers, folder, files, manifest, frontend, root }) => {
  const fullStack = answers.kind === 'full-stack';

  it('writes a manifest that passes the pack contract, keys in contract order', async () => {
    expect(checkManifest(manifest)).toEqual([]);
    const order = ['$schema', 'id', 'name', 'version', 'icon', 'description', 'author', 'permissions', 'frontend'];
    expect(Object.keys(manifest)).toEqual(fullStack ? [...order, 'backend', 'env'] : order);
    expect(await readText(folder, 'khal-app.json')).toBe(`${JSON.stringify(manifest, null, 2)}\n`);
  });

  it('carries the answers into the manifest', () => {
    expect(manifest).toMatchObject({
      id: answers.name,
      name: answers.displayName,
      version: answers.version,
      description: answers.description,
      author: answers.author,
      permissions: answers.permissions,
      icon: './package/src/assets/icon.svg',
    });
    expect(files).toContain('package/src/assets/icon.svg');
  });

  it('names the frontend package after the scope and id, in step with the manifest', () => {
    expect(frontend.name).toBe(`${answers.scope}/pack-${answers.name}`);
    expect(manifest.frontend.package).toBe(frontend.name);
    expect(frontend.version).toBe(answers.version);
    expect(frontend.peerDependencies).toHaveProperty('react');
    expect(Object.keys(frontend.scripts)).toEqual(expect.arrayContaining(['build', 'typecheck', 'test']));
  });

  it('makes the root a private workspace whose scripts run every workspace', () => {
    expect(root.private).toBe(true);
    expect(root.workspaces).toEqual(fullStack ? ['package', 'service'] : ['package']);
    expect(Object.keys(root.scripts)).toEqual(expect.arrayContaining(['build', 'typecheck', 'test']));
  });

  it('records the answers in .khal-pack.json', async () => {
    const record = await readJson(folder, '.khal-pack.json');
    const { $generator, ...recorded } = record;
    expect($generator).toMatch(/^create-khal-pack@\d+\.\d+\.\d+/);
    expect(recorded).toEqual(answers);
  });

  it('writes the customer hand-off in the README', async () => {
    const readme = await readText(folder, 'README.md');
    expect(readme).toContain('## Customer hand-off');
    if (fullStack) {
      expect(readme).toContain(`oci://${answers.registry}/charts/pack-${answers.name}`);
      expect(readme).toContain(`v${answers.version}`);
    } else {
      expect(readme).toContain(`${answers.scope}/pack-${answers.name}@${answers.version}`);
    }
    for (const entry of answers.env) expect(readme).toContain(`\`${entry.key}\``);
  });

  it.runIf(!fullStack)('has no service, chart or backend', () => {
    expect(manifest.backend).toBeUndefined();
    expect(manifest.env).toBeUndefined();
    expect(files.some((file) => file.startsWith('service/') || file.startsWith('helm/'))).toBe(false);
  });

  it.runIf(fullStack)('wires the backend: image, chart, port and NATS', () => {
    expect(manifest.backend).toEqual({
      image: `${answers.registry}/pack-${answers.name}-service`,
      helmChart: `oci://${answers.registry}/charts/pack-${answers.name}`,
      env: { KHAL_NATS_URL: 'nats://nats.khal-system.svc:4222' },
      ports: [answers.port],
    });
  });

  it.runIf(fullStack)('declares env[] equal to the answers, with visibility derived from the type', () => {
    expect(manifest.env).toEqual(
      answers.env.map((entry) => ({ ...entry, visibility: entry.type === 'secret' ? 'vault' : 'config' })),
    );
  });

  it.runIf(fullStack)('keeps the chart and the service in step with the manifest', async () => {
    const chart = parseYaml(await readText(folder, 'helm/Chart.yaml'));
    expect(chart).toMatchObject({ apiVersion: 'v2', name: `pack-${answers.name}`, version: answers.version, appVersion: answers.version });
    const values = parseYaml(await readText(folder, 'helm/values.yaml'));
    expect(values.image.repository).toBe(manifest.backend.image);
    expect(values.port).toBe(answers.port);
    const service = await readJson(folder, 'service/package.json');
    expect(service.name).toBe(`${answers.scope}/pack-${answers.name}-service`);
    expect(service.private).toBe(true);
    expect(service.version).toBe(answers.version);
  });

  it.runIf(fullStack)('lists every env entry in .env.example, secrets empty, then the platform keys with local values', async () => {
    const lines = (await readText(folder, 'service/.env.example')).split('\n').filter((line) => /^[A-Z]/.test(line));
    expect(lines.map((line) => line.split('=')[0])).toEqual([...answers.env.map((entry) => entry.key), 'KHAL_NATS_URL', 'KHAL_ORG_ID']);
    expect(lines).toContain('KHAL_NATS_URL=nats://127.0.0.1:4222');
    for (const entry of answers.env.filter((e) => e.type === 'secret'))
      expect(lines).toContain(`${entry.key}=`);
  });
});
