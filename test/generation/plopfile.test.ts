import path from 'node:path';
import nodePlop from 'node-plop';
import { describe, expect, it } from 'vitest';
import { filesUnder } from '../../src/util/files.js';
import { REPO_ROOT, generateScenario, readText, scenarioAnswers, tempFolder } from '../support/generate.js';

// Template maintainers run the generators straight from this repo with plop
// (`npm run plop -- pack`), which loads generators/plopfile.js by path with import():
// the way a TypeScript plopfile would silently fail on Node 20.
describe('generators/plopfile.js loaded by path, as the plop CLI loads it', () => {
  it('registers the generators and makes the same pack as the CLI', async () => {
    const destination = await tempFolder();
    const plop = await nodePlop(path.join(REPO_ROOT, 'generators/plopfile.js'), { destBasePath: destination, force: false });
    expect(plop.getGeneratorList().map((generator) => generator.name)).toEqual(expect.arrayContaining(['pack', 'add-env']));
    const answers = await scenarioAnswers('full-stack-four-env');
    const { failures } = await plop.getGenerator('pack').runActions({ answers, destination: 'pack-made-by-plop' });
    expect(failures).toEqual([]);
    const { folder, files } = await generateScenario('full-stack-four-env');
    expect(filesUnder(path.join(destination, 'pack-made-by-plop'))).toEqual(files);
    for (const file of files) expect(await readText(path.join(destination, 'pack-made-by-plop'), file), file).toBe(await readText(folder, file));
  });
});
