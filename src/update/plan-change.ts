import { PACK_FILES } from '../checks/check-pack.js';
import { MANIFEST_FILE, RECORD_FILE } from '../checks/pack-reader.js';
import type { PlannedFile } from '../plan/plan-pack.js';
import { comparePackPaths } from '../util/files.js';
import { NO_RENAMES } from './env-renames.js';
import { type FileMerge, mergeFile } from './merge-file.js';

// The engine's decision for every file, from three trees: the base (the pack as the old
// answers and the templates that made it give it), the target (as the new answers and the
// current templates give it) and the user's pack on disk. Only files the base or the target
// make are looked at: a file the user added is never touched.

export interface TreeFile {
  content: Buffer;
  mode: number;
}

export type Tree = Map<string, TreeFile>;

export function treeOf(files: readonly PlannedFile[]): Tree {
  return new Map(files.map((file) => [file.path, { content: Buffer.from(file.content), mode: file.mode }]));
}

export type Outcome =
  /** New with the change. */
  | 'created'
  /** Untouched by the user: takes the new version. */
  | 'updated'
  /** Edited by the user: the change is merged into the user's version. */
  | 'merged'
  /** Edited by the user where the change also is: written with conflict markers. */
  | 'conflict'
  /** The change drops it, and the user had not edited it. */
  | 'removed'
  /** The change drops it, but the user edited it: kept as it is. */
  | 'kept-edited'
  /** The user deleted it and the change updates it: not recreated. */
  | 'deleted-by-you'
  /** The user deleted it, but the pack needs it: recreated. */
  | 'recreated'
  /** The change adds a file where the user has one of their own: left as it is. */
  | 'yours-in-the-way'
  /** The change adds a file where the user's holds every line of it, with lines of their own (kept from an earlier kind): left as it is. */
  | 'yours-holds-it';

export interface FileOutcome {
  file: string;
  outcome: Outcome;
  /** For a merged or conflicted file: how it was merged, and where the conflicts are. */
  merge?: Pick<FileMerge, 'how' | 'conflicts'>;
}

export interface ChangePlan {
  /** The files to write, with their new contents. */
  writes: PlannedFile[];
  /** The files to delete. */
  removes: string[];
  /** Every file the change concerns, in pack order; files the change leaves alone are not in it. */
  outcomes: FileOutcome[];
}

/** The files `check` reads: the change recreates them even where the user deleted them. */
const NEEDED = new Set<string>([MANIFEST_FILE, RECORD_FILE, ...Object.values(PACK_FILES)]);

/** An outcome that leaves the pack needing the user's hand, so the command exits 1. */
export const needsHand = (outcome: Outcome) => outcome === 'conflict' || outcome === 'yours-in-the-way';

/** `renames`: env entries the change renames, old key to new (env-renames.ts). */
export async function planChange(base: Tree, target: Tree, user: Tree, renames = NO_RENAMES): Promise<ChangePlan> {
  const plan: ChangePlan = { writes: [], removes: [], outcomes: [] };
  const files = [...new Set([...base.keys(), ...target.keys()])].sort(comparePackPaths);
  const write = (file: string, content: Buffer, mode: number, outcome: Outcome, merge?: FileOutcome['merge']) => {
    plan.writes.push({ path: file, content, mode, rendered: true });
    plan.outcomes.push({ file, outcome, ...(merge ? { merge } : {}) });
  };
  for (const file of files) {
    const [was, next, mine] = [base.get(file), target.get(file), user.get(file)];
    if (sameFile(mine, next)) continue;
    // A file check needs comes back even where the change leaves it as it was: the user deleted it, or moved it aside.
    if (sameFile(was, next) && !(mine === undefined && NEEDED.has(file))) continue;
    if (!next) {
      if (!mine) continue;
      if (sameFile(mine, was)) {
        plan.removes.push(file);
        plan.outcomes.push({ file, outcome: 'removed' });
      } else plan.outcomes.push({ file, outcome: 'kept-edited' });
      continue;
    }
    if (!mine) {
      if (!was) write(file, next.content, next.mode, 'created');
      else if (NEEDED.has(file)) write(file, next.content, next.mode, 'recreated');
      else plan.outcomes.push({ file, outcome: 'deleted-by-you' });
      continue;
    }
    if (!was) {
      plan.outcomes.push({ file, outcome: holdsEveryLine(mine, next) ? 'yours-holds-it' : 'yours-in-the-way' });
      continue;
    }
    if (sameFile(mine, was)) {
      // The user's permissions stay (a read-only or private file); the executable bit is the template's.
      write(file, next.content, (mine.mode & ~0o111) | (next.mode & 0o111), 'updated');
      continue;
    }
    const merged = await mergeFile(file, was.content, next.content, mine.content, renames);
    if (merged.content.equals(mine.content) && merged.conflicts.length === 0) continue;
    write(file, merged.content, mine.mode, merged.conflicts.length > 0 ? 'conflict' : 'merged', { how: merged.how, conflicts: merged.conflicts });
  }
  return plan;
}

/** Whether `mine` is `next` with lines added and none changed or taken out (the same executable bit too). */
function holdsEveryLine(mine: TreeFile, next: TreeFile): boolean {
  if ((mine.mode & 0o111) !== (next.mode & 0o111)) return false;
  const wanted = next.content.toString('utf8').split('\n');
  let found = 0;
  for (const line of mine.content.toString('utf8').split('\n')) if (found < wanted.length && line === wanted[found]) found++;
  return found === wanted.length;
}

/** Same bytes and the same executable bit; both absent counts as the same. */
function sameFile(a: TreeFile | undefined, b: TreeFile | undefined): boolean {
  if (!a || !b) return a === b;
  return a.content.equals(b.content) && (a.mode & 0o111) === (b.mode & 0o111);
}
