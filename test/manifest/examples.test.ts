import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkManifest } from '../../src/manifest/manifest-schema.js';

// The real manifests in test/fixtures/examples (copied from shared/reference/examples), judged by the pack contract
// (khal-domain.md §1: @khal-os/types 1.x strict schema + env[]). Each failing one names the
// fields that fail and why, from the facts in khal-domain.md §1.3.
const EXAMPLES = path.resolve(import.meta.dirname, '../fixtures/examples');

const ERA_A = ['icon', 'permissions', 'schemaVersion', 'license', 'repository', 'views', 'desktop'];
const EXPECTED: Record<string, { fails: string[]; why: string }> = {
  'pack-notes.khal-app.json': { fails: [], why: 'era-B pack: every required field, services[] and windows[] are pack-contract fields' },
  'docs-legacy-pack-terminal.khal-app.json': { fails: [], why: 'the docs\' full-stack pack: backend with image, env and ports' },
  'docs-legacy-complete-example-my-pack.khal-app.json': { fails: ['permissions[2]'], why: 'user:read is not one of the 8 permissions (docs bug)' },
  'docs-legacy-pack-settings-pattern-page.khal-app.json': { fails: ['permissions[0]', 'permissions[1]'], why: 'user:read and user:update are not platform permissions' },
  'docs-legacy-pack-files.khal-app.json': { fails: ['icon'], why: 'icon is required and the docs example omits it' },
  'docs-legacy-pack-settings.khal-app.json': { fails: ['icon'], why: 'icon is required and the docs example omits it' },
  'docs-legacy-pack-hello.khal-app.json': { fails: ['icon', 'backend.ports'], why: 'no icon, and backend without ports' },
  'docs-legacy-template-frontend-only.khal-app.json': { fails: ['id'], why: 'the template keeps the placeholder id "<name>"' },
  'docs-gitnative-pack-terminal.khal-app.json': { fails: ['kind'], why: 'era-C "kind" is refused by the strict pack contract' },
  'docs-gitnative-pack-files.khal-app.json': { fails: ['icon', 'kind'], why: 'no icon; era-C "kind"' },
  'docs-gitnative-pack-hello.khal-app.json': { fails: ['icon', 'backend.ports'], why: 'no icon, and backend without ports' },
  'docs-gitnative-pack-settings.khal-app.json': { fails: ['icon', 'kind', 'requires'], why: 'no icon; era-C "kind" and "requires"' },
  'docs-gitnative-pack-settings-pattern-page.khal-app.json': { fails: ['permissions[0]', 'permissions[1]', 'kind', 'requires'], why: 'user:* permissions; era-C fields' },
  'docs-gitnative-complete-example-my-pack.khal-app.json': { fails: ['permissions[2]', 'kind', 'requires'], why: 'user:read; era-C fields' },
  'docs-gitnative-template-frontend-only.khal-app.json': { fails: ['id', 'kind', 'requires'], why: 'placeholder id; era-C fields' },
  'docs-reference-app.khal-app.json': { fails: ['icon', 'kind', 'defaultScope', 'allowedScopes'], why: 'no icon; era-C install-scope fields' },
  'omni-admin.khal-app.json': { fails: ['schemaVersion', 'kind', 'defaultScope', 'allowedScopes', 'views', 'settings'], why: '@khal-os/types 2.x shape (views, settings, scopes)' },
  'temporal-proof-pack.khal-app.json': { fails: ['kind', 'views', 'desktop'], why: 'era-C kind plus the legacy views/desktop' },
  'temporal-proof-pack.v0-kind-only.khal-app.json': { fails: ['kind'], why: 'era-C "kind"' },
  ...Object.fromEntries(
    [
      'desktop-shell', 'hello-agent-manager', 'hello-console', 'hello-sac', 'nats-viewer-app', 'settings-app',
    ].map((name) => [`appkit-${name}.khal-app.json`, { fails: [...ERA_A, 'tauri'], why: 'era-A AppManifest v2 (views, desktop, tauri), no icon or permissions' }]),
  ),
  ...Object.fromEntries(
    ['files-app', 'genie-app', 'hello-flow-designer', 'hello-voice-engine', 'terminal-app'].map((name) => [
      `appkit-${name}.khal-app.json`,
      { fails: [...ERA_A, 'deploy', 'tauri'], why: 'era-A AppManifest v2 with deploy{}' },
    ]),
  ),
  'appkit-types-library.khal-app.json': { fails: ERA_A, why: 'era-A AppManifest v2' },
};

const files = (await readdir(EXAMPLES)).filter((file) => file.endsWith('.khal-app.json')).sort();

describe('the pack contract on real manifests', () => {
  it('knows every example', () => {
    expect(files).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(files)('%s', async (file) => {
    const problems = checkManifest(JSON.parse(await readFile(path.join(EXAMPLES, file), 'utf8')));
    expect(problems.map((problem) => problem.field).sort(), EXPECTED[file]!.why).toEqual([...EXPECTED[file]!.fails].sort());
    for (const problem of problems) expect(problem.reason).not.toBe('');
  });

  it('says why, in words a user can act on', async () => {
    const problems = checkManifest(JSON.parse(await readFile(path.join(EXAMPLES, 'docs-legacy-pack-hello.khal-app.json'), 'utf8')));
    expect(problems).toContainEqual({ field: 'icon', reason: 'is required' });
    expect(problems).toContainEqual({ field: 'backend.ports', reason: 'is required' });
    const permissions = checkManifest(JSON.parse(await readFile(path.join(EXAMPLES, 'docs-legacy-complete-example-my-pack.khal-app.json'), 'utf8')));
    expect(permissions).toEqual([
      { field: 'permissions[2]', value: 'user:read', reason: expect.stringContaining('must be one of: nats:publish') },
    ]);
  });
});

it('says what a port must be: a whole number from 1 to 65535', () => {
  const manifest = { id: 'weather', name: 'Weather', version: '1.0.0', icon: './icon.svg', description: 'd', author: 'a', permissions: [], backend: { image: 'i', env: {}, ports: [8080, 1.5, 0, 70000, '80'] } };
  expect(checkManifest(manifest)).toEqual([
    { field: 'backend.ports[1]', value: 1.5, reason: 'must be a whole number from 1 to 65535, e.g. 8080' },
    { field: 'backend.ports[2]', value: 0, reason: 'must be a whole number from 1 to 65535, e.g. 8080' },
    { field: 'backend.ports[3]', value: 70000, reason: 'must be a whole number from 1 to 65535, e.g. 8080' },
    { field: 'backend.ports[4]', value: '80', reason: 'must be a number, not a string' },
  ]);
});

describe('the pack contract rules on env[]', () => {
  const base = JSON.parse(JSON.stringify({
    id: 'weather', name: 'Weather', version: '1.0.0', icon: './icon.svg', description: 'd', author: 'a', permissions: [],
    backend: { image: 'ghcr.io/x/pack-weather-service', env: {}, ports: [8080] },
  }));
  const withEnv = (entry: object) => checkManifest({ ...base, env: [{ key: 'API_KEY', description: 'Key', required: true, type: 'secret', ...entry }] });

  it.each([
    [{ key: 'PORT' }, 'env[0].key', /reserved/],
    [{ key: 'KHAL_ORG' }, 'env[0].key', /reserved/],
    [{ key: 'api_key' }, 'env[0].key', /uppercase/],
    [{ type: 'password' }, 'env[0].type', /must be one of/],
    [{ required: false, default: 'x' }, 'env[0].default', /secret never has a default/],
    [{ type: 'number', required: false, default: 'ten' }, 'env[0].default', /number/],
    [{ type: 'boolean', required: false, default: 'yes' }, 'env[0].default', /true or false/],
    [{ type: 'url', required: false, default: 'example.com' }, 'env[0].default', /absolute URL/],
    [{ type: 'string', required: true, default: 'x' }, 'env[0].default', /required entry/],
    [{ visibility: 'config' }, 'env[0].visibility', /vault/],
    [{ description: 'two\nlines' }, 'env[0].description', /single line/],
  ])('refuses %j', (entry, field, reason) => {
    const problems = withEnv(entry);
    expect(problems.map((problem) => problem.field)).toEqual([field]);
    expect(problems[0]!.reason).toMatch(reason);
  });

  it('refuses a key declared twice, and env[] without a service', () => {
    const entry = { key: 'A', description: 'A', required: true, type: 'string' };
    expect(checkManifest({ ...base, env: [entry, entry] }).map((p) => p.field)).toEqual(['env[1].key']);
    const { backend: _backend, ...frontendOnly } = base;
    expect(checkManifest({ ...frontendOnly, env: [entry] }).map((p) => p.reason)).toEqual([expect.stringMatching(/needs a service/)]);
  });
});
