import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { parse as parseYaml } from 'yaml';
import type { PackAnswers } from '../../src/answers/schema.js';
import { KHAL_PACK, khalPack } from '../commands/support.js';
import { renderPack, scenarioAnswers, tempFolder } from '../support/generate.js';

const GIT_IDENTITY = { GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.com' };

export function git(folder: string, ...args: string[]) {
  return execa('git', args, { cwd: folder, env: GIT_IDENTITY });
}

/** The answers of the four-env scenario, at 0.1.0: a full-stack pack with a secret, a url and two optional entries. */
export async function firstReleaseAnswers(): Promise<PackAnswers> {
  return { ...(await scenarioAnswers('full-stack-four-env')), version: '0.1.0' };
}

/** A generated pack, made a git repository whose one commit is tagged v0.1.0 (its first release). */
export async function releasedPack(): Promise<{ folder: string; answers: PackAnswers }> {
  const answers = await firstReleaseAnswers();
  const folder = path.join(await tempFolder('khal-pack-release-'), 'pack-weather-station');
  await renderPack(answers, folder);
  await git(folder, 'init', '--quiet', '--initial-branch=main');
  await commitAll(folder, 'First release');
  await git(folder, 'tag', 'v0.1.0');
  return { folder, answers };
}

export async function commitAll(folder: string, message: string) {
  await git(folder, 'add', '--all');
  await git(folder, 'commit', '--quiet', '--message', message);
}

/** The pack's files made again from answers whose env entry `from` is called `to`: a rename done everywhere, as a user would. */
export async function renameEnvEntry(folder: string, answers: PackAnswers, from: string, to: string): Promise<PackAnswers> {
  const record = JSON.parse(await readFile(path.join(folder, '.khal-pack.json'), 'utf8')) as PackAnswers;
  const renamed = { ...answers, version: record.version, env: answers.env.map((entry) => (entry.key === from ? { ...entry, key: to } : entry)) };
  await renderPack(renamed, folder);
  return renamed;
}

/** The commands of the pack's CI steps that run the kit (`bunx khal-pack ...`), read from its generated ci.yml. */
export async function ciKitCommands(folder: string): Promise<string[][]> {
  const ci = parseYaml(await readFile(path.join(folder, '.github/workflows/ci.yml'), 'utf8')) as { jobs: Record<string, { steps: { run?: string }[] }> };
  return Object.values(ci.jobs)
    .flatMap((job) => job.steps)
    .flatMap((step) => (step.run?.startsWith('bunx khal-pack ') ? [step.run.trim().split(/\s+/).slice(2)] : []));
}

/** Runs each of those CI steps in the pack with the kit's built khal-pack, as `bunx khal-pack` runs it there; stops at the first that fails. */
export async function runCiKitSteps(folder: string) {
  const commands = await ciKitCommands(folder);
  if (commands.length === 0) throw new Error('ci.yml has no step that runs bunx khal-pack');
  let last: Awaited<ReturnType<typeof khalPack>> | undefined;
  for (const args of commands) {
    last = await khalPack(args, folder);
    if (last.exitCode !== 0) return { ...last, args };
  }
  return { ...last!, args: commands.at(-1)! };
}

export const release = (folder: string, ...args: string[]) => khalPack(['release', ...args, '--date', '2025-03-01'], folder);

/** The `run:` script of release.yml's notes step, run in the pack for `tag`: the file it writes, or undefined when it writes none. */
export async function releaseNotesOf(folder: string, tag: string): Promise<string | undefined> {
  const workflow = parseYaml(await readFile(path.join(folder, '.github/workflows/release.yml'), 'utf8')) as { jobs: Record<string, { steps: { id?: string; run?: string }[] }> };
  const step = Object.values(workflow.jobs).flatMap((job) => job.steps).find((candidate) => candidate.id === 'notes');
  if (!step?.run) throw new Error('release.yml has no step with id "notes"');
  const temp = await tempFolder('khal-pack-runner-');
  const output = path.join(temp, 'output');
  await writeFile(output, '');
  await execa('bash', ['-e', '-c', step.run], { cwd: folder, env: { TAG: tag, RUNNER_TEMP: temp, GITHUB_OUTPUT: output } });
  const file = /^file=(.*)$/m.exec(await readFile(output, 'utf8'))?.[1];
  const notes = file === undefined ? undefined : await readFile(file, 'utf8');
  await rm(temp, { recursive: true, force: true });
  return notes;
}

export { KHAL_PACK };
