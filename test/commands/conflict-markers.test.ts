import { describe, expect, it } from 'vitest';
import { conflictMarkerFindings } from '../../src/checks/conflict-markers.js';
import { editText, folderState, khalPack, scenarioCopy } from './support.js';

// A merge conflict git left in a pack (after a merge or a rebase) fails check, as one a khal-pack
// change left does, and no change merges into the file that holds it.

const GIT_CONFLICT = '<<<<<<< HEAD\nOurs.\n=======\nTheirs.\n>>>>>>> feature\n';

describe('conflict markers', () => {
  it("finds git's and the kit's, each by the line it opens on; a mention of a marker, or half a conflict, is none", () => {
    const kit = '<<<<<<< yours\na\n||||||| as generated\nb\n=======\nc\n>>>>>>> the change\n';
    expect(conflictMarkerFindings('README.md', `# Title\n${GIT_CONFLICT}${kit}`).map((finding) => [finding.field, finding.problem.split(' (')[0]])).toEqual([
      ['line 2', 'holds a merge conflict left unresolved'],
      ['line 7', 'holds a conflict a khal-pack change left to resolve'],
    ]);
    expect(conflictMarkerFindings('README.md', 'Markers look like `<<<<<<< yours` … `>>>>>>> the change`.\n')).toEqual([]);
    expect(conflictMarkerFindings('README.md', '<<<<<<< HEAD\nonly the start\n')).toEqual([]);
    // The kit's opening marker left alone (the rest deleted): still a conflict, as it always was.
    expect(conflictMarkerFindings('README.md', 'a\n<<<<<<< yours\nmine\n').map((finding) => finding.field)).toEqual(['line 2']);
    expect(conflictMarkerFindings('README.md', '<<<<<<< yours\nmine\n<<<<<<< HEAD\nx\n=======\ny\n>>>>>>> b\n').map((finding) => finding.field)).toEqual(['line 1', 'line 3']);
    expect(conflictMarkerFindings('a.txt', GIT_CONFLICT.replaceAll('\n', '\r\n'))).toHaveLength(1);
  });

  it("a pack with git's markers fails check (exit 1, naming the line), and a change that would merge into that file refuses", async () => {
    const folder = await scenarioCopy('full-stack-four-env');
    await editText(folder, 'README.md', (text) => `${text}\n${GIT_CONFLICT}`);
    const check = await khalPack(['check', folder]);
    expect(check.exitCode).toBe(1);
    expect(check.stdout).toMatch(/error {3}README\.md line \d+: holds a merge conflict left unresolved \("<<<<<<< HEAD" … ">>>>>>> feature"\)/);
    const before = await folderState(folder);
    const change = await khalPack(['env', 'set', 'POLL_SECONDS', '--description', 'Seconds between readings', '--dir', folder, '--yes']);
    expect(change.exitCode).toBe(1);
    expect(change.stderr).toContain('README.md still holds a marked conflict, from an earlier change or a git merge');
    expect(await folderState(folder)).toEqual(before);
  });
});
