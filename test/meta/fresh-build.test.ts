import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { staleBuildReason } from '../support/fresh-build.js';
import { tempFolder } from '../support/generate.js';

it('a test run builds the kit first when src/ or templates/ is newer than the build (test/support/fresh-build.ts)', async () => {
  const root = await tempFolder();
  for (const folder of ['src/answers', 'templates/common', 'dist/cli']) mkdirSync(path.join(root, folder), { recursive: true });
  expect(staleBuildReason(root)).toBe('there is no build (dist/cli/)');
  const hourAgo = new Date(Date.now() - 3_600_000);
  for (const file of ['src/answers/rules.ts', 'templates/common/README.md.hbs']) {
    writeFileSync(path.join(root, file), '');
    utimesSync(path.join(root, file), hourAgo, hourAgo);
  }
  writeFileSync(path.join(root, 'dist/cli/khal-pack.js'), '');
  expect(staleBuildReason(root)).toBeUndefined();
  writeFileSync(path.join(root, 'templates/common/README.md.hbs'), 'edited');
  utimesSync(path.join(root, 'templates/common/README.md.hbs'), new Date(), new Date(Date.now() + 1000));
  expect(staleBuildReason(root)).toBe('templates/common/README.md.hbs changed since the last build');
});
