import path from 'node:path';
import { readdir } from 'node:fs/promises';
import { execa } from 'execa';
import { pausedAt } from '../support/pause.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { KHAL_PACK, editText, folderState } from '../commands/support.js';
import { buildOldKit, packMadeBy } from './kits.js';

// An interrupt at any moment of `khal-pack update` leaves the pack byte for byte as it was
// (or, once the write is whole, updated whole), and no staging folder beside it.

let oldKit: string;
beforeAll(async () => {
  oldKit = await buildOldKit();
});

function startUpdate(folder: string, pauseAt?: string) {
  return execa('node', [KHAL_PACK, 'update', folder, '--base-kit', oldKit], {
    reject: false,
    stdin: 'ignore',
    env: { NO_COLOR: '1', XDG_CACHE_HOME: path.dirname(folder), ...(pauseAt ? { KHAL_PACK_TEST_PAUSE_AT: pauseAt } : {}) },
  });
}

/** An edited pack (so the update merges as well as replaces), and its state before. */
async function editedPack() {
  const folder = await packMadeBy(oldKit, 'full-stack-four-env');
  await editText(folder, 'helm/values.yaml', (text) => text.replace('replicaCount: 1', 'replicaCount: 3'));
  return { folder, before: await folderState(folder) };
}

const cases = ['render', 'verify', 'commit'].flatMap((phase) => (['SIGINT', 'SIGTERM'] as const).map((signal) => ({ phase, signal })));

describe('an interrupt during khal-pack update leaves the pack as it was', () => {
  it.each(cases)('$signal at $phase', async ({ phase, signal }) => {
    const { folder, before } = await editedPack();
    const child = startUpdate(folder, phase);
    await pausedAt(child, phase);
    child.kill(signal);
    const result = await child;
    expect(result.exitCode, result.stderr).toBe(130);
    expect(result.stderr).toContain('Interrupted: nothing was written.');
    expect(await folderState(folder)).toEqual(before);
  });

  it('a signal at random moments leaves the pack either as it was or updated whole, never a part', async () => {
    const { folder: reference } = await editedPack();
    const started = performance.now();
    expect((await startUpdate(reference)).exitCode).toBe(0);
    // The moments spread over one whole run, measured on this machine.
    const runTime = performance.now() - started;
    const packFiles = (state: Record<string, string>) => Object.fromEntries(Object.entries(state).filter(([file]) => file !== '..' && !file.startsWith('.git/')));
    const updated = packFiles(await folderState(reference));
    const outcomes = { untouched: 0, updated: 0 };
    for (const delay of [0.1, 0.3, 0.5, 0.65, 0.8, 0.9, 1, 1.2].map((share) => Math.round(share * runTime))) {
      const { folder, before } = await editedPack();
      const child = startUpdate(folder);
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill(outcomes.untouched % 2 === 0 ? 'SIGINT' : 'SIGTERM');
      await child;
      const after = await folderState(folder);
      expect((await readdir(path.dirname(folder))).filter((entry) => entry.includes('.khal-pack-'))).toEqual([]);
      if (JSON.stringify(after) === JSON.stringify(before)) outcomes.untouched++;
      else {
        expect(packFiles(after)).toEqual(updated);
        outcomes.updated++;
      }
    }
    console.log(`random-moment signals during update: ${outcomes.untouched} left the pack untouched, ${outcomes.updated} came after it was updated whole`);
  }, 120_000);
});
