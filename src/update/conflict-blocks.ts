import { SIDES } from './conflict-sides.js';

// The conflicts of a line merge (git merge-file --diff3, see merge-lines.ts) as blocks, so that
// a file made of independent lines can take both sides where they only inserted lines.

/** One conflict: the lines of each side, each line with its line ending. */
export interface ConflictBlock {
  yours: string[];
  base: string[];
  change: string[];
  /** The line ending git wrote its markers with (that of the file). */
  eol: string;
}

/** The merged text as runs of clean lines and conflicts, in order. */
export type MergedPart = string[] | ConflictBlock;

const MARKERS = {
  yours: `<<<<<<< ${SIDES.user}`,
  base: `||||||| ${SIDES.base}`,
  change: '=======',
  end: `>>>>>>> ${SIDES.target}`,
} as const;

const bareLine = (line: string) => line.replace(/\r?\n$/, '');

const isConflict = (part: MergedPart): part is ConflictBlock => !Array.isArray(part);

/**
 * The parts of a diff3 merge result; undefined when its markers are not in the order git writes
 * them (say, a file that held markers of an earlier conflict), so the text is left as git made it.
 */
export function parseDiff3(text: string): MergedPart[] | undefined {
  const parts: MergedPart[] = [];
  let clean: string[] = [];
  let block: ConflictBlock | undefined;
  let side: 'yours' | 'base' | 'change' = 'yours';
  for (const line of text.split(/(?<=\n)/)) {
    const bare = bareLine(line);
    if (!block) {
      if (bare === MARKERS.yours) {
        if (clean.length > 0) parts.push(clean);
        clean = [];
        block = { yours: [], base: [], change: [], eol: line.slice(bare.length) };
        side = 'yours';
      } else if (bare === MARKERS.base || bare === MARKERS.end) return undefined;
      else clean.push(line);
      continue;
    }
    const next = side === 'yours' ? MARKERS.base : side === 'base' ? MARKERS.change : MARKERS.end;
    if (bare === next) {
      if (side === 'change') {
        parts.push(block);
        block = undefined;
      } else side = side === 'yours' ? 'base' : 'change';
    } else if (bare === MARKERS.yours) return undefined;
    else block[side].push(line);
  }
  if (block) return undefined;
  if (clean.length > 0) parts.push(clean);
  return parts;
}

/** The text of the parts, each conflict marked as git marks it. */
export function formatParts(parts: readonly MergedPart[]): string {
  const text = (part: MergedPart) => {
    if (!isConflict(part)) return part.join('');
    const marker = (name: keyof typeof MARKERS) => `${MARKERS[name]}${part.eol}`;
    return [marker('yours'), ...part.yours, marker('base'), ...part.base, marker('change'), ...part.change, marker('end')].join('');
  };
  return parts.map(text).join('');
}

export const conflictCount = (parts: readonly MergedPart[]) => parts.filter(isConflict).length;

/**
 * Each conflict one side made only by inserting lines beside generated lines the other side
 * changed (git marks changes that merely touch as a conflict) becomes the inserted lines around
 * the other side's lines; each conflict where both sides only inserted lines at the same place
 * (its generated part is empty) becomes the user's lines, then the change's lines that the
 * user's do not already have (blank lines are kept: they space the text), unless `bothInserted`
 * is false (prose, where two texts at one place are for the user to order). A conflict where both
 * changed the same generated lines stays as it is.
 */
export function joinInsertions(parts: readonly MergedPart[], { bothInserted = true }: { bothInserted?: boolean } = {}): MergedPart[] {
  return parts.map((part) => {
    if (!isConflict(part)) return part;
    if (part.base.length > 0) return besideChange(part) ?? part;
    if (!bothInserted) return part;
    const mine = new Set(part.yours.map(bareLine));
    const theirs = part.change.filter((line) => bareLine(line).trim() === '' || !mine.has(bareLine(line)));
    return [...part.yours, ...theirs];
  });
}

/** The merged lines when one side is the generated lines, unchanged, with lines inserted before or after them. */
function besideChange({ yours, base, change }: ConflictBlock): string[] | undefined {
  const insertedAroundBase = (side: string[]) => {
    const starts = [];
    for (let start = 0; start + base.length <= side.length; start++)
      if (base.every((line, index) => bareLine(side[start + index]!) === bareLine(line))) starts.push(start);
    // Where the generated lines occur twice, which lines were inserted is not known.
    if (starts.length !== 1) return undefined;
    return { before: side.slice(0, starts[0]), after: side.slice(starts[0]! + base.length) };
  };
  const mine = insertedAroundBase(yours);
  if (mine) return [...mine.before, ...change, ...mine.after];
  const theirs = insertedAroundBase(change);
  if (theirs) return [...theirs.before, ...yours, ...theirs.after];
  return undefined;
}
