import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// vitest's globalSetup: every temporary folder of a run (the tests' own, and those of the CLIs,
// npm and git they start, which inherit TMPDIR) goes under one folder, removed when the run
// ends, so a run leaves nothing in the system's temporary folder. KEEP_TEST_TEMP=1 keeps it
// (its path is printed) to look at what a failing test left.
export default function setup(): () => void {
  const root = mkdtempSync(path.join(tmpdir(), 'khal-pack-tests-'));
  // Open to every user, like /tmp: some tests run the kit as another user (test/install/).
  chmodSync(root, 0o1777);
  process.env.TMPDIR = root;
  return () => {
    if (process.env.KEEP_TEST_TEMP === '1') console.log(`KEEP_TEST_TEMP=1: the run's temporary folders are in ${root}`);
    else rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  };
}
