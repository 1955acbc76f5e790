import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { filesUnder } from '../../src/util/files.js';
import { REPO_ROOT } from '../support/generate.js';

// Tests import src/ (vitest compiles it), so a change in src/ is seen without a build. Only
// the tests of what ships run dist/: the bins (as processes) and the plopfile, and they compare
// it with what src/ makes, so a stale build fails them too.
it('no test imports a module from dist/', () => {
  const testFiles = filesUnder(path.join(REPO_ROOT, 'test'), (name) => name === 'fixtures' || name.startsWith('__')).filter((file) => file.endsWith('.ts'));
  const offenders = testFiles.filter((file) =>
    /(?:from\s+|import\(\s*)['"](?:\.\.\/)+dist\//.test(readFileSync(path.join(REPO_ROOT, 'test', file), 'utf8')),
  );
  expect(testFiles.length).toBeGreaterThan(20);
  expect(offenders).toEqual([]);
});
