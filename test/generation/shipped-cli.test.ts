import { statSync } from 'node:fs';
import { cp, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT, SCENARIOS_DIR, generateScenario, readText, scenarioNames, tempFolder } from '../support/generate.js';

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

it('the bundled CLI refuses a template edited since its build, says to rebuild, and writes nothing', async () => {
  // The bins carry handlebars' runtime only (scripts/bundle.mjs): they render the templates their build precompiled.
  const kit = await tempFolder();
  for (const part of ['dist', 'templates', 'package.json']) await cp(path.join(REPO_ROOT, part), path.join(kit, part), { recursive: true });
  const readme = path.join(kit, 'templates/common/README.md.hbs');
  await writeFile(readme, `${await readFile(readme, 'utf8')}\nOne more line.\n`);
  const cwd = await tempFolder();
  const result = await execa('node', [path.join(kit, 'dist/cli/create-khal-pack.js'), 'pack', '--yes', '--kind', 'frontend-only', '--author', 'A'], { cwd, reject: false });
  expect(result.exitCode, result.stderr).toBe(1);
  expect(result.stderr).toContain('templates/common/README.md.hbs has changed since this kit was built');
  expect(result.stderr).toContain('npm run build');
  expect(await readdir(cwd)).toEqual([]);
});
