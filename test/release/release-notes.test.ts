import { cp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sectionOf } from '../../src/release/changelog.js';
import { generateScenario, tempFolder } from '../support/generate.js';
import { releaseNotesOf } from './support.js';

// release.yml's notes step (awk, run here with this machine's awk) takes the same text as the
// kit's sectionOf, which release --verify and handoff read: in a Keep a Changelog file too.

const LINKS = '[Unreleased]: https://github.com/o/r/compare/v1.1.0...HEAD\n[1.1.0]: https://github.com/o/r/compare/v1.0.0...v1.1.0\n\n[1.0.0]: https://github.com/o/r/releases/tag/v1.0.0\n';
const CHANGELOG = `# Changelog\n\n## [Unreleased]\n\n## [1.1.0] - 2025-02-01\n\nSecond, see [the docs][docs].\n\n[docs]: https://example.com/docs\n\n## [1.0.0] - 2025-01-01\n\nFirst.\n\n${LINKS}`;

describe("release.yml's notes of a version", () => {
  it('are its CHANGELOG.md section: the link definitions that end the file are left out, those inside a section kept', async () => {
    const { folder: generated } = await generateScenario('frontend-only-minimal');
    const folder = path.join(await tempFolder(), 'pack');
    await cp(generated, folder, { recursive: true });
    await writeFile(path.join(folder, 'CHANGELOG.md'), CHANGELOG);
    const last = await releaseNotesOf(folder, 'v1.0.0');
    expect(last).toBe('First.\n');
    expect(last?.trimEnd()).toBe(sectionOf(CHANGELOG, '1.0.0')!.trimEnd());
    const middle = await releaseNotesOf(folder, 'v1.1.0');
    expect(middle).toBe('Second, see [the docs][docs].\n\n[docs]: https://example.com/docs\n');
    expect(middle?.trimEnd()).toBe(sectionOf(CHANGELOG, '1.1.0')!.trimEnd());
  });
});
