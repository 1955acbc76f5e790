import { type CheckFinding, type CheckReport, checkPack, countBySeverity } from '../checks/check-pack.js';
import { locatePack } from '../checks/pack-reader.js';
import { EXIT } from '../util/exit-codes.js';
import type { Output } from '../util/output.js';

export interface CheckOptions {
  json?: boolean;
}

/** `khal-pack check [dir]`: exit 1 when any finding is an error; warnings alone pass. */
export async function checkCommand(directory: string | undefined, options: CheckOptions, out: Output): Promise<number> {
  const location = await locatePack(directory);
  const report = await checkPack(location);
  const counts = countBySeverity(report.findings);
  if (options.json) out.info(JSON.stringify({ ok: counts.errors === 0, ...counts, ...report }, null, 2));
  else out.info(formatReport(report, directory ?? '.'));
  return counts.errors > 0 ? EXIT.failed : EXIT.ok;
}

export function formatFinding(finding: CheckFinding): string {
  const where = `${finding.file}${finding.field ? ` ${finding.field}` : ''}`;
  const expected = finding.expected === undefined ? '' : `\n    would be right: ${finding.expected.replaceAll('\n', '\n      ')}`;
  return `  ${finding.severity === 'error' ? 'error  ' : 'warning'} ${where}: ${finding.problem}${expected}`;
}

function formatReport(report: CheckReport, label: string): string {
  const counts = countBySeverity(report.findings);
  const lines = [`khal-pack check ${label}`];
  const ordered = [...report.findings].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  lines.push(...ordered.map(formatFinding));
  if (report.skipped.length > 0) {
    lines.push('', 'Skipped:');
    lines.push(...report.skipped.map((skip) => `  ${skip.file}: ${skip.reason}`));
  }
  lines.push(
    '',
    counts.errors === 0 && counts.warnings === 0
      ? 'No problems found.'
      : `${counts.errors} ${counts.errors === 1 ? 'error' : 'errors'}, ${counts.warnings} ${counts.warnings === 1 ? 'warning' : 'warnings'}${counts.errors > 0 ? '' : ' (warnings alone pass)'}.`,
  );
  return lines.join('\n');
}
