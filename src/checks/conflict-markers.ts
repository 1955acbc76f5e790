import { SIDES } from '../update/conflict-sides.js';
import type { Finding } from './finding.js';

// A conflict left marked in a file fails khal-pack check until it is resolved: in a file no other
// check reads (a README, a workflow, the service's code) it would otherwise pass, and the pack's
// CI with it. Both kinds are found: those a khal-pack change leaves (`<<<<<<< yours` …
// `>>>>>>> the change`) and those git leaves after a merge or a rebase (`<<<<<<< HEAD` …
// `>>>>>>> feature`): a line that opens, then one `=======`, then one that closes, each whole.

const OPENING = `<<<<<<< ${SIDES.user}`;
const isOpening = (line: string) => line === '<<<<<<<' || line.startsWith('<<<<<<< ');
const isClosing = (line: string) => line === '>>>>>>>' || line.startsWith('>>>>>>> ');

/** One error for each conflict still marked in `text`, named by the line it opens on. */
export function conflictMarkerFindings(file: string, text: string): Finding[] {
  if (!text.includes('<<<<<<<')) return [];
  const findings: Finding[] = [];
  const lines = text.split('\n').map((line) => line.trimEnd());
  let open: number | undefined;
  let divided = false;
  // The kit's own opening marker counts alone too: a conflict half resolved is not resolved.
  const strayKitOpening = () => {
    if (open !== undefined && lines[open] === OPENING) findings.push(markedConflict(file, open, OPENING, `>>>>>>> ${SIDES.target}`));
  };
  lines.forEach((line, index) => {
    if (isOpening(line)) strayKitOpening();
    if (isOpening(line)) [open, divided] = [index, false];
    else if (open !== undefined && line === '=======') divided = true;
    else if (open !== undefined && divided && isClosing(line)) {
      findings.push(markedConflict(file, open, lines[open]!, line));
      open = undefined;
    }
  });
  strayKitOpening();
  return findings;
}

function markedConflict(file: string, index: number, opening: string, closing: string): Finding {
  const where = { severity: 'error', code: 'conflict-marker', file, field: `line ${index + 1}` } as const;
  if (opening === OPENING)
    return {
      ...where,
      problem: `holds a conflict a khal-pack change left to resolve ("${OPENING}" … ">>>>>>> ${SIDES.target}")`,
      expected: `one text: keep what is right of "${SIDES.user}" and "${SIDES.target}" (the generated text is between "||||||| ${SIDES.base}" and "=======") and delete the marker lines`,
    };
  return {
    ...where,
    problem: `holds a merge conflict left unresolved ("${opening}" … "${closing}")`,
    expected: 'one text: keep what is right of each side and delete the marker lines (then git add the file)',
  };
}
