import { readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { NOTES_LINE, sectionOf } from '../../src/release/changelog.js';
import { checkFolder, editText, folderState, khalPack } from '../commands/support.js';
import { commitAll, git, releaseNotesOf, release, releasedPack, renameEnvEntry, runCiKitSteps } from './support.js';

const VERSION_FILES = ['khal-app.json', 'package/package.json', 'service/package.json', 'package.json', '.khal-pack.json'];

async function versionsOf(folder: string): Promise<Record<string, string>> {
  const versions: Record<string, string> = {};
  for (const file of VERSION_FILES) versions[file] = JSON.parse(await readFile(path.join(folder, file), 'utf8')).version;
  const chart = parseYaml(await readFile(path.join(folder, 'helm/Chart.yaml'), 'utf8'));
  versions['helm/Chart.yaml version'] = chart.version;
  versions['helm/Chart.yaml appVersion'] = chart.appVersion;
  return versions;
}

const everywhere = (version: string) =>
  Object.fromEntries([...VERSION_FILES, 'helm/Chart.yaml version', 'helm/Chart.yaml appVersion'].map((file) => [file, version]));

const changelog = (folder: string) => readFile(path.join(folder, 'CHANGELOG.md'), 'utf8');

describe('khal-pack release, from a pack tagged v0.1.0', () => {
  it('a compatible change, then release minor: 0.2.0 in every file, the change in CHANGELOG.md, and the CI steps pass', async () => {
    const { folder } = await releasedPack();
    expect((await runCiKitSteps(folder)).exitCode).toBe(0);
    const added = await khalPack(['add', 'env', 'REGION', '--type', 'string', '--description', 'Region of the stations', '--default', 'eu', '--dir', folder]);
    expect(added.exitCode, added.stderr).toBe(0);
    // Formatting the release must keep: a comment in Chart.yaml, four-space JSON, key order.
    await editText(folder, 'helm/Chart.yaml', (text) => `# Owned by the weather team.\n${text}`);
    const service = JSON.parse(await readFile(path.join(folder, 'service/package.json'), 'utf8'));
    await writeFile(path.join(folder, 'service/package.json'), `${JSON.stringify(service, null, 4)}\n`);

    const run = await release(folder, 'minor');
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('Released 0.1.0 -> 0.2.0 (minor)');
    // The first release makes CHANGELOG.md: `git commit -a` would leave it out.
    expect(run.stdout).toContain('commit (git add -A: CHANGELOG.md may be new)');
    expect(await versionsOf(folder)).toEqual(everywhere('0.2.0'));
    const chart = await readFile(path.join(folder, 'helm/Chart.yaml'), 'utf8');
    expect(chart).toMatch(/^# Owned by the weather team\.\n/);
    expect(chart).toContain('version: "0.2.0"\nappVersion: "0.2.0"');
    const serviceText = await readFile(path.join(folder, 'service/package.json'), 'utf8');
    expect(serviceText).toBe(`${JSON.stringify({ ...service, version: '0.2.0' }, null, 4)}\n`);
    expect(await readFile(path.join(folder, 'README.md'), 'utf8')).toContain('- Version: `v0.2.0` (chart version `0.2.0`)');

    const notes = await changelog(folder);
    expect(notes).toMatch(/^# Changelog\n\n## 0\.2\.0 - 2025-03-01\n/);
    expect(notes).toContain('<!-- Your notes on this release');
    expect(notes).toContain('### Configuration changes (env[]): `v0.1.0` → `v0.2.0`');
    expect(notes).toContain('#### Compatible\n\n- `REGION` added as optional (`string`, default `eu`)');
    expect(notes).not.toContain('Breaking');
    expect((await checkFolder(folder)).findings.filter((finding) => finding.severity === 'error')).toEqual([]);
    expect((await runCiKitSteps(folder)).exitCode).toBe(0);
  });

  it('a rename: the CI step fails on it, and release minor is refused with the breaking changes listed, changing nothing', async () => {
    const { folder, answers } = await releasedPack();
    await renameEnvEntry(folder, answers, 'WEATHER_API_KEY', 'PROVIDER_API_KEY');
    expect((await checkFolder(folder)).findings.filter((finding) => finding.severity === 'error')).toEqual([]);

    const ci = await runCiKitSteps(folder);
    expect(ci.args).toEqual(['release', '--verify']);
    expect(ci.exitCode).toBe(1);
    expect(ci.stderr).toContain("2 breaking env[] change(s) since v0.1.0 that CHANGELOG.md does not document");
    expect(ci.stderr).toContain('WEATHER_API_KEY removed; it looks renamed to PROVIDER_API_KEY');

    const before = await folderState(folder);
    const run = await release(folder, 'minor');
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('Refused: 2 breaking change(s) to env[] since v0.1.0, and 0.1.0 -> 0.2.0 is a minor release');
    expect(run.stderr).toContain('Set PROVIDER_API_KEY in the secret store to the value WEATHER_API_KEY had');
    expect(run.stderr).toContain('khal-pack release major');
    expect(await folderState(folder)).toEqual(before);
  });

  it('the same rename with release major: released, marked breaking with what an admin must do, the CI steps pass, handoff shows the notes', async () => {
    const { folder, answers } = await releasedPack();
    await renameEnvEntry(folder, answers, 'WEATHER_API_KEY', 'PROVIDER_API_KEY');
    const run = await release(folder, 'major');
    expect(run.exitCode, run.stderr).toBe(0);
    expect(await versionsOf(folder)).toEqual(everywhere('1.0.0'));
    const notes = await changelog(folder);
    expect(notes).toMatch(/^# Changelog\n\n## 1\.0\.0 - 2025-03-01 \(breaking\)\n\n\*\*Breaking change to the configuration:\*\*/);
    const breaking = notes.indexOf('#### Breaking: a customer admin must act before upgrading');
    expect(breaking).toBeGreaterThan(0);
    expect(notes.indexOf('- `WEATHER_API_KEY` removed; it looks renamed to `PROVIDER_API_KEY`')).toBeGreaterThan(breaking);
    expect(notes).toContain('  - Admin action: Set `PROVIDER_API_KEY` in the secret store to the value `WEATHER_API_KEY` had');
    expect(notes).toContain('  - Admin action: Supply `PROVIDER_API_KEY` in the secret store before upgrading');
    expect((await runCiKitSteps(folder)).exitCode).toBe(0);

    const handoff = await khalPack(['handoff', folder]);
    expect(handoff.stdout).toContain('## Upgrade notes for v1.0.0 (from CHANGELOG.md)');
    expect(handoff.stdout).toContain('Admin action: Set `PROVIDER_API_KEY` in the secret store');
    const json = JSON.parse((await khalPack(['handoff', folder, '--json'])).stdout);
    expect(json.upgradeNotes).toBe(sectionOf(notes, '1.0.0')!.replace(/^<!--.*-->\n\n/m, ''));

    // Merged and tagged by release.yml: its notes step gives the section as the GitHub release body.
    expect((await releaseNotesOf(folder, 'v1.0.0'))?.trimEnd()).toBe(sectionOf(notes, '1.0.0')!.trimEnd());
    expect(await releaseNotesOf(folder, 'v9.9.9')).toBeUndefined();
  });

  it('the CI step fails when the CHANGELOG.md section of the new version leaves a breaking change out', async () => {
    const { folder, answers } = await releasedPack();
    await renameEnvEntry(folder, answers, 'WEATHER_API_KEY', 'PROVIDER_API_KEY');
    expect((await release(folder, 'major')).exitCode).toBe(0);
    await editText(folder, 'CHANGELOG.md', (text) => text.replace(/^- `WEATHER_API_KEY`.*\n(  - .*\n)*/m, ''));
    const ci = await runCiKitSteps(folder);
    expect(ci.exitCode).toBe(1);
    expect(ci.stderr).toContain('1 breaking env[] change(s) since v0.1.0 that CHANGELOG.md does not document');
    expect(ci.stderr).toContain('does not name them under a "Breaking" heading');
  });

  it('a refused release says why as JSON on stdout with --json, real or dry run', async () => {
    const { folder, answers } = await releasedPack();
    await renameEnvEntry(folder, answers, 'WEATHER_API_KEY', 'PROVIDER_API_KEY');
    for (const dryRun of [[], ['--dry-run']]) {
      const run = await release(folder, 'minor', '--json', ...dryRun);
      expect(run.exitCode).toBe(1);
      const { error } = JSON.parse(run.stdout);
      expect(error.exitCode).toBe(1);
      expect(error.message).toContain('WEATHER_API_KEY');
      expect(run.stderr).toContain(error.message);
    }
  });

  it('--allow-breaking releases a rename in a minor release, marked breaking', async () => {
    const { folder, answers } = await releasedPack();
    await renameEnvEntry(folder, answers, 'WEATHER_API_KEY', 'PROVIDER_API_KEY');
    const run = await release(folder, 'minor', '--allow-breaking', '--json');
    expect(run.exitCode, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ from: '0.1.0', version: '0.2.0', step: 'minor', comparedWith: 'v0.1.0', breaking: true, written: true });
    expect(await changelog(folder)).toContain('## 0.2.0 - 2025-03-01 (breaking)');
  });

  it('a second release puts its section above the first, compared with the new tag', async () => {
    const { folder } = await releasedPack();
    expect((await release(folder, 'patch')).exitCode).toBe(0);
    await commitAll(folder, 'Release 0.1.1');
    await git(folder, 'tag', 'v0.1.1');
    const run = await release(folder, '0.3.0');
    expect(run.exitCode, run.stderr).toBe(0);
    const notes = await changelog(folder);
    expect(notes.indexOf('## 0.3.0 - 2025-03-01')).toBeLessThan(notes.indexOf('## 0.1.1 - 2025-03-01'));
    expect(notes).toContain('`v0.1.1` → `v0.3.0`');
    expect((await release(folder, '0.3.0')).stderr).toContain('0.3.0 is not later than the pack\'s version 0.3.0');
  });

  it('released twice before it is tagged: the second compares with the newest tag, as the CI does, and says so', async () => {
    const { folder, answers } = await releasedPack();
    await renameEnvEntry(folder, answers, 'WEATHER_API_KEY', 'PROVIDER_API_KEY');
    expect((await release(folder, 'major')).exitCode).toBe(0);
    // 1.0.0 is neither merged nor tagged, and the user releases again.
    const again = await release(folder, 'major');
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).toContain('2 env[] change(s) since v0.1.0, 2 breaking');
    expect(again.stdout).toContain('Note: the pack\'s version 1.0.0 has no tag v1.0.0');
    expect(again.stdout).toContain('If 1.0.0 is not to be released, remove its section from CHANGELOG.md.');
    expect(await changelog(folder)).toContain('## 2.0.0 - 2025-03-01 (breaking)');
    expect(sectionOf(await changelog(folder), '2.0.0')).toContain('- `WEATHER_API_KEY` removed');
    const ci = await runCiKitSteps(folder);
    expect(ci.exitCode, `${ci.args.join(' ')}: ${ci.stderr}`).toBe(0);
  });

  it('notes under "## Unreleased" become the release\'s notes, and release.yml finds them', async () => {
    const { folder } = await releasedPack();
    expect((await release(folder, 'patch')).exitCode).toBe(0);
    await editText(folder, 'CHANGELOG.md', (text) => text.replace('# Changelog\n\n', '# Changelog\n\n## Unreleased\n\n- Nicer icons.\n\n'));
    await commitAll(folder, 'Release 0.1.1');
    await git(folder, 'tag', 'v0.1.1');
    const minor = await release(folder, 'minor');
    expect(minor.exitCode, minor.stderr).toBe(0);
    expect(minor.stdout).toContain('Your notes under "## Unreleased" in CHANGELOG.md are now the notes of 0.2.0.');
    const notes = await changelog(folder);
    expect(notes.startsWith('# Changelog\n\n## Unreleased\n\n## 0.2.0 - ')).toBe(true);
    expect(sectionOf(notes, '0.2.0')).toContain('- Nicer icons.');
    expect(sectionOf(notes, '0.1.1')).not.toContain('Nicer icons');
    expect((await releaseNotesOf(folder, 'v0.2.0'))?.trimEnd()).toBe(sectionOf(notes, '0.2.0')!.trimEnd());
    expect((await releaseNotesOf(folder, 'v0.1.1'))?.trimEnd()).toBe(sectionOf(notes, '0.1.1')!.trimEnd());
    expect(await releaseNotesOf(folder, 'v9.9.9')).toBeUndefined();
    // The next release, with nothing written under the emptied heading, asks for notes again.
    await commitAll(folder, 'Release 0.2.0');
    await git(folder, 'tag', 'v0.2.0');
    const json = JSON.parse((await release(folder, 'patch', '--json')).stdout) as { movedUnreleasedNotes: boolean; changelogSection: string };
    expect(json.movedUnreleasedNotes).toBe(false);
    expect(json.changelogSection).toContain(NOTES_LINE);
  });

  it('--dry-run prints a diff per file and changes nothing', async () => {
    const { folder } = await releasedPack();
    const before = await folderState(folder);
    const run = await release(folder, 'patch', '--dry-run');
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('Dry run: releasing 0.1.1 would change');
    // The files first, then what it compared with, as the real run says it, then the diffs.
    expect(run.stdout).toMatch(/nothing was changed\):\n(?: {2}\S+\n)*  helm\/Chart\.yaml\n(?: {2}\S+\n)*\nNo env\[\] changes since v0\.1\.0\.\n\n--- /);
    expect(JSON.parse((await release(folder, 'patch', '--dry-run', '--json')).stdout)).toMatchObject({ dryRun: true, written: false });
    expect(run.stdout).toContain('--- helm/Chart.yaml\n+++ helm/Chart.yaml\n@@');
    expect(run.stdout).toContain('-version: "0.1.0"\n-appVersion: "0.1.0"\n+version: "0.1.1"\n+appVersion: "0.1.1"');
    expect(run.stdout).toContain('--- /dev/null\n+++ CHANGELOG.md');
    expect(await folderState(folder)).toEqual(before);
  });
});

describe('what khal-pack release compares with', () => {
  it('says it has nothing to compare with outside git; --since takes the last release manifest', async () => {
    const { folder, answers } = await releasedPack();
    const old = path.join(path.dirname(folder), 'released-khal-app.json');
    await writeFile(old, await readFile(path.join(folder, 'khal-app.json')));
    await renameEnvEntry(folder, answers, 'WEATHER_API_KEY', 'PROVIDER_API_KEY');
    await git(folder, 'tag', '--delete', 'v0.1.0');
    const plain = await release(folder, 'patch', '--dry-run');
    expect(plain.exitCode, plain.stderr).toBe(0);
    expect(plain.stdout).toContain('+Not compared: there was no earlier release to compare with.');
    const since = await release(folder, 'patch', '--since', old);
    expect(since.exitCode).toBe(1);
    expect(since.stderr).toContain(`since ${old}`);
    const byRevision = await release(folder, 'patch', '--since', 'HEAD', '--dry-run');
    expect(byRevision.stderr).toContain('since HEAD');
  });

  it('never hands git an option: a --since that starts with "-" is refused and git writes nothing', async () => {
    const { folder } = await releasedPack();
    const planted = path.join(path.dirname(folder), 'planted');
    for (const since of [`--output=${planted}`, '-p', 'HEAD:khal-app.json']) {
      const run = await release(folder, 'patch', `--since=${since}`);
      expect(run.exitCode, since).toBe(2);
      expect(run.stderr).toContain('is neither a file nor a git revision');
    }
    expect(existsSync(planted)).toBe(false);
  });

  it('refuses what is not a bump, naming what would be right', async () => {
    const { folder } = await releasedPack();
    const run = await release(folder, 'next');
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('release takes patch, minor, major or a version such as 1.4.0; got "next"');
  });

  it('a pack folder given where the bump goes, and a --since or an earlier version on a failing pack, are bad usage (exit 2), said first', async () => {
    const { folder } = await releasedPack();
    const before = await folderState(folder);
    const swapped = await khalPack(['release', path.basename(folder)], path.dirname(folder));
    expect(swapped.exitCode).toBe(2);
    expect(swapped.stderr).toBe(`"pack-weather-station" is a folder, not a bump: give the bump first, e.g. khal-pack release minor pack-weather-station`);
    await editText(folder, 'helm/Chart.yaml', (text) => text.replace(/^version: .*$/m, 'version: "9.9.9"'));
    const since = await release(folder, 'minor', '--since', 'nosuch');
    expect(since.exitCode).toBe(2);
    expect(since.stderr).toContain('"nosuch" names no commit in the git repository of');
    const earlier = await release(folder, '0.0.9');
    expect(earlier.exitCode, earlier.stderr).toBe(2);
    expect(earlier.stderr).toBe("0.0.9 is not later than the pack's version 0.1.0: give a later version, or patch, minor or major");
    expect((await release(folder, 'minor')).exitCode).toBe(1);
    await editText(folder, 'helm/Chart.yaml', (text) => text.replace('version: "9.9.9"', 'version: "0.1.0"'));
    expect(await folderState(folder)).toEqual(before);
  });

  it('refuses a --date that is not a day of the calendar, out-of-range months and days too, as bad usage', async () => {
    const { folder } = await releasedPack();
    const before = await folderState(folder);
    for (const date of ['2025-13-01', '2025-00-10', '2025-12-32', '2025-12-00', '2025-02-30', '2025-2-3', 'yesterday']) {
      const run = await khalPack(['release', 'patch', '--date', date], folder);
      expect(run.exitCode, `${date}: ${run.stderr}`).toBe(2);
      expect(run.stderr).toBe(`--date "${date}" is not a date: write it YYYY-MM-DD, e.g. 2025-03-31`);
    }
    expect(await folderState(folder)).toEqual(before);
  });
});
