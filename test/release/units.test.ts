import { describe, expect, it } from 'vitest';
import { diffEnv, type EnvEntryLike } from '../../src/checks/env-changes.js';
import { NOTES_LINE, sectionOf, undocumentedBreaking, withReleaseSection } from '../../src/release/changelog.js';
import { bumpProblem, nextVersion } from '../../src/release/release-plan.js';
import { bumpVersion, compareVersions, isLaterVersion, stepKind } from '../../src/release/version.js';
import { withVersion } from '../../src/release/version-files.js';
import type { KhalAppManifest } from '../../src/manifest/manifest-schema.js';

describe('versions', () => {
  it.each([
    ['1.2.3', 'patch', '1.2.4'],
    ['1.2.3', 'minor', '1.3.0'],
    ['1.2.3', 'major', '2.0.0'],
    ['1.3.0-beta.1', 'minor', '1.3.0'],
    ['1.3.1-beta.1', 'minor', '1.4.0'],
    ['2.0.0-rc.1', 'major', '2.0.0'],
    ['1.2.4-rc.0', 'patch', '1.2.4'],
  ] as const)('%s bumped %s is %s', (current, kind, expected) => {
    expect(bumpVersion(current, kind)).toBe(expected);
  });

  it('orders versions as semver does, pre-releases before their release', () => {
    const sorted = ['1.0.0', '1.0.0-rc.1', '0.9.10', '1.0.0-beta.2', '1.0.0-beta.10', '1.0.0-alpha', '0.10.0'].sort(compareVersions);
    expect(sorted).toEqual(['0.9.10', '0.10.0', '1.0.0-alpha', '1.0.0-beta.2', '1.0.0-beta.10', '1.0.0-rc.1', '1.0.0']);
    // A kit version: build metadata aside; what is no version is no later.
    expect([isLaterVersion('1.0.0-beta.10', '1.0.0-beta.2'), isLaterVersion('1.0.0+build.5', '1.0.0'), isLaterVersion('1.0.1+x', '1.0.0'), isLaterVersion('next', '1.0.0')]).toEqual([true, false, true, false]);
  });

  it('names the step between two versions: only a new major allows a breaking change', () => {
    expect(stepKind('0.1.0', '0.2.0')).toBe('minor');
    expect(stepKind('0.1.0', '1.0.0')).toBe('major');
    expect(stepKind('1.2.3', '1.2.9')).toBe('patch');
    expect(stepKind('2.0.0-rc.1', '2.0.0')).toBe('major');
    // A pre-release to its own release: the step release minor or release patch makes of it.
    expect(stepKind('1.3.0-beta.1', '1.3.0')).toBe('minor');
    expect(stepKind('1.2.4-rc.0', '1.2.4')).toBe('patch');
    expect(stepKind('1.3.0-beta.1', '1.3.0-beta.2')).toBe('minor');
    expect(stepKind('1.3.0-beta.1', '1.4.0')).toBe('minor');
  });

  it('takes an explicit later version (with or without "v"), refusing an earlier one and a non-version', () => {
    expect(nextVersion('1.2.3', 'v1.4.0')).toBe('1.4.0');
    expect(() => nextVersion('1.2.3', '1.2.3')).toThrow('1.2.3 is not later than the pack\'s version 1.2.3');
    expect(() => nextVersion('1.2.3', '1.2.3+build.1')).toThrow('release takes patch, minor, major or a version such as 1.4.0; got "1.2.3+build.1"');
  });

  it('says why a version-like bump is none, and which bump a typo means', () => {
    expect(bumpProblem('minor')).toBeUndefined();
    expect(bumpProblem('v2.0.0')).toBeUndefined();
    expect(bumpProblem('1.2.0+b')).toBe('release takes patch, minor, major or a version such as 1.4.0; got "1.2.0+b", which must not carry build metadata ("+..."): the version is also the image tag, which cannot hold "+"');
    expect(bumpProblem('1.2')).toContain('got "1.2", which must be a semantic version such as 0.1.0');
    expect(bumpProblem('pach')).toBe('release takes patch, minor, major or a version such as 1.4.0; got "pach" (did you mean patch?)');
    expect(bumpProblem('Major')).toContain('(did you mean major?)');
    expect(bumpProblem('banana')).toBe('release takes patch, minor, major or a version such as 1.4.0; got "banana"');
  });
});

describe('the version in each file', () => {
  const released = { version: '0.2.0', id: 'weather', name: 'Weather' } as KhalAppManifest;

  it('JSON keeps its indentation, key order, and the end of the file', () => {
    const tabbed = '{\n\t"name": "x",\n\t"version": "0.1.0",\n\t"private": true\n}';
    expect(withVersion('package/package.json', tabbed, released)).toBe('{\n\t"name": "x",\n\t"version": "0.2.0",\n\t"private": true\n}');
  });

  it('Chart.yaml keeps its comments and quotes', () => {
    const chart = 'apiVersion: v2\n# The chart of the pack.\nversion: "0.1.0" # bumped by khal-pack release\nappVersion: \'0.1.0\'\n';
    expect(withVersion('helm/Chart.yaml', chart, released)).toBe(
      'apiVersion: v2\n# The chart of the pack.\nversion: "0.2.0" # bumped by khal-pack release\nappVersion: \'0.2.0\'\n',
    );
  });

  it('names the file that cannot hold a version', () => {
    expect(() => withVersion('service/package.json', '[1]', released)).toThrow('service/package.json is not a JSON object');
    expect(() => withVersion('khal-app.json', '{', released)).toThrow(/^khal-app.json is not valid JSON/);
  });
});

describe('CHANGELOG.md', () => {
  const KEY: EnvEntryLike = { key: 'API_KEY', description: 'API key', required: true, type: 'secret' };
  const renamed = diffEnv([KEY], [{ ...KEY, key: 'PROVIDER_KEY' }]);
  const release = { version: '2.0.0', date: '2025-03-01', baseline: { label: 'v1.0.0' }, changes: renamed };
  const withSection = (current: string | undefined) => withReleaseSection(current, release).changelog;
  const { section } = withReleaseSection(undefined, release);

  it('a new section goes above the newest release, below the title the user keeps', () => {
    const existing = '# Changelog of the weather pack\n\nSome words.\n\n## 1.0.0 - 2025-01-01\n\nFirst.\n';
    const next = withSection(existing);
    expect(next.startsWith('# Changelog of the weather pack\n\nSome words.\n\n## 2.0.0 - 2025-03-01 (breaking)\n')).toBe(true);
    expect(next.endsWith('\n\n## 1.0.0 - 2025-01-01\n\nFirst.\n')).toBe(true);
    expect(sectionOf(next, '1.0.0')).toBe('First.\n');
    expect(withSection(undefined)).toBe(`# Changelog\n\n${section}`);
  });

  it('notes under "## Unreleased" move into the new section; the heading stays, empty, above it', () => {
    const existing = '# Changelog\n\n## [Unreleased]\n\n### Added\n\n- Nicer icons.\n\n## 1.0.0 - 2025-01-01\n\nFirst.\n';
    const { changelog, section: moved, notesHeading } = withReleaseSection(existing, release);
    expect(notesHeading).toBe('## [Unreleased]');
    expect(changelog.startsWith('# Changelog\n\n## [Unreleased]\n\n## 2.0.0 - 2025-03-01 (breaking)\n')).toBe(true);
    expect(sectionOf(changelog, '2.0.0')).toBe(moved.slice(moved.indexOf('\n') + 1).trim() + '\n');
    expect(moved).toContain('\n### Added\n\n- Nicer icons.\n\n### Configuration changes (env[])');
    expect(moved).not.toContain(NOTES_LINE);
    expect(changelog.match(/Nicer icons/g)).toHaveLength(1);
    expect(sectionOf(changelog, '1.0.0')).toBe('First.\n');
    // CRLF: the same move, with the file's line ends.
    const crlf = withReleaseSection(existing.replaceAll('\n', '\r\n'), release).changelog;
    expect(crlf).toBe(changelog.replaceAll('\n', '\r\n'));
    // No release yet: the section goes below the emptied heading.
    const first = withReleaseSection('# Changelog\n\n## Unreleased\n\n- Nicer icons.\n', release).changelog;
    expect(first.startsWith('# Changelog\n\n## Unreleased\n\n## 2.0.0 - 2025-03-01 (breaking)\n')).toBe(true);
    expect(sectionOf(first, '2.0.0')).toContain('- Nicer icons.');
  });

  it('a file in Keep a Changelog\'s style: brackets in the new heading, the link definitions stay last', () => {
    const links = '[Unreleased]: https://github.com/o/r/compare/v1.0.0...HEAD\n';
    const first = withReleaseSection(`# Changelog\n\n## [Unreleased]\n\n### Added\n\n- Something new.\n\n${links}`, release).changelog;
    expect(first.startsWith('# Changelog\n\n## [Unreleased]\n\n## [2.0.0] - 2025-03-01 (breaking)\n')).toBe(true);
    expect(first.endsWith(`\n\n${links}`)).toBe(true);
    expect(sectionOf(first, '2.0.0')).toContain('- Something new.');
    expect(sectionOf(first, '2.0.0')).not.toContain('[Unreleased]:');
    const later = withReleaseSection(`# Changelog\n\n## [1.0.0] - 2025-01-01\n\nFirst.\n\n${links}[1.0.0]: https://github.com/o/r/releases/tag/v1.0.0\n`, release).changelog;
    expect(later).toContain('\n## [2.0.0] - 2025-03-01 (breaking)\n');
    expect(later.endsWith(`First.\n\n${links}[1.0.0]: https://github.com/o/r/releases/tag/v1.0.0\n`)).toBe(true);
    expect(withReleaseSection('# Changelog\n\n## 1.0.0 - 2025-01-01\n', release).section.startsWith('## 2.0.0 - ')).toBe(true);
  });

  it('an "## Unreleased" holding only a comment, or below the newest release, is left as it is', () => {
    const hint = '# Changelog\n\n## Unreleased\n\n<!-- Notes for the next release. -->\n\n## 1.0.0 - 2025-01-01\n\nFirst.\n';
    const kept = withReleaseSection(hint, release);
    expect(kept.notesHeading).toBeUndefined();
    expect(kept.changelog.startsWith('# Changelog\n\n## Unreleased\n\n<!-- Notes for the next release. -->\n\n## 2.0.0')).toBe(true);
    expect(kept.section).toContain(NOTES_LINE);
    const below = '# Changelog\n\n## 1.0.0 - 2025-01-01\n\nFirst.\n\n## Unreleased\n\n- Old words.\n';
    const untouched = withReleaseSection(below, release);
    expect(untouched.notesHeading).toBeUndefined();
    expect(untouched.changelog.endsWith('## Unreleased\n\n- Old words.\n')).toBe(true);
  });

  it('a CHANGELOG.md kept with CRLF line ends reads as with LF, and its new section gets CRLF too', () => {
    const existing = '# Changelog\n\n## 1.0.0 - 2025-01-01\n\nFirst.\n'.replaceAll('\n', '\r\n');
    const next = withSection(existing);
    expect(next.replaceAll('\r\n', '')).not.toContain('\n');
    expect(next).toBe(withSection(existing.replaceAll('\r\n', '\n')).replaceAll('\n', '\r\n'));
    expect(sectionOf(next, '1.0.0')).toBe('First.\n');
    expect(undocumentedBreaking(sectionOf(next, '2.0.0'), renamed)).toEqual([]);
  });

  it('a breaking change is documented by its own item under a "Breaking" heading, however reworded', () => {
    expect(undocumentedBreaking(sectionOf(withSection(undefined), '2.0.0'), renamed)).toEqual([]);
    const reworded = '### Breaking\n\n- `API_KEY` is gone: use PROVIDER_KEY.\n* `PROVIDER_KEY` replaces it.\n';
    expect(undocumentedBreaking(reworded, renamed)).toEqual([]);
    const onlyMentioned = '### Breaking\n\n- `PROVIDER_KEY` is the new name of `API_KEY`.\n';
    expect(undocumentedBreaking(onlyMentioned, renamed).map((change) => change.key)).toEqual(['API_KEY']);
    const elsewhere = '### Notices\n\n- `API_KEY` removed\n- `PROVIDER_KEY` added\n';
    expect(undocumentedBreaking(elsewhere, renamed)).toHaveLength(2);
    expect(undocumentedBreaking(undefined, renamed)).toHaveLength(2);
  });
});
