import { chmod, mkdtemp, readFile, readdir } from 'node:fs/promises';
import { outputFile } from 'fs-extra';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readAnswersFile } from '../../src/answers/answers-file.js';
import { resolveAnswers } from '../../src/answers/resolve.js';
import type { PackAnswers } from '../../src/answers/schema.js';
import { planPack } from '../../src/plan/plan-pack.js';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
export const SCENARIOS_DIR = path.join(REPO_ROOT, 'test/fixtures/scenarios');
/** The CLI as shipped: the bundle that `npm run build` writes. */
export const CLI = path.join(REPO_ROOT, 'dist/cli/create-khal-pack.js');

/** Scenario names: one folder each under test/fixtures/scenarios, holding answers.json. */
export async function scenarioNames(): Promise<string[]> {
  return (await readdir(SCENARIOS_DIR)).sort();
}

/** The complete answers of a scenario, resolved the way the CLI resolves them (no prompts). */
export async function scenarioAnswers(name: string): Promise<PackAnswers> {
  const file = path.join(SCENARIOS_DIR, name, 'answers.json');
  const { answers } = await resolveAnswers({ flags: {}, file: { path: file, answers: await readAnswersFile(file) }, yes: false });
  return answers;
}

export async function tempFolder(prefix = 'khal-pack-test-'): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix));
}

/** Plans the pack `answers` make (from the source, in memory) and writes it into `folder`, as plain files; returns the paths. */
export async function renderPack(answers: PackAnswers, folder: string): Promise<string[]> {
  const files = planPack(answers);
  for (const file of files) {
    await outputFile(path.join(folder, file.path), file.content);
    if (file.mode & 0o111) await chmod(path.join(folder, file.path), file.mode);
  }
  return files.map((file) => file.path);
}

/** Renders a pack for `answers` into a new temporary folder; returns the folder and its files. */
export async function generatePack(answers: PackAnswers): Promise<{ folder: string; files: string[] }> {
  const folder = await tempFolder();
  const files = await renderPack(answers, folder);
  return { folder, files };
}

export async function generateScenario(name: string) {
  const answers = await scenarioAnswers(name);
  return { answers, ...(await generatePack(answers)) };
}

export function readText(folder: string, file: string): Promise<string> {
  return readFile(path.join(folder, file), 'utf8');
}

export async function readJson<T = any>(folder: string, file: string): Promise<T> {
  return JSON.parse(await readText(folder, file)) as T;
}
