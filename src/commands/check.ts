import path from 'node:path';
import { type CheckReport, checkPack } from '../checks/check-pack.js';
import { countBySeverity, formatFinding } from '../checks/finding.js';
import { locatePack } from '../checks/pack-reader.js';
import { EXIT } from '../util/exit-codes.js';
import type { Output } from '../util/output.js';

// add env formats its refusals with check's findings.
export { formatFinding } from '../checks/finding.js';

export interface CheckOptions {
  json?: boolean;
}

/** `khal-pack check [dir]`: exit 1 when any finding is an error; warnings alone pass. */
export async function checkCommand(directory: string | undefined, options: CheckOptions, out: Output): Promise<number> {
  const location = await locatePack(directory);
  const report = await checkPack(location);
  const counts = countBySeverity(report.findings);
  if (options.json) out.info(JSON.stringify({ ok: counts.errors === 0, ...counts, ...report }, null, 2));
  // Run inside a pack with no folder given, the one found above is named as the folder to give.
  else out.info(formatReport(report, directory ?? (path.relative(process.cwd(), location.folder) || '.')));
  return counts.errors > 0 ? EXIT.failed : EXIT.ok;
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
    checkedLine(report),
    counts.errors === 0 && counts.warnings === 0
      ? 'No problems found.'
      : `${counts.errors} ${counts.errors === 1 ? 'error' : 'errors'}, ${counts.warnings} ${counts.warnings === 1 ? 'warning' : 'warnings'}${counts.errors > 0 ? '' : ' (warnings alone pass)'}.`,
  );
  return lines.join('\n');
}

/** One line: which files were compared, how many rule groups ran, how many files the placeholder search read, and what was skipped. */
function checkedLine({ checked, skipped }: CheckReport): string {
  const [manifest, ...others] = checked.files;
  const compared = others.length === 0 ? '' : `, ${others.length} pack ${others.length === 1 ? 'file' : 'files'} against it (${others.join(', ')})`;
  const skippedFiles = new Set(skipped.map((skip) => skip.file)).size;
  const skippedPart = skippedFiles === 0 ? 'nothing skipped' : `${skippedFiles} skipped (listed above, with the reason)`;
  return `Checked ${manifest} against the pack contract${compared}; ${checked.rules} rule groups; the placeholder search read ${checked.searched} ${checked.searched === 1 ? 'file' : 'files'}; ${skippedPart}.`;
}
