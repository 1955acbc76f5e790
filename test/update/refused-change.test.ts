import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { locatePackFolder } from '../../src/checks/pack-reader.js';
import { applyChange } from '../../src/update/apply-change.js';
import { type Tree } from '../../src/update/plan-change.js';
import { RunGuard } from '../../src/write/run-guard.js';
import { folderState, scenarioCopy } from '../commands/support.js';

// The one mechanism every change of a pack goes through (add env, env, set, update): a change
// whose result would fail khal-pack check, where the pack did not, is refused before anything
// is written, naming what would fail; the pack stays byte for byte as it was, with no staging
// folder or lock left beside it.

/** The pack's files as they are, as a tree: the base, and the target once edited. */
async function treeOfFolder(folder: string): Promise<Tree> {
  const state = await folderState(folder);
  return new Map(Object.entries(state).map(([file, text]) => [file, { content: Buffer.from(text), mode: 0o644 }]));
}

describe('a change that would leave the pack failing its check', () => {
  it('is refused with the finding, and leaves the pack, its folder and its parent as they were', async () => {
    const folder = await scenarioCopy('full-stack-four-env');
    const before = await folderState(folder);
    const base = await treeOfFolder(folder);
    const target: Tree = new Map(base);
    // The chart's version no longer that of the manifest: a cross-file error check reports.
    const chart = base.get('helm/Chart.yaml')!;
    target.set('helm/Chart.yaml', { ...chart, content: Buffer.from(chart.content.toString().replace(/^version: .*$/m, 'version: "9.9.9"')) });

    const change = applyChange({ location: await locatePackFolder(folder, 'test'), guard: new RunGuard(), trees: async () => ({ base, target }) });
    await expect(change).rejects.toThrow(/would leave the pack failing khal-pack check, so nothing was changed:[\s\S]*helm\/Chart\.yaml/);
    expect(await folderState(folder)).toEqual(before);
    expect(await readdir(path.dirname(folder))).toEqual([path.basename(folder)]);
  });
});
