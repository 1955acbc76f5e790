import { cp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { generateScenario, readText, scenarioNames, tempFolder } from '../support/generate.js';
import { checkWorkflows } from './workflow-checks.js';

type Step = { run?: string; uses?: string };
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
    await writeFile(path.join(workflows, 'publish-npm.yml'), npm.replace('${{ secrets.GITHUB_TOKEN }}', '${{ secrets.GITHUB_TOKEN.value.x }}'));
    const problems = await checkWorkflows(broken, answers.kind, files);
    const about = (file: string) => problems.filter((problem) => problem.file === `.github/workflows/${file}`).map((problem) => problem.problem);
    expect(about('release.yml').some((problem) => problem.startsWith('has the expressions'))).toBe(true);
    expect(about('ci.yml').some((problem) => problem.startsWith('is not valid YAML'))).toBe(true);
    expect(about('publish-npm.yml').some((problem) => problem.startsWith('actionlint'))).toBe(true);
  });
});
