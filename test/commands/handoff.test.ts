import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HANDOFF_END, HANDOFF_START } from '../../src/handoff/handoff-section.js';
import { handoffMarkdown, handoffSheet } from '../../src/handoff/handoff-sheet.js';
import { scenarioAnswers, scenarioNames, tempFolder } from '../support/generate.js';
import { EXAMPLES, editJson, khalPack, scenarioCopy } from './support.js';

const SCENARIOS = await scenarioNames();

describe('khal-pack handoff', () => {
  it.each(SCENARIOS)('%s: prints the sheet the README holds, from the same code', async (scenario) => {
    const folder = await scenarioCopy(scenario);
    const answers = await scenarioAnswers(scenario);
    const run = await khalPack(['handoff', folder]);
    expect(run.exitCode).toBe(0);
    const readme = await readFile(path.join(folder, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('\n', readme.indexOf(HANDOFF_START)) + 1, readme.indexOf(HANDOFF_END));
    // The README nests the sheet one level deeper; otherwise it is the same text, and the command adds its details after it.
    expect(`${run.stdout}\n`.startsWith(section.replace(/^##/gm, '#'))).toBe(true);
    if (answers.kind === 'full-stack') {
      expect(run.stdout).toContain(`oci://${answers.registry}/charts/pack-${answers.name}`);
      expect(run.stdout).toContain(`\`v${answers.version}\``);
    } else expect(run.stdout).toContain(`${answers.scope}/pack-${answers.name}@${answers.version}`);
    for (const entry of answers.env) expect(run.stdout).toContain(`\`${entry.key}\``);

    const json = await khalPack(['handoff', folder, '--json']);
    const manifest = JSON.parse(await readFile(path.join(folder, 'khal-app.json'), 'utf8'));
    expect(JSON.parse(json.stdout)).toEqual(handoffSheet(manifest));
    expect(run.stdout.startsWith(handoffMarkdown(handoffSheet(manifest), '#').trimEnd())).toBe(true);
  });

  it('lists each entry as key, required, type, default, store, description', async () => {
    const json = JSON.parse((await khalPack(['handoff', await scenarioCopy('full-stack-four-env'), '--json'])).stdout);
    expect(json.env).toEqual([
      { key: 'WEATHER_API_KEY', required: true, type: 'secret', storage: 'secret store', description: 'API key of the weather provider' },
      { key: 'FEATURE_BETA_UI', required: false, type: 'boolean', default: 'false', storage: 'plain config', description: 'Enable the beta UI' },
      { key: 'PROVIDER_URL', required: true, type: 'url', storage: 'plain config', description: 'Base URL of the weather provider' },
      { key: 'POLL_SECONDS', required: false, type: 'number', default: '30', storage: 'plain config', description: 'Seconds between two readings' },
    ]);
  });

  it('never shows a secret value: a manifest that gives a secret a default is refused', async () => {
    const folder = await scenarioCopy('full-stack-four-env');
    await editJson(folder, 'khal-app.json', (manifest) => (manifest.env[0].default = 'sk-live-123'));
    const run = await khalPack(['handoff', folder]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('env[0].default');
    expect(run.stderr).toContain('never has a default');
    // Named where it is, its value hidden, in text and --json.
    expect(run.stderr).toContain('env[0].default "(hidden: a secret value)"');
    const json = await khalPack(['handoff', folder, '--json']);
    for (const output of [run, json]) expect(output.stdout + output.stderr).not.toContain('sk-live-123');
  });

  it('prints the sheet of a real manifest; a problem outside the sheet is only a note', async () => {
    const run = await khalPack(['handoff', path.join(EXAMPLES, 'docs-legacy-complete-example-my-pack.khal-app.json')]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('- Helm chart (OCI): `oci://ghcr.io/khal-os/charts/pack-my-pack`');
    expect(run.stdout).toContain('| `MY_API_KEY` | yes | secret |  | secret store | API key for the external service |');
    expect(run.stderr).toContain('permissions[2]');
    const notes = JSON.parse((await khalPack(['handoff', path.join(EXAMPLES, 'pack-notes.khal-app.json'), '--json'])).stdout);
    expect(notes.artifact).toEqual({ kind: 'npm-package', package: '@khal-os/pack-notes', version: '0.0.1', reference: '@khal-os/pack-notes@0.0.1' });
  });

  it('prints the sheet of a manifest with nothing to install, names the file as given, says so and exits 1', async () => {
    const run = await khalPack(['handoff', path.join(EXAMPLES, 'docs-reference-app.khal-app.json')]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('- Unknown: docs-reference-app.khal-app.json names neither backend.helmChart nor frontend.package: a customer has nothing to install');
    expect(run.stderr).toContain('The sheet has no install artifact');
  });

  it('refuses a real manifest whose sheet would mislead (placeholder id)', async () => {
    const run = await khalPack(['handoff', path.join(EXAMPLES, 'docs-legacy-template-frontend-only.khal-app.json')]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('id "<name>"');
  });

  it.each([
    ['an array', '[]\n', '(manifest): must be an object, not an array'],
    ['a string', '"x"\n', '(manifest) "x": must be an object, not a string'],
  ])('refuses a manifest that is %s, naming the problem (exit 1, no sheet)', async (_name, content, problem) => {
    const folder = await tempFolder();
    await writeFile(path.join(folder, 'khal-app.json'), content);
    const run = await khalPack(['handoff', folder]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`  - ${problem}\n`);
  });

  it('full-stack: shows the frontend package, how the platform supplies the secrets, and an example helm install', async () => {
    const run = await khalPack(['handoff', await scenarioCopy('full-stack-four-env')]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('# Frontend package');
    expect(run.stdout).toMatch(/npm package: `@khal-os\/pack-[a-z-]+@1\.2\.0`/);
    expect(run.stdout).toContain('# How the secret entries reach the service');
    expect(run.stdout).toMatch(/Kubernetes Secret, one key per entry[\s\S]*`env\.secretName`/);
    expect(run.stdout).toContain('`WEATHER_API_KEY`');
    expect(run.stdout).toMatch(/# Example install \(an example only/);
    const example = /```sh\n([\s\S]*?)\n```/.exec(run.stdout)![1]!;
    expect(example).toMatch(/^helm install pack-[a-z-]+ oci:\/\/ghcr\.io\/khal-os\/charts\/pack-[a-z-]+ --version 1\.2\.0 \\\n/);
    expect(example).toMatch(/--set env\.secretName=pack-[a-z-]+-secrets/);
    // The required config value, with a sample of its type; the optional ones keep their defaults.
    expect(example).toContain('--set-string env.config.PROVIDER_URL=https://example.com');
    expect(example).not.toContain('POLL_SECONDS');
    expect(example).not.toContain('WEATHER_API_KEY');
    const json = JSON.parse((await khalPack(['handoff', await scenarioCopy('full-stack-four-env'), '--json'])).stdout);
    expect(json.frontend).toMatchObject({ version: '1.2.0' });
    expect(json.helmInstallExample).toBe(example);
  });

  it('frontend-only: no chart, so no install example and no secret section', async () => {
    const run = await khalPack(['handoff', await scenarioCopy('frontend-only-minimal')]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).not.toContain('helm install');
    expect(run.stdout).not.toContain('# Frontend package');
  });
});

