import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateScenario, readText, scenarioNames } from '../support/generate.js';

// One snapshot file per generated file, under __file_snapshots__/<scenario>/, so a template
// change shows as a diff of exactly the files it changes. Accept an intended change with
// `npm run test:update` and say why in the commit message.
const SNAPSHOTS = path.join(import.meta.dirname, '__file_snapshots__');

describe.each(await scenarioNames())('scenario %s', (scenario) => {
  it('generates the same tree and the same files', async () => {
    const { folder, files } = await generateScenario(scenario);
    await expect(`${files.join('\n')}\n`).toMatchFileSnapshot(path.join(SNAPSHOTS, scenario, '__tree__.txt'));
    for (const file of files)
      await expect(await readText(folder, file)).toMatchFileSnapshot(path.join(SNAPSHOTS, scenario, `${file}.snap`));
  });
});
