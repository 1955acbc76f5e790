#!/usr/bin/env node
// Prints one line per vitest JSON report, then every test that passed only on its second try
// (vitest.config.ts retries in CI) and every failed test (file, name, the first lines of its
// message), then one plain closing line for CI that covers them all:
// "tests: N passed, N failed, N skipped". The failures come last but one so that a log cut to its
// tail still names them. A missing report (the run did not happen, or stopped before writing it)
// counts as a failure.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const messageLines = 6;
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
const flaky = [];
const line = ({ passed, failed, skipped }) => `${passed} passed, ${failed} failed, ${skipped} skipped`;
const shortMessage = (text) =>
  text
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .filter((row) => row.trim() !== '' && !row.includes('node_modules/'))
    .slice(0, messageLines)
    .map((row) => `      ${row}`)
    .join('\n');

const entry = (name, where, title, message) => `  ${name}: ${where}${title}\n${shortMessage(message)}`;
const failed = (test) => test.status === 'failed';
const passedOnRetry = (test) => test.status === 'passed' && (test.failureMessages ?? []).length > 0;

/** The tests of a report that `wanted` picks, one entry each (name, file, title, first lines of the error). */
function testsOf(report, name, wanted) {
  return (report.testResults ?? []).flatMap((file) =>
    (file.assertionResults ?? [])
      .filter(wanted)
      .map((test) => entry(name, path.relative(process.cwd(), file.name), ` > ${test.fullName}`, (test.failureMessages ?? []).join('\n'))),
  );
}

/** Files that failed with no failed test in them (one that did not load). */
function brokenFilesOf(report, name) {
  return (report.testResults ?? [])
    .filter((file) => file.status === 'failed' && !(file.assertionResults ?? []).some(failed))
    .map((file) => entry(name, path.relative(process.cwd(), file.name), ' (failed outside any test)', file.message ?? ''));
}

for (const file of process.argv.slice(2)) {
  const name = path.basename(file, '.json');
  if (!existsSync(file)) {
    console.error(`ci-summary: ${file} is missing (did that test run?)`);
    totals.failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const counts = { passed: report.numPassedTests, failed: report.numFailedTests, skipped: report.numPendingTests + report.numTodoTests };
  if (!report.success && counts.failed === 0) {
    console.error(`ci-summary: ${file} says the run failed outside any test (a file that did not load, or an unhandled error)`);
    counts.failed = 1;
  }
  console.log(`${name}: ${line(counts)}`);
  failures.push(...testsOf(report, name, failed), ...brokenFilesOf(report, name));
  flaky.push(...testsOf(report, name, passedOnRetry));
  for (const key of Object.keys(totals)) totals[key] += counts[key];
}
if (flaky.length > 0) console.log(`passed only on the second try (flaky: mend them):\n${flaky.join('\n')}`);
if (failures.length > 0) console.log(`failed tests:\n${failures.join('\n')}`);
console.log(`tests: ${line(totals)}`);
process.exitCode = totals.failed > 0 || totals.passed === 0 ? 1 : 0;
