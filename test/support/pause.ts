import type { ResultPromise } from 'execa';

/**
 * Waits until a run started with KHAL_PACK_TEST_PAUSE_AT=`phase` says it paused there (see
 * RunGuard.pauseForTests); rejects when it exits first. The kill tests land their signal then.
 */
export function pausedAt(child: ResultPromise, phase: string): Promise<void> {
  let stderr = '';
  return new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes(`[test] paused at ${phase}`)) resolve();
    });
    child.on('exit', () => reject(new Error(`exited before pausing at ${phase}:\n${stderr}`)));
  });
}
