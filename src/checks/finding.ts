// The one shape of "something is wrong" that every layer reports: a bad answer, a rendered
// file that fails the verification before writing, and a `khal-pack check` finding. They are
// formatted in one place (formatFinding), so every command says a problem the same way.

export type Severity = 'error' | 'warning';

export interface Finding {
  severity: Severity;
  /** A stable name of the rule that found it, e.g. `version-mismatch`, `answer`. */
  code: string;
  /** Where: a pack file (`helm/Chart.yaml`), or where an answer came from (`--port`, `answers.json`). */
  file: string;
  /** Inside it, when it is not the whole file: a field path such as `env[2].key`. */
  field?: string;
  /** What is wrong, with the value that is wrong (a secret's value is never shown). */
  problem: string;
  /** What would be right, when it can be said. */
  expected?: string;
}

export function formatFinding(finding: Finding): string {
  const where = `${finding.file}${finding.field ? ` ${finding.field}` : ''}`;
  const expected = finding.expected === undefined ? '' : `\n    would be right: ${finding.expected.replaceAll('\n', '\n      ')}`;
  return `  ${finding.severity === 'error' ? 'error  ' : 'warning'} ${where}: ${finding.problem}${expected}`;
}

export function countBySeverity(findings: readonly Finding[]): { errors: number; warnings: number } {
  let errors = 0;
  for (const finding of findings) if (finding.severity === 'error') errors++;
  return { errors, warnings: findings.length - errors };
}
