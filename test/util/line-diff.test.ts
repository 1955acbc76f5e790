import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../src/util/line-diff.js';
import { applyDiff } from '../support/apply-diff.js';

describe('unifiedDiff', () => {
  it('shows an added line with two lines of context', () => {
    expect(unifiedDiff('a\nb\nc\nd\ne\n', 'a\nb\nc\nX\nd\ne\n')).toEqual(['@@ -2,4 +2,5 @@', ' b', ' c', '+X', ' d', ' e']);
  });

  it('gives nothing for equal texts, and one hunk for changes close together', () => {
    expect(unifiedDiff('same\n', 'same\n')).toEqual([]);
    expect(unifiedDiff('1\n2\n3\n4\n5\n6\n7\n8\n9\n', '1\nX\n3\n4\n5\nY\n7\n8\n9\n').filter((line) => line.startsWith('@@'))).toHaveLength(1);
    expect(unifiedDiff('1\n2\n3\n4\n5\n6\n7\n8\n9\n', 'X\n2\n3\n4\n5\n6\n7\n8\nY\n').filter((line) => line.startsWith('@@'))).toHaveLength(2);
  });

  it('a new file is all added lines from line 0, a removed one all removed lines; no phantom empty line for the last newline', () => {
    expect(unifiedDiff('', 'a\nb\n')).toEqual(['@@ -0,0 +1,2 @@', '+a', '+b']);
    expect(unifiedDiff('a\nb\n', '')).toEqual(['@@ -1,2 +0,0 @@', '-a', '-b']);
    expect(unifiedDiff('a\n', 'a\nb\n')).toEqual(['@@ -1,1 +1,2 @@', ' a', '+b']);
  });

  it('marks a last line without a newline, as git does', () => {
    expect(unifiedDiff('a\nb', 'a\nb\n')).toEqual(['@@ -1,2 +1,2 @@', ' a', '-b', '\\ No newline at end of file', '+b']);
    expect(unifiedDiff('', 'x')).toEqual(['@@ -0,0 +1,1 @@', '+x', '\\ No newline at end of file']);
  });

  it('turns any text into any other when its hunks are applied', () => {
    const text = fc.array(fc.constantFrom('a', 'b', 'c', 'd', ''), { maxLength: 30 }).map((lines) => lines.join('\n'));
    fc.assert(
      fc.property(text, text, (before, after) => {
        expect(applyDiff(before, unifiedDiff(before, after))).toBe(after);
      }),
      { numRuns: 500 },
    );
  });
});
