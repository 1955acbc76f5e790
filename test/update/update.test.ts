import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { scenarioAnswers, tempFolder } from '../support/generate.js';
import { checkFolder, editText, folderState } from '../commands/support.js';
import { applyDiff } from '../support/apply-diff.js';
import { NEW_TEMPLATE_FILE, OLD_VERSION, TEMPLATE_CHANGE, buildOldKit, git, packKit, packMadeBy } from './kits.js';
import { dryRunHunks, envDiff, expectFreshGeneration, khalPackWithCache as khalPack } from './support.js';

const SCENARIO = 'full-stack-four-env';
/** The files whose content differs between two folder states, sorted. */
const changedFiles = (before: Record<string, string>, after: Record<string, string>) =>
  [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((file) => file !== '..' && before[file] !== after[file]).sort();
const CURRENT_VERSION = JSON.parse(await readFile(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')).version as string;
let oldKit: string;

beforeAll(async () => {
  oldKit = await buildOldKit();
});

describe('khal-pack update: a real template change between two real kit builds', () => {
  it('keeps every user edit, brings every template change, marks the one real conflict, lists it and exits 1', async () => {
    const folder = await packMadeBy(oldKit, SCENARIO);
    // Edits as a user makes them, committed like a user's.
    await editText(folder, 'service/src/index.ts', (text) => text.replace('maxReconnectAttempts: -1 }', 'maxReconnectAttempts: -1, timeout: 5000 }'));
    await editText(folder, 'helm/values.yaml', (text) => text.replace('replicaCount: 1', 'replicaCount: 3 # three for the customer HA setup').replace('imagePullSecrets: []', 'imagePullSecrets: []\npodAnnotations:\n  team: weather'));
    await editText(folder, 'package/package.json', (text) => {
      const manifest = JSON.parse(text);
      manifest.dependencies = { ...manifest.dependencies, 'date-fns': '^4.1.0' };
      return `${JSON.stringify(manifest, null, 2)}\n`;
    });
    // The deliberate conflict: the line the template change rewrites.
    await editText(folder, 'README.md', (text) => text.replace('A pack for Khal OS, by Ana Lima:', 'The weather team\'s pack, by Ana Lima:'));
    await mkdir(path.join(folder, 'docs'));
    await writeFile(path.join(folder, 'docs/runbook.md'), '# Runbook\n\nPage the weather team.\n');
    await git(folder, 'add', '-A');
    await git(folder, 'commit', '-q', '-m', 'our edits');
    const before = await folderState(folder);

    const run = await khalPack(['update', folder, '--base-kit', oldKit]);
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(1);

    // Every user edit is still there.
    const index = await readFile(path.join(folder, 'service/src/index.ts'), 'utf8');
    expect(index).toContain('maxReconnectAttempts: -1, timeout: 5000 }');
    const values = await readFile(path.join(folder, 'helm/values.yaml'), 'utf8');
    expect(values).toContain('replicaCount: 3 # three for the customer HA setup');
    expect(parseYaml(values).podAnnotations).toEqual({ team: 'weather' });
    const frontend = JSON.parse(await readFile(path.join(folder, 'package/package.json'), 'utf8'));
    expect(frontend.dependencies['date-fns']).toBe('^4.1.0');
    expect(await readFile(path.join(folder, 'docs/runbook.md'), 'utf8')).toBe(before['docs/runbook.md']);

    // Every template change is in.
    expect(index).toContain(TEMPLATE_CHANGE[0].current);
    expect(parseYaml(values).resources.limits.memory).toBe('256Mi');
    expect(frontend.devDependencies.vitest).toBe('~5.1.2');
    expect(await readFile(path.join(folder, NEW_TEMPLATE_FILE.output), 'utf8')).toBe(await readFile(path.resolve(import.meta.dirname, '../../templates', NEW_TEMPLATE_FILE.template), 'utf8'));
    expect(JSON.parse(await readFile(path.join(folder, '.khal-pack.json'), 'utf8')).$generator).toBe(`create-khal-pack@${CURRENT_VERSION}`);

    // The conflict: marked in the file, listed with what to do.
    const readme = await readFile(path.join(folder, 'README.md'), 'utf8');
    expect(readme).toMatch(/<<<<<<< yours\nThe weather team's pack, by Ana Lima:.*\n\|\|\|\|\|\|\| as generated\nA pack for Khal OS, by Ana Lima:.*\n=======\nA Khal OS pack by Ana Lima:.*\n>>>>>>> the change\n/);
    expect(run.stdout).toMatch(/^\s+conflict\s+README\.md$/m);
    expect(run.stdout).toMatch(/^  README\.md \(1 place\): both you and the change edited the same lines/m);
    expect(run.stdout).toContain('Resolve the conflicts above (exit 1), then run khal-pack check.');
    // khal-pack check (and so the pack's CI) fails until it is resolved, even in a file no other check reads.
    const markerLine = readme.split('\n').indexOf('<<<<<<< yours') + 1;
    expect((await checkFolder(folder)).findings).toContainEqual(expect.objectContaining({ code: 'conflict-marker', file: 'README.md', field: `line ${markerLine}`, severity: 'error' }));
    expect(run.stdout).toMatch(/khal-pack check will report these until the conflicts are resolved:\n.*README\.md line \d+: holds a conflict a khal-pack change left to resolve/);
    // git sees exactly the files the change concerns (the root package.json pins the kit that made the pack: the new one now).
    const changed = (await git(folder, 'status', '--porcelain')).stdout.split('\n').map((line) => line.slice(3));
    expect(changed.sort()).toEqual(['.khal-pack.json', 'README.md', 'helm/values.yaml', 'package.json', 'package/package.json', NEW_TEMPLATE_FILE.output, 'service/src/index.ts'].sort());
  });

  it('--check plans against the pack on disk: a file the user deleted is listed apart, and the update changes exactly the files listed', async () => {
    const folder = await packMadeBy(oldKit, SCENARIO);
    await rm(path.join(folder, 'README.md'));
    const listed = await khalPack(['update', folder, '--check', '--base-kit', oldKit, '--json']);
    expect(listed.exitCode, listed.stderr).toBe(1);
    const { files, alsoWritten, left } = JSON.parse(listed.stdout) as { files: string[]; alsoWritten: string[]; left: unknown[] };
    expect(files).not.toContain('README.md');
    expect(left).toEqual([{ file: 'README.md', outcome: 'deleted-by-you' }]);
    const text = await khalPack(['update', folder, '--check', '--base-kit', oldKit]);
    expect(text.stdout).toContain('Newer templates update would leave as you have them:\n  README.md (you deleted it)');
    const state = await folderState(folder);
    const run = await khalPack(['update', folder, '--base-kit', oldKit]);
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(changedFiles(state, await folderState(folder))).toEqual([...files, ...alsoWritten].sort());
  });

  it('--check on a file update would refuse to merge into (a marked conflict): cannot tell, exit 3, as update refuses', async () => {
    const folder = await packMadeBy(oldKit, SCENARIO);
    await editText(folder, 'README.md', (text) => `${text}\n<<<<<<< HEAD\nOurs.\n=======\nTheirs.\n>>>>>>> feature\n`);
    const check = await khalPack(['update', folder, '--check', '--base-kit', oldKit]);
    expect(check.exitCode).toBe(3);
    expect(check.stderr).toContain('README.md still holds a marked conflict');
    expect(check.stderr).toContain('update --check could not tell');
    expect((await khalPack(['update', folder, '--base-kit', oldKit])).exitCode).toBe(1);
  });

  it('on an untouched pack: exactly a fresh generation with the current kit, exit 0; --check says 1 before and 0 after; env diff finds no change', async () => {
    const folder = await packMadeBy(oldKit, SCENARIO);
    const before = path.join(await tempFolder(), 'before');
    await execa('cp', ['-R', '--', folder, before]);
    const listed = await khalPack(['update', folder, '--check', '--base-kit', oldKit, '--json']);
    expect(listed.exitCode).toBe(1);
    const { files, alsoWritten } = JSON.parse(listed.stdout) as { files: string[]; alsoWritten: string[] };
    expect(alsoWritten).toEqual(['.khal-pack.json']);
    const text = await khalPack(['update', folder, '--check', '--base-kit', oldKit]);
    expect(text.stdout).toContain(`and .khal-pack.json: update records create-khal-pack@${CURRENT_VERSION} in it.`);
    const state = await folderState(folder);
    const run = await khalPack(['update', folder, '--base-kit', oldKit]);
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
    // --check listed exactly the files the update then changed.
    expect(changedFiles(state, await folderState(folder))).toEqual([...files, ...alsoWritten].sort());
    expect(run.stdout).toContain(`Updating weather-station from create-khal-pack@${OLD_VERSION} to create-khal-pack@${CURRENT_VERSION}`);
    await expectFreshGeneration(folder, await scenarioAnswers(SCENARIO));
    expect((await checkFolder(folder)).findings).toEqual([]);
    expect(await envDiff(before, folder)).toEqual([]);
    const check = await khalPack(['update', folder, '--check']);
    expect(check.exitCode, check.stdout).toBe(0);
    expect(check.stdout).toContain('is up to date');
  });

  it('--dry-run changes nothing and prints each file\'s diff: exactly what the real run makes', async () => {
    const folder = await packMadeBy(oldKit, SCENARIO);
    await editText(folder, 'helm/values.yaml', (text) => text.replace('replicaCount: 1', 'replicaCount: 2'));
    const before = await folderState(folder);
    const dry = await khalPack(['update', folder, '--base-kit', oldKit, '--dry-run']);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(await folderState(folder)).toEqual(before);
    const hunks = dryRunHunks(dry.stdout);
    expect((await khalPack(['update', folder, '--base-kit', oldKit])).exitCode).toBe(0);
    const after = await folderState(folder);
    const changed = Object.keys(after).filter((file) => after[file] !== before[file] && !file.startsWith('.git/'));
    expect(Object.keys(hunks).sort()).toEqual(changed.sort());
    for (const file of changed) expect(applyDiff(before[file] ?? '', hunks[file]!), file).toBe(after[file]);
  });

  it('--json: the kits, the changed files, the conflicts and the findings', async () => {
    const folder = await packMadeBy(oldKit, SCENARIO);
    const run = await khalPack(['update', folder, '--base-kit', oldKit, '--json']);
    expect(run.exitCode, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ from: `create-khal-pack@${OLD_VERSION}`, to: `create-khal-pack@${CURRENT_VERSION}`, written: true, conflicts: [], findings: [] });
    expect(report.changed).toContainEqual({ file: NEW_TEMPLATE_FILE.output, outcome: 'created' });
  });

  it('a tarball kit is unpacked into the cache; the next update finds it there', async () => {
    const cache = await tempFolder('khal-pack-cache-');
    const tarball = await packKit(oldKit);
    const first = await packMadeBy(oldKit, SCENARIO);
    expect((await khalPack(['update', first, '--base-kit', tarball], { cache })).exitCode).toBe(0);
    const second = await packMadeBy(oldKit, 'full-stack-no-env');
    const run = await khalPack(['update', second, '--json'], { cache });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).baseKit).toContain(path.join(cache, 'khal-pack/kits', OLD_VERSION));
    await expectFreshGeneration(second, await scenarioAnswers('full-stack-no-env'));
  });

  it('an unpack a killed run left in the cache is removed by the next unpack; one of a run still going is not', async () => {
    const cache = await tempFolder('khal-pack-cache-');
    const kits = path.join(cache, 'khal-pack/kits');
    const [abandoned, going] = [path.join(kits, `${OLD_VERSION}.unpacking-dead01`), path.join(kits, `${OLD_VERSION}.unpacking-live01`)];
    await mkdir(abandoned, { recursive: true });
    await mkdir(going, { recursive: true });
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(abandoned, twoHoursAgo, twoHoursAgo);
    const run = await khalPack(['update', await packMadeBy(oldKit, SCENARIO), '--base-kit', await packKit(oldKit)], { cache });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(existsSync(abandoned)).toBe(false);
    expect(existsSync(going)).toBe(true);
    expect(existsSync(path.join(kits, OLD_VERSION, 'package.json'))).toBe(true);
  });
});

describe('khal-pack update of a pack made before an answer existed', () => {
  it('an answer its .khal-pack.json does not hold takes its default: update --check and update run', async () => {
    const folder = await packMadeBy(oldKit, SCENARIO);
    // As a kit older than the port answer would have written it (this old kit knows the answer,
    // so it remakes a base that has it: the merge then keeps the record as the user has it).
    await editText(folder, '.khal-pack.json', (text) => text.replace(/ *"port": .*\n/, ''));
    expect(await readFile(path.join(folder, '.khal-pack.json'), 'utf8')).not.toContain('"port"');
    const check = await khalPack(['update', folder, '--check', '--base-kit', oldKit]);
    expect(check.exitCode, check.stderr).toBe(1);
    const run = await khalPack(['update', folder, '--base-kit', oldKit]);
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toContain(`Updating weather-station from create-khal-pack@${OLD_VERSION} to create-khal-pack@${CURRENT_VERSION}`);
    expect((await checkFolder(folder)).findings).toEqual([]);
  });
});

describe('khal-pack update says why it cannot, and changes nothing', () => {
  it.each([
    ['no kit anywhere: says the kit is not published and how to give it', async (folder: string) => [folder], 'is not published to a registry yet: give the kit yourself with --base-kit'],
    ['a kit of another version', async (folder: string) => [folder, '--base-kit', path.resolve(import.meta.dirname, '../..')], `is create-khal-pack@${CURRENT_VERSION}, but the pack was made by create-khal-pack@${OLD_VERSION}`],
    ['no .khal-pack.json', async (folder: string) => (await rm(path.join(folder, '.khal-pack.json')), [folder, '--base-kit', oldKit]), '.khal-pack.json is missing from'],
    ['a pack made by a newer kit', async (folder: string) => (await editText(folder, '.khal-pack.json', (text) => text.replace(`create-khal-pack@${OLD_VERSION}`, 'create-khal-pack@9.0.0')), [folder]), 'newer than this kit'],
    ['a .khal-pack.json without the kit version', async (folder: string) => (await editText(folder, '.khal-pack.json', (text) => text.replace(/ *"\$generator": .*\n/, '')), [folder, '--base-kit', oldKit]), 'has no "$generator"'],
  ] as const)('%s', async (_name, arrange, message) => {
    const folder = await packMadeBy(oldKit, SCENARIO);
    const args = await arrange(folder);
    const before = await folderState(folder);
    const run = await khalPack(['update', ...args]);
    expect(run.exitCode, run.stdout).toBe(1);
    expect(run.stderr).toContain(message);
    // --check exits 1 only for newer templates: one it could not make says why and exits 3.
    const check = await khalPack(['update', ...args, '--check']);
    expect(check.exitCode, check.stdout).toBe(3);
    expect(check.stderr).toContain(message);
    expect(check.stderr).toContain('update --check could not tell whether newer templates are available (exit 3).');
    // With --json, the reason is on stdout too, as JSON.
    const json = await khalPack(['update', ...args, '--check', '--json']);
    expect(json.exitCode).toBe(3);
    expect(JSON.parse(json.stdout)).toEqual({ error: { exitCode: 3, message: expect.stringContaining(message) } });
    expect(await folderState(folder)).toEqual(before);
  });

  it('--check on a folder that is not a pack is bad usage, exit 2, as without --check', async () => {
    const run = await khalPack(['update', await tempFolder(), '--check']);
    expect(run.exitCode, run.stderr).toBe(2);
    expect(run.stderr).toContain('holds no khal-app.json');
  });
});

describe('khal-pack set and env on a pack an older kit made', () => {
  it('say so, merge the change into the files the two kits make differently, and keep the rest as the old kit made it', async () => {
    const folder = await packMadeBy(oldKit, SCENARIO);
    const run = await khalPack(['set', '--port', '9090', '--yes', '--dir', folder]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      `weather-station was made by create-khal-pack@${OLD_VERSION}, and this kit is ${CURRENT_VERSION}: the change is planned with this kit's templates. A file the two kits make differently counts as edited: the change is merged into it, and the rest of it stays as create-khal-pack@${OLD_VERSION} made it. khal-pack update moves the pack to this kit's templates.`,
    );
    const values = await readFile(path.join(folder, 'helm/values.yaml'), 'utf8');
    expect(values).toContain('port: 9090');
    expect(values).toContain('memory: 128Mi'); // the old kit's, not this kit's 256Mi
    expect(JSON.parse(await readFile(path.join(folder, '.khal-pack.json'), 'utf8')).$generator).toBe(`create-khal-pack@${OLD_VERSION}`);

    const env = JSON.parse((await khalPack(['env', 'remove', 'POLL_SECONDS', '--yes', '--json', '--dir', folder])).stdout);
    expect(env).toMatchObject({ madeBy: `create-khal-pack@${OLD_VERSION}`, kit: `create-khal-pack@${CURRENT_VERSION}` });
  });

  it('on a pack a newer kit made: point to a newer kit, not to khal-pack update (which refuses to go back)', async () => {
    const folder = await packMadeBy(path.resolve(import.meta.dirname, '../..'), SCENARIO);
    await editText(folder, '.khal-pack.json', (text) => text.replace(`create-khal-pack@${CURRENT_VERSION}`, 'create-khal-pack@9.1.0-beta.2'));
    const run = await khalPack(['set', '--port', '9090', '--yes', '--dir', folder]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('This kit is older than create-khal-pack@9.1.0-beta.2: run the change with create-khal-pack@9.1.0-beta.2 or newer');
    expect(run.stdout).not.toContain('khal-pack update moves');
  });

  it('say nothing of kits on a pack this kit made', async () => {
    const folder = await packMadeBy(path.resolve(import.meta.dirname, '../..'), SCENARIO);
    const run = await khalPack(['set', '--port', '9090', '--yes', '--json', '--dir', folder]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).not.toHaveProperty('madeBy');
    expect((await khalPack(['set', '--port', '9091', '--yes', '--dir', folder])).stdout).not.toContain('was made by');
  });
});
