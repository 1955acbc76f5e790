import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { expect, it } from 'vitest';

const script = path.resolve('scripts/ci-summary.mjs');

function writeReport(folder: string, name: string, report: object): string {
  const file = path.join(folder, `${name}.json`);
  writeFileSync(file, JSON.stringify(report));
  return file;
}

it("CI's summary names each failed test and the first lines of its message, just before the closing line", async () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'ci-summary-'));
  const passing = writeReport(folder, 'unit-node20', {
    success: true, numPassedTests: 2, numFailedTests: 0, numPendingTests: 1, numTodoTests: 0, testResults: [],
  });
  const failing = writeReport(folder, 'unit-node24', {
    success: false, numPassedTests: 1, numFailedTests: 1, numPendingTests: 0, numTodoTests: 0,
    testResults: [{
      name: path.resolve('test/x.test.ts'), status: 'failed', message: '',
      assertionResults: [
        { fullName: 'x works', status: 'passed', failureMessages: [] },
        { fullName: 'x fails > on Node 24', status: 'failed', failureMessages: ['\u001b[31mAssertionError: expected 1 to be 2\u001b[39m\n    at test/x.test.ts:3:5'] },
      ],
    }],
  });
  const run = await execa('node', [script, passing, failing], { reject: false });
  expect(run.exitCode).toBe(1);
  const lines = run.stdout.split('\n');
  expect(lines.at(-1)).toBe('tests: 3 passed, 1 failed, 1 skipped');
  expect(run.stdout).toContain('failed tests:\n  unit-node24: test/x.test.ts > x fails > on Node 24\n      AssertionError: expected 1 to be 2');
  expect(run.stdout).not.toContain('x works');
});

it('a file that failed to load is named too', async () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'ci-summary-'));
  const report = writeReport(folder, 'e2e-node22', {
    success: false, numPassedTests: 0, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0,
    testResults: [{ name: path.resolve('test/y.test.ts'), status: 'failed', message: 'SyntaxError: Unexpected token', assertionResults: [] }],
  });
  const run = await execa('node', [script, report], { reject: false });
  expect(run.exitCode).toBe(1);
  expect(run.stdout).toContain('e2e-node22: test/y.test.ts (failed outside any test)\n      SyntaxError: Unexpected token');
});

it('a test that passed only on its second try is listed as flaky with its first error, and does not fail the summary', async () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'ci-summary-'));
  const report = writeReport(folder, 'unit-node22', {
    success: true, numPassedTests: 1, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0,
    testResults: [{
      name: path.resolve('test/z.test.ts'), status: 'passed', message: '',
      assertionResults: [{ fullName: 'z races', status: 'passed', failureMessages: ['Error: timed out waiting for the prompt'] }],
    }],
  });
  const run = await execa('node', [script, report], { reject: false });
  expect(run.exitCode).toBe(0);
  expect(run.stdout).toContain('passed only on the second try (flaky: mend them):\n  unit-node22: test/z.test.ts > z races\n      Error: timed out waiting for the prompt');
  expect(run.stdout).not.toContain('failed tests:');
});
