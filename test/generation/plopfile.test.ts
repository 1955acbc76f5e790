import { readdirSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import nodePlop from 'node-plop';
import { describe, expect, it } from 'vitest';
import { filesUnder } from '../../src/util/files.js';
import { REPO_ROOT, SCENARIOS_DIR, generateScenario, readText, scenarioAnswers, tempFolder } from '../support/generate.js';

// Template maintainers run the generators straight from this repo with plop (`npm run plop`),
// which loads generators/plopfile.js by path with import() (a TypeScript plopfile would fail
// silently on Node 20) and runs the built generators. What they make is compared with what the
// source plans: a change in src/ that was not built shows here.
const PLOP = path.join(REPO_ROOT, 'node_modules/.bin/plop');
const PLOPFILE = path.join(REPO_ROOT, 'generators/plopfile.js');
// plop colours its output wherever it thinks a terminal might be (CI=true): read it without colours.
const plop = (args: string[]) => execa(PLOP, args, { reject: false, stdin: 'ignore', env: { FORCE_COLOR: '0', NO_COLOR: '1' } });
const plain = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');

async function expectSameAsSource(folder: string, scenario: string) {
  const { folder: reference, files } = await generateScenario(scenario);
  expect(filesUnder(folder)).toEqual(files);
  for (const file of files) expect(await readText(folder, file), file).toBe(await readText(reference, file));
}

describe('generators/plopfile.js', () => {
  it('loaded by path, as the plop CLI loads it: registers the generators and makes the same pack as the source', async () => {
    const destination = await tempFolder();
    const plop = await nodePlop(PLOPFILE, { destBasePath: destination, force: false });
    expect(plop.getGeneratorList().map((generator) => generator.name)).toEqual(['pack', 'pack-from-answers']);
    const answers = await scenarioAnswers('full-stack-four-env');
    const { failures } = await plop.getGenerator('pack').runActions({ answers, destination: 'pack-made-by-plop' });
    expect(failures).toEqual([]);
    await expectSameAsSource(path.join(destination, 'pack-made-by-plop'), 'full-stack-four-env');
  });

  it.each(['full-stack-four-env', 'frontend-only-minimal'])('the plop CLI (npm run plop -- pack-from-answers) makes the same pack as the source: %s', async (scenario) => {
    const destination = await tempFolder();
    const answersFile = path.join(SCENARIOS_DIR, scenario, 'answers.json');
    const result = await plop(['--plopfile', PLOPFILE, '--dest', destination, 'pack-from-answers', answersFile]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(plain(result.stdout)).toMatch(/✔\s+khal-write-pack pack-\S+: \d+ files/);
    const [made] = readdirSync(destination);
    expect(made).toBe(`pack-${(await scenarioAnswers(scenario)).name}`);
    await expectSameAsSource(path.join(destination, made!), scenario);
  });

  it('npm run plop in a folder of your own: a relative answers file is read from there, and the pack is written there', async () => {
    const cwd = await tempFolder();
    await copyFile(path.join(SCENARIOS_DIR, 'frontend-only-minimal', 'answers.json'), path.join(cwd, 'my-answers.json'));
    const run = await execa('npm', ['--prefix', REPO_ROOT, 'run', 'plop', '--', 'pack-from-answers', 'my-answers.json'], { cwd, reject: false, stdin: 'ignore', env: { FORCE_COLOR: '0', NO_COLOR: '1' } });
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
    const made = `pack-${(await scenarioAnswers('frontend-only-minimal')).name}`;
    expect(readdirSync(cwd).sort()).toEqual(['my-answers.json', made]);
    await expectSameAsSource(path.join(cwd, made), 'frontend-only-minimal');
  });

  it('a failing plop run says so and exits 1: a folder that holds a pack already is refused', async () => {
    const destination = await tempFolder();
    const answersFile = path.join(SCENARIOS_DIR, 'frontend-only-minimal', 'answers.json');
    const args = ['--plopfile', PLOPFILE, '--dest', destination, 'pack-from-answers', answersFile];
    await plop(args);
    const again = await plop(args);
    expect(plain(`${again.stdout}\n${again.stderr}`)).toMatch(/✖\s+khal-write-pack .*holds a pack already/);
    expect(again.exitCode).toBe(1);
  });
});
