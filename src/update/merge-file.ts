import { type EnvRenames, NO_RENAMES } from './env-renames.js';
import { type TextMerge, mergeJsonTexts, mergeYamlTexts } from './merge-documents.js';
import { conflictCount, formatParts, joinInsertions, parseDiff3 } from './conflict-blocks.js';
import { mergeLines } from './merge-lines.js';
import { endsLinesWithCrlf, toCrlf, toLf } from '../util/line-ends.js';

// One file the user edited, with the change merged in: structured for the pack's JSON and YAML
// files, by lines for the rest (and for a structured file whose merge found a conflict, so the
// conflict is marked in the file where the user resolves it). In a file of independent lines,
// lines both sides inserted at the same place are both kept (the user's, then the change's), and
// lines one side inserted beside lines the other changed are no conflict (see joinInsertions).

const JSON_FILES = new Set(['khal-app.json', '.khal-pack.json', 'package.json', 'package/package.json', 'service/package.json', 'helm/values.schema.json']);
const YAML_FILES = new Set(['helm/values.yaml', 'helm/Chart.yaml']);
/** The structured files that hold env keys: an env entry the change renames is renamed in them before the merge (env-renames.ts). */
const ENV_KEY_FILES = new Set(['khal-app.json', '.khal-pack.json', 'helm/values.schema.json', 'helm/values.yaml']);
/**
 * Files whose lines stand each on their own: the order of lines inserted at one place does not
 * matter, and an insertion beside a change is no conflict. In the pack's README (prose) only the
 * second holds: a line of yours beside a line the change rewrites is a note on it; two texts
 * inserted at one place stay a conflict, for you to order.
 */
const JOINED_INSERTIONS = new Map<string, { bothInserted: boolean }>([
  ...['service/.env.example', '.gitignore', 'helm/.helmignore'].map((file) => [file, { bothInserted: true }] as const),
  ['README.md', { bothInserted: false }],
]);

export interface FileMerge {
  content: Buffer;
  how: 'structured' | 'lines';
  /** Empty when the merge is clean; else where the conflicts are. */
  conflicts: string[];
}

/** A file the user keeps with CRLF line ends is merged as LF, as the kit writes it, and given its CRLF back: else every line differs, and the whole file is one conflict. */
export async function mergeFile(file: string, base: Buffer, target: Buffer, user: Buffer, renames = NO_RENAMES): Promise<FileMerge> {
  // latin1: one character a byte, so a text that is not UTF-8 comes back byte for byte.
  const userText = user.toString('latin1');
  if (!endsLinesWithCrlf(userText) || endsLinesWithCrlf(target.toString('latin1'))) return mergeSameLineEnds(file, base, target, user, renames);
  const merged = await mergeSameLineEnds(file, base, target, Buffer.from(toLf(userText), 'latin1'), renames);
  return { ...merged, content: Buffer.from(toCrlf(merged.content.toString('latin1')), 'latin1') };
}

async function mergeSameLineEnds(file: string, base: Buffer, target: Buffer, user: Buffer, renames: EnvRenames): Promise<FileMerge> {
  const structured = structuredMerge(file, base.toString(), target.toString(), user.toString(), ENV_KEY_FILES.has(file) ? renames : NO_RENAMES);
  if (structured && structured.conflicts.length === 0) return { content: Buffer.from(structured.text), how: 'structured', conflicts: [] };
  // A structured merge with conflicts: only the conflicting values differ between its three sides, so only they are marked.
  const byLines = structured?.sides
    ? await mergeLines(Buffer.from(structured.sides.base), Buffer.from(structured.sides.target), Buffer.from(structured.text))
    : await mergeLines(base, target, user);
  const rules = JOINED_INSERTIONS.get(file);
  const lines = rules ? joinedInsertions(byLines, rules) : byLines;
  if (lines.conflicts === 0) return { content: lines.content, how: 'lines', conflicts: [] };
  const where = structured?.conflicts ?? [`${lines.conflicts} ${lines.conflicts === 1 ? 'place' : 'places'}`];
  return { content: lines.content, how: 'lines', conflicts: where };
}

function structuredMerge(file: string, base: string, target: string, user: string, renames: EnvRenames): TextMerge | undefined {
  if (JSON_FILES.has(file)) return mergeJsonTexts(base, target, user, renames);
  if (YAML_FILES.has(file)) return mergeYamlTexts(base, target, user, renames);
  return undefined;
}

/** The line merge with every conflict of two insertions at one place resolved (see joinInsertions). */
function joinedInsertions(merge: { content: Buffer; conflicts: number }, rules: { bothInserted: boolean }): { content: Buffer; conflicts: number } {
  if (merge.conflicts === 0) return merge;
  const parts = parseDiff3(merge.content.toString());
  if (!parts || conflictCount(parts) !== merge.conflicts) return merge;
  const joined = joinInsertions(parts, rules);
  return { content: Buffer.from(formatParts(joined)), conflicts: conflictCount(joined) };
}
