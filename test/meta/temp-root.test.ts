import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';

it("a test's temporary folders go under the run's own folder, removed when the run ends (test/support/temp-root.ts)", () => {
  expect(path.basename(tmpdir())).toMatch(/^khal-pack-tests-/);
});
