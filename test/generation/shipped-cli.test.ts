import { statSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { CLI, SCENARIOS_DIR, generateScenario, readText, scenarioNames, tempFolder } from '../support/generate.js';

// The shipped CLI is a bundle with precompiled templates (scripts/bundle.mjs,
// scripts/precompile-templates.mjs); the other tests render from source. Both must write the
// same bytes.
it('ships both bins executable, as npm link and npx run them', () => {
  for (const bin of [CLI, CLI.replace('create-khal-pack.js', 'khal-pack.js')]) expect(statSync(bin).mode & 0o111, bin).toBe(0o111);
});

describe.each(await scenarioNames())('scenario %s', (scenario) => {
  it('the bundled CLI writes exactly what the source renders', async () => {
    const cwd = await tempFolder();
    const result = await execa('node', [CLI, 'pack', '--answers', path.join(SCENARIOS_DIR, scenario, 'answers.json')], { cwd, reject: false });
    expect(result.exitCode, result.stderr).toBe(0);
    const { folder, files } = await generateScenario(scenario);
    for (const file of files) expect(await readText(path.join(cwd, 'pack'), file), file).toBe(await readText(folder, file));
    expect(result.stdout).toContain(`Created pack/ with ${files.length} files`);
    // Run from this clone, the kit may be a version the registry lacks: it says how the pack installs it from this build.
    expect(result.stdout).toContain(`npm pkg set devDependencies.create-khal-pack=file:`);
  });
});
