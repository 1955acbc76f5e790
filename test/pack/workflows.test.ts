import { spawnSync } from 'node:child_process';
import { cp, writeFile } from 'node:fs/promises';
import { execa } from 'execa';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { generateScenario, readText, scenarioNames, tempFolder } from '../support/generate.js';
import { checkWorkflows } from './workflow-checks.js';

type Step = { run?: string; uses?: string; with?: Record<string, unknown> };
type Workflow = { on: Record<string, unknown>; jobs: Record<string, { steps: Step[] }> };

async function readWorkflow(folder: string, name: string): Promise<Workflow> {
  return parseYaml(await readText(folder, `.github/workflows/${name}`)) as Workflow;
}

const stepsOf = (workflow: Workflow) => Object.values(workflow.jobs).flatMap((job) => job.steps);

describe.each(await scenarioNames())('workflows of scenario %s', async (scenario) => {
  const pack = await generateScenario(scenario);
  const fullStack = pack.answers.kind === 'full-stack';

  it('parse, keep every ${{ … }} of their templates, and pass actionlint', async () => {
    expect(await checkWorkflows(pack.folder, pack.answers.kind, pack.files)).toEqual([]);
  });

  it('use one major of each action and one Node, across every workflow (a template left behind shows here)', async () => {
    const workflows = pack.files.filter((file) => file.startsWith('.github/workflows/')).map((file) => path.basename(file));
    const majors = new Map<string, Set<string>>();
    const nodes = new Set<string>();
    for (const name of workflows) {
      for (const step of stepsOf(await readWorkflow(pack.folder, name))) {
        const [action, version] = step.uses?.split('@') ?? [];
        if (action) majors.set(action, new Set([...(majors.get(action) ?? []), `${action}@${version}`]));
        if (step.with?.['node-version'] !== undefined) nodes.add(`${name}: node ${String(step.with['node-version'])}`);
      }
    }
    expect([...majors.values()].filter((versions) => versions.size > 1).map((versions) => [...versions])).toEqual([]);
    expect(new Set([...nodes].map((node) => node.split(': ')[1])).size, [...nodes].join(', ')).toBe(1);
    expect([...nodes][0]).toMatch(/node 24$/);
  });

  it('ci installs, type-checks, tests and builds (full-stack: also helm lint and the image)', async () => {
    const ci = await readWorkflow(pack.folder, 'ci.yml');
    const runs = stepsOf(ci).map((step) => step.run ?? '');
    for (const command of ['bun install', 'bun run typecheck', 'bun run test', 'bun run build'])
      expect(runs.some((run) => run.includes(command))).toBe(true);
    expect(runs.some((run) => run.startsWith('helm lint'))).toBe(fullStack);
    expect(stepsOf(ci).some((step) => step.uses?.startsWith('docker/build-push-action'))).toBe(fullStack);
  });

  it('has one publish workflow per artifact, each started by a tag or by release.yml', async () => {
    const publishers = pack.files.filter((file) => /^\.github\/workflows\/publish-/.test(file)).map((file) => path.basename(file));
    expect(publishers.sort()).toEqual(fullStack ? ['publish-chart.yml', 'publish-image.yml', 'publish-npm.yml'] : ['publish-npm.yml']);
    for (const name of publishers) {
      const workflow = await readWorkflow(pack.folder, name);
      expect(workflow.on).toHaveProperty('workflow_dispatch');
      expect(workflow.on).toMatchObject({ push: { tags: ['v*'] } });
    }
    // A tag pushed with GITHUB_TOKEN starts no workflow, so release.yml must start them itself.
    const release = await readText(pack.folder, '.github/workflows/release.yml');
    expect(release).toMatch(/for workflow in \.github\/workflows\/publish-\*\.yml/);
    expect(release).toMatch(/gh workflow run "\$\(basename "\$workflow"\)" --ref "\$TAG"/);
    expect(parseYaml(release).permissions).toMatchObject({ contents: 'write', actions: 'write' });
  });
});

const hasJq = spawnSync('jq', ['--version']).status === 0;

describe('the publish workflows read where to publish from the pack', () => {
  /** Runs the `run:` script of the step with `id` in a workflow, in the pack; returns what it wrote to GITHUB_OUTPUT. */
  async function stepOutputs(folder: string, workflow: string, id: string): Promise<Record<string, string>> {
    const step = stepsOf(await readWorkflow(folder, workflow)).find((candidate) => (candidate as { id?: string }).id === id)!;
    const output = path.join(await tempFolder(), 'output');
    await writeFile(output, '');
    await execa('bash', ['-e', '-c', step.run!], { cwd: folder, env: { GITHUB_OUTPUT: output } });
    return Object.fromEntries((await readText(path.dirname(output), 'output')).trim().split('\n').map((line) => line.split(/=(.*)/s).slice(0, 2)));
  }

  it.runIf(hasJq)('publish-npm: the package scope, and GitHub Packages unless publishConfig.registry names another', async () => {
    const { folder, answers } = await generateScenario('custom-scope-registry');
    expect(await stepOutputs(folder, 'publish-npm.yml', 'npm')).toEqual({ scope: answers.scope, registry: 'https://npm.pkg.github.com' });
    const npm = await readWorkflow(folder, 'publish-npm.yml');
    expect(stepsOf(npm).find((step) => step.uses?.startsWith('actions/setup-node'))).toMatchObject({
      with: { 'registry-url': '${{ steps.npm.outputs.registry }}', scope: '${{ steps.npm.outputs.scope }}' },
    });
    const pkg = JSON.parse(await readText(folder, 'package/package.json'));
    await writeFile(path.join(folder, 'package/package.json'), JSON.stringify({ ...pkg, publishConfig: { registry: 'https://registry.example.com/' } }));
    expect((await stepOutputs(folder, 'publish-npm.yml', 'npm')).registry).toBe('https://registry.example.com/');
  });

  it.runIf(hasJq)('publish-image: the image and its registry host from backend.image, with the registry secrets when set', async () => {
    const { folder, answers } = await generateScenario('custom-scope-registry');
    const image = JSON.parse(await readText(folder, 'khal-app.json')).backend.image as string;
    expect(await stepOutputs(folder, 'publish-image.yml', 'image')).toEqual({ name: image, host: answers.registry.split('/')[0] });
    const login = stepsOf(await readWorkflow(folder, 'publish-image.yml')).find((step) => step.uses?.startsWith('docker/login-action'));
    expect(login).toMatchObject({ with: { username: '${{ secrets.REGISTRY_USERNAME || github.actor }}', password: '${{ secrets.REGISTRY_PASSWORD || secrets.GITHUB_TOKEN }}' } });
  });
});

describe('checkWorkflows', () => {
  it('reports an eaten expression, a YAML error and an actionlint finding', async () => {
    const { folder, files, answers } = await generateScenario('full-stack-four-env');
    const broken = await tempFolder();
    await cp(folder, broken, { recursive: true });
    const workflows = path.join(broken, '.github/workflows');
    const release = await readText(folder, '.github/workflows/release.yml');
    await writeFile(path.join(workflows, 'release.yml'), release.replace('${{ secrets.GITHUB_TOKEN }}', ''));
    await writeFile(path.join(workflows, 'ci.yml'), 'on: [push\njobs: {}\n');
    const npm = await readText(folder, '.github/workflows/publish-npm.yml');
    await writeFile(path.join(workflows, 'publish-npm.yml'), npm.replace('${{ secrets.NPM_TOKEN || secrets.GITHUB_TOKEN }}', '${{ secrets.GITHUB_TOKEN.value.x }}'));
    const problems = await checkWorkflows(broken, answers.kind, files);
    const about = (file: string) => problems.filter((problem) => problem.file === `.github/workflows/${file}`).map((problem) => problem.problem);
    expect(about('release.yml').some((problem) => problem.startsWith('has the expressions'))).toBe(true);
    expect(about('ci.yml').some((problem) => problem.startsWith('is not valid YAML'))).toBe(true);
    expect(about('publish-npm.yml').some((problem) => problem.startsWith('actionlint'))).toBe(true);
  });
});
