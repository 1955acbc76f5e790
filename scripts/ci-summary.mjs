#!/usr/bin/env node
// Prints one line per vitest JSON report, then one plain closing line for CI that covers them
// all: "tests: N passed, N failed, N skipped". A missing report (the run did not happen, or
// stopped before writing it) counts as a failure.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const totals = { passed: 0, failed: 0, skipped: 0 };
const line = ({ passed, failed, skipped }) => `${passed} passed, ${failed} failed, ${skipped} skipped`;
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
  for (const key of Object.keys(totals)) totals[key] += counts[key];
}
console.log(`tests: ${line(totals)}`);
process.exitCode = totals.failed > 0 || totals.passed === 0 ? 1 : 0;
