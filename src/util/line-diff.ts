type LineEdit = { kind: ' ' | '-' | '+'; text: string; before: number; after: number };

/** git's mark for a last line without a newline; in a hunk, it follows that line. */
export const NO_NEWLINE = '\\ No newline at end of file';

/**
 * The lines that changed from `before` to `after`, as the hunks of a unified diff (`@@ -a,b +c,d @@`,
 * then lines starting with " ", "-" or "+"), with `context` unchanged lines around each change.
 * A text's lines are those its newlines end (an empty text has none: a new file is `@@ -0,0 +1,n @@`);
 * a last line without a newline is followed by NO_NEWLINE, as git prints it.
 * A longest-common-subsequence walk: quadratic, meant for a pack's files of a few hundred lines.
 */
export function unifiedDiff(before: string, after: string, context = 2): string[] {
  const edits = lineEdits(textLines(before), textLines(after));
  const lines: string[] = [];
  for (let index = 0; index < edits.length; ) {
    if (edits[index]!.kind === ' ') {
      index++;
      continue;
    }
    let lastChange = index;
    for (let next = index; next < edits.length && next - lastChange <= 2 * context; next++) if (edits[next]!.kind !== ' ') lastChange = next;
    const hunk = edits.slice(Math.max(0, index - context), Math.min(edits.length, lastChange + context + 1));
    const removed = hunk.filter((edit) => edit.kind !== '+').length;
    const added = hunk.filter((edit) => edit.kind !== '-').length;
    // A range of no lines starts at the line before it (0 for the start of the file), as diff and git print it.
    const start = (line: number, count: number) => (count === 0 ? line : line + 1);
    lines.push(`@@ -${start(hunk[0]!.before, removed)},${removed} +${start(hunk[0]!.after, added)},${added} @@`, ...hunk.flatMap((edit) => (edit.kind + edit.text).split('\n')));
    index = lastChange + context + 1;
  }
  return lines;
}

/** The lines of a text; a last line without a newline carries NO_NEWLINE (so it differs from the same line with one). */
function textLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  else lines[lines.length - 1] += `\n${NO_NEWLINE}`;
  return lines;
}

function lineEdits(before: string[], after: string[]): LineEdit[] {
  // common[i][j]: length of the longest common subsequence of before[i..] and after[j..].
  const common = Array.from({ length: before.length + 1 }, () => new Uint32Array(after.length + 1));
  for (let i = before.length - 1; i >= 0; i--)
    for (let j = after.length - 1; j >= 0; j--)
      common[i]![j] = before[i] === after[j] ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
  const edits: LineEdit[] = [];
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    if (i < before.length && j < after.length && before[i] === after[j]) edits.push({ kind: ' ', text: before[i++]!, before: i - 1, after: j++ });
    // On a tie, the removed line comes first, as diff and git print it.
    else if (i < before.length && (j === after.length || common[i + 1]![j]! >= common[i]![j + 1]!)) edits.push({ kind: '-', text: before[i++]!, before: i - 1, after: j });
    else edits.push({ kind: '+', text: after[j++]!, before: i, after: j - 1 });
  }
  return edits;
}
