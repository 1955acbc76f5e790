import path from 'node:path';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { filesUnder } from '../../src/util/files.js';
import { kitTarball } from '../support/kit-tarball.js';
import { REPO_ROOT } from '../support/generate.js';

// npm leaves some files out of a package whatever "files" says (.gitignore, .npmrc and others):
// a template it dropped would be made by a clone of the kit and not by the installed one.
it('the packed kit holds every template file, and both bins', async () => {
  const listing = (await execa('tar', ['-tzf', await kitTarball()])).stdout.split('\n');
  const packed = new Set(listing.map((entry) => entry.replace(/^package\//, '')));
  const templates = filesUnder(path.join(REPO_ROOT, 'templates')).map((file) => `templates/${file}`);
  expect(templates.length).toBeGreaterThan(40);
  expect(templates.filter((file) => !packed.has(file)), 'templates the tarball lacks').toEqual([]);
  expect(packed).toContain('dist/cli/create-khal-pack.js');
  expect(packed).toContain('dist/cli/khal-pack.js');
});
