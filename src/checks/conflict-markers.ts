import { SIDES } from '../update/conflict-sides.js';
import type { Finding } from './finding.js';

// A conflict a khal-pack change left marked in a file (`<<<<<<< yours` … `>>>>>>> the change`)
// fails khal-pack check until it is resolved: in a file no other check reads (a README, a
// workflow, the service's code) it would otherwise pass, and the pack's CI with it.

const OPENING = `<<<<<<< ${SIDES.user}`;

/** One error for each conflict still marked in `text`, named by the line it opens on. */
export function conflictMarkerFindings(file: string, text: string): Finding[] {
  if (!text.includes(OPENING)) return [];
  const findings: Finding[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trimEnd() === OPENING)
      findings.push({
        severity: 'error',
        code: 'conflict-marker',
        file,
        field: `line ${index + 1}`,
        problem: `holds a conflict a khal-pack change left to resolve ("${OPENING}" … ">>>>>>> ${SIDES.target}")`,
        expected: `one text: keep what is right of "${SIDES.user}" and "${SIDES.target}" (the generated text is between "||||||| ${SIDES.base}" and "=======") and delete the marker lines`,
      });
  });
  return findings;
}
